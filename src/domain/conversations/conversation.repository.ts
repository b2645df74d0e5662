// Conversation queries: one conversation, its people and parts, and the views presenters need (batched).
import type { Executor } from "../../db/database.ts";
import type { Company, Conversation } from "../../db/schema.ts";
import { listContactsByIds } from "../contacts/contact.repository.ts";
import { listTeammateSummaries } from "../teammates/teammate.repository.ts";
import type { ConversationView } from "./conversation.presenter.ts";

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

/** Everything presentConversation needs for one conversation. */
export async function loadConversationView(
  db: Executor,
  conversation: Conversation,
): Promise<ConversationView> {
  return (await loadConversationViews(db, conversation.workspace_id, [conversation]))[0]!;
}

/**
 * Everything presentConversation needs for a page of conversations, in a fixed number of queries whatever
 * the page's size: participants, parts, linked tickets, then the people and companies they name.
 */
export async function loadConversationViews(
  db: Executor,
  workspaceId: string,
  conversations: readonly Conversation[],
): Promise<ConversationView[]> {
  if (conversations.length === 0) return [];
  const ws = workspaceId;
  const ids = conversations.map((c) => c.id);
  const [participantRows, parts, linked] = await Promise.all([
    db
      .selectFrom("conversation_participants")
      .select(["conversation_id", "contact_id"])
      .where("workspace_id", "=", ws)
      .where("conversation_id", "in", ids)
      .orderBy("created_at")
      .orderBy("contact_id")
      .execute(),
    db
      .selectFrom("conversation_parts")
      .selectAll()
      .where("workspace_id", "=", ws)
      .where("conversation_id", "in", ids)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("tickets")
      .select(["id", "category", "linked_conversation_id"])
      .where("workspace_id", "=", ws)
      .where("linked_conversation_id", "in", ids)
      .execute(),
  ]);
  const contactIds = [
    ...new Set([
      ...participantRows.map((p) => p.contact_id),
      ...parts.filter((p) => p.author_type === "user" && p.author_id).map((p) => p.author_id!),
    ]),
  ];
  const teammateIds = [
    ...new Set(parts.filter((p) => p.author_type === "admin" && p.author_id).map((p) => p.author_id!)),
  ];
  const participantIds = [...new Set(participantRows.map((p) => p.contact_id))];
  const [contacts, teammates, memberships] = await Promise.all([
    listContactsByIds(db, ws, contactIds),
    listTeammateSummaries(db, ws, teammateIds),
    participantIds.length === 0
      ? []
      : db
          .selectFrom("company_memberships as cm")
          .innerJoin("companies as co", (j) =>
            j.onRef("co.workspace_id", "=", "cm.workspace_id").onRef("co.id", "=", "cm.company_id"),
          )
          .selectAll("co")
          .select("cm.contact_id")
          .where("cm.workspace_id", "=", ws)
          .where("cm.contact_id", "in", participantIds)
          .orderBy("co.name")
          .orderBy("co.id")
          .execute(),
  ]);
  const contactsById = new Map(contacts.map((c) => [c.id, c]));
  const teammatesById = new Map(teammates.map((t) => [t.id, t]));
  return conversations.map((conversation) => {
    const own = participantRows.filter((p) => p.conversation_id === conversation.id).map((p) => p.contact_id);
    const ownSet = new Set(own);
    const companies = new Map<string, Company>();
    for (const { contact_id: contactId, ...company } of memberships) {
      if (ownSet.has(contactId)) companies.set(company.id, company);
    }
    const ownParts = parts.filter((p) => p.conversation_id === conversation.id);
    const ticket = linked.find((t) => t.linked_conversation_id === conversation.id);
    return {
      conversation,
      participants: own.map((id) => contactsById.get(id)!).filter(Boolean),
      parts: ownParts,
      teammates: teammatesById,
      contactsById,
      companies: [...companies.values()],
      linkedTicket: ticket ? { id: ticket.id, category: ticket.category } : null,
    };
  });
}
