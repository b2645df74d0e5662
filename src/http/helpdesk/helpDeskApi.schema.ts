// Request schemas of the Help-Desk-only JSON routes under /app/api.
import { Type } from "typebox";

export const ticketParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const ticketContactParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  contact_id: Type.String({ maxLength: 64 }),
});

export const addContactBody = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 64 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
);

export const linkBody = Type.Object(
  {
    type: Type.Union([Type.Literal("ticket"), Type.Literal("conversation")]),
    id: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const applyTrackerStateBody = Type.Object(
  { ticket_ids: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 })) },
  { additionalProperties: false },
);

export const companySuggestionsQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });
