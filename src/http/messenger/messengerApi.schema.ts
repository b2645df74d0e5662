// Request schemas of the Messenger window's JSON API (/messenger/api/...).
import { Type } from "typebox";

export const conversationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ticketNumberParams = Type.Object({
  number: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

export const messageBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 65_536 }) },
  { additionalProperties: false },
);

export const listQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});

export const createTicketBody = Type.Object(
  {
    ticket_type_id: Type.String({ maxLength: 64 }),
    company_id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    attributes: Type.Record(Type.String({ maxLength: 200 }), Type.Unknown()),
  },
  { additionalProperties: false },
);

export const frameParams = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }) });
