// Request schemas of the Messenger window's JSON API (/messenger/api/...).
import { Type } from "typebox";
import { ticketNumber } from "../params.schema.ts";

export const conversationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ticketNumberParams = Type.Object({
  number: ticketNumber,
});

export const messageBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 65_536 }) },
  { additionalProperties: false },
);

export const listQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});

/** A new ticket from the Messenger's form: the same body as the portal's New ticket form. */
export { createTicketBody } from "../portal/portal.schema.ts";

export const frameParams = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }) });
