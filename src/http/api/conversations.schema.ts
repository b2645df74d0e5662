// Request schemas of the conversation endpoints.
import { Type } from "typebox";
import { id } from "./common.schema.ts";

export const conversationParams = Type.Object({ id: Type.String() });
export const participantParams = Type.Object({ id: Type.String(), contact_id: Type.String() });

export const createConversationBody = Type.Object({
  from: Type.Object({
    type: Type.Union([Type.Literal("user"), Type.Literal("lead"), Type.Literal("contact")]),
    id: Type.String(),
  }),
  body: Type.String({ minLength: 1, maxLength: 65536 }),
  created_at: Type.Optional(Type.Integer()),
});

export const attachCustomerBody = Type.Object({
  admin_id: Type.Optional(id),
  customer: Type.Object({
    intercom_user_id: Type.Optional(Type.String()),
    user_id: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
  }),
});

export const convertBody = Type.Object({
  ticket_type_id: id,
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
