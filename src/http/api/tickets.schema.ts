// Request schemas of the ticket endpoints (2.14 fields, plus the 2.11 ones older clients send).
import { Type } from "typebox";
import { id } from "./common.schema.ts";
const contactRef = Type.Object({
  id: Type.Optional(Type.String()),
  external_id: Type.Optional(Type.String()),
  email: Type.Optional(Type.String({ maxLength: 254 })),
});

export const ticketParams = Type.Object({ id: Type.String() });

export const createTicketBody = Type.Object({
  ticket_type_id: id,
  contacts: Type.Array(contactRef, { maxItems: 100 }),
  company_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  ticket_attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  conversation_to_link_id: Type.Optional(id),
  assignment: Type.Optional(
    Type.Object({ admin_assignee_id: Type.Optional(id), team_assignee_id: Type.Optional(id) }),
  ),
  created_at: Type.Optional(Type.Integer({ minimum: 0 })),
  skip_notifications: Type.Optional(Type.Boolean()),
  is_shared: Type.Optional(Type.Boolean()),
});

export const updateTicketBody = Type.Object({
  ticket_attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  ticket_state_id: Type.Optional(id),
  /** 2.11: a state category name instead of a state id. */
  state: Type.Optional(Type.String()),
  company_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  open: Type.Optional(Type.Boolean()),
  is_shared: Type.Optional(Type.Boolean()),
  snoozed_until: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  assignee_id: Type.Optional(id),
  admin_id: Type.Optional(id),
  /** 2.11: `assignment: {admin_id, assignee_id}`. */
  assignment: Type.Optional(Type.Object({ admin_id: Type.Optional(id), assignee_id: Type.Optional(id) })),
});
