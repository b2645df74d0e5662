// Conversation queries.
import type { Executor } from "../../db/database.ts";
import type { Conversation } from "../../db/schema.ts";

export function findConversation(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<Conversation | undefined> {
  return db
    .selectFrom("conversations")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function listConversationParticipantIds(
  db: Executor,
  workspaceId: string,
  conversationId: string,
) {
  const rows = await db
    .selectFrom("conversation_participants")
    .select("contact_id")
    .where("workspace_id", "=", workspaceId)
    .where("conversation_id", "=", conversationId)
    .orderBy("created_at")
    .orderBy("contact_id")
    .execute();
  return rows.map((r) => r.contact_id);
}

export async function isConversationParticipant(
  db: Executor,
  workspaceId: string,
  conversationId: string,
  contactId: string,
) {
  const row = await db
    .selectFrom("conversation_participants")
    .select("contact_id")
    .where("workspace_id", "=", workspaceId)
    .where("conversation_id", "=", conversationId)
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
  return row !== undefined;
}

export function listConversationParts(db: Executor, workspaceId: string, conversationId: string) {
  return db
    .selectFrom("conversation_parts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("conversation_id", "=", conversationId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}
