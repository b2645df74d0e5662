// Query and path schemas of the portal pages and the portal's JSON API.
import { Type } from "typebox";
import { ticketNumber } from "../params.schema.ts";

export const listQuery = Type.Object({
  state: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 100 }),
      Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 }),
    ]),
  ),
  company: Type.Optional(Type.String({ maxLength: 64 })),
  mine: Type.Optional(Type.Union([Type.Literal("1"), Type.Literal("0")])),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(Type.Union([Type.Literal("updated"), Type.Literal("created")])),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const ticketNumberParams = Type.Object({
  number: ticketNumber,
  slug: Type.Optional(Type.String()),
});
export const slugParams = Type.Object({ slug: Type.Optional(Type.String()) });

export const replyBody = Type.Object(
  { body: Type.String({ maxLength: 65_536 }) },
  { additionalProperties: false },
);

export const createTicketBody = Type.Object(
  {
    ticket_type_id: Type.String({ maxLength: 64 }),
    company_id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    attributes: Type.Record(Type.String({ maxLength: 200 }), Type.Unknown()),
  },
  { additionalProperties: false },
);

export const similarQuery = Type.Object({
  company: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.String({ maxLength: 1000 }),
});
