// Schemas shared by several API resources: ids, pagination, the search body, replies.
import { Type } from "typebox";

/** Ids arrive as strings, and from some clients as numbers (Intercom's own ids were numeric). */
export const id = Type.Union([Type.String(), Type.Integer()]);

export const pageQuery = Type.Object({
  per_page: Type.Optional(Type.Integer()),
  starting_after: Type.Optional(Type.String()),
});

const filter = Type.Object({ field: Type.String(), operator: Type.String(), value: Type.Unknown() });
const group = Type.Object({ operator: Type.String(), value: Type.Array(Type.Unknown()) });
export const searchBody = Type.Object({
  query: Type.Union([filter, group]),
  pagination: Type.Optional(
    Type.Object({
      per_page: Type.Optional(Type.Integer()),
      starting_after: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
  ),
  sort: Type.Optional(Type.Object({ field: Type.String(), order: Type.Optional(Type.String()) })),
});

/** A reply on a ticket or a conversation, by an admin or by a contact. */
export const replyBody = Type.Object({
  message_type: Type.Union([Type.Literal("comment"), Type.Literal("note"), Type.Literal("quick_reply")]),
  type: Type.Union([Type.Literal("admin"), Type.Literal("user")]),
  body: Type.String({ maxLength: 65536 }),
  admin_id: Type.Optional(id),
  intercom_user_id: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  created_at: Type.Optional(Type.Integer()),
  attachment_urls: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
});
