// Conversation queries.
import type { Executor } from "../../db/database.ts";
import type { Conversation } from "../../db/schema.ts";
import { listTeammateSummaries } from "../teammates/teammate.repository.ts";

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

/** Everything presentConversation needs, in a fixed number of queries. */
export async function loadConversationView(db: Executor, conversation: Conversation) {
  const ws = conversation.workspace_id;
  const [participantIds, parts, linked] = await Promise.all([
    listConversationParticipantIds(db, ws, conversation.id),
    listConversationParts(db, ws, conversation.id),
    db
      .selectFrom("tickets")
      .select(["id", "category"])
      .where("workspace_id", "=", ws)
      .where("linked_conversation_id", "=", conversation.id)
      .executeTakeFirst(),
  ]);
  const contactIds = [
    ...new Set([
      ...participantIds,
      ...parts.filter((p) => p.author_type === "user" && p.author_id).map((p) => p.author_id!),
    ]),
  ];
  const teammateIds = [
    ...new Set(parts.filter((p) => p.author_type === "admin" && p.author_id).map((p) => p.author_id!)),
  ];
  const [contacts, teammates] = await Promise.all([
    contactIds.length === 0
      ? []
      : db
          .selectFrom("contacts")
          .selectAll()
          .where("workspace_id", "=", ws)
          .where("id", "in", contactIds)
          .execute(),
    listTeammateSummaries(db, ws, teammateIds),
  ]);
  const contactsById = new Map(contacts.map((c) => [c.id, c]));
  return {
    conversation,
    participants: participantIds.map((id) => contactsById.get(id)!).filter(Boolean),
    parts,
    teammates: new Map(teammates.map((t) => [t.id, t])),
    contactsById,
    linkedTicket: linked ? { id: linked.id, category: linked.category } : null,
  };
}
