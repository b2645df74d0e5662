// The Messenger's Messages space: a contact's conversations, newest first, with the last public message
// and how many teammate messages they have not read yet (the launcher's unread badge).
import type { Executor } from "../../db/database.ts";
import type { PortalViewer } from "../tickets/ticket.policy.ts";
import { listContactsByIds } from "../contacts/contact.repository.ts";
import { listTeammateSummaries } from "../teammates/teammate.repository.ts";

export interface InboxConversation {
  id: string;
  title: string | null;
  open: boolean;
  updatedAt: number;
  lastPart: {
    body: string;
    authorType: "admin" | "user" | "bot";
    authorId: string | null;
    /** The teammate's or the customer's name (other customers too: they share the conversation). */
    authorName: string | null;
    createdAt: number;
  } | null;
  unread: number;
}

/** Comments written by someone other than the reader, after what the reader has seen. */
function unreadCounts(db: Executor, viewer: PortalViewer, conversationIds: string[] | null) {
  let query = db
    .selectFrom("conversation_participants as cp")
    .innerJoin("conversation_parts as p", (join) =>
      join
        .onRef("p.workspace_id", "=", "cp.workspace_id")
        .onRef("p.conversation_id", "=", "cp.conversation_id"),
    )
    .select(["cp.conversation_id", (eb) => eb.fn.countAll<string | number>().as("unread")])
    .where("cp.workspace_id", "=", viewer.workspaceId)
    .where("cp.contact_id", "=", viewer.contactId)
    .where("p.part_type", "=", "comment")
    .where((eb) => eb.or([eb("p.author_type", "!=", "user"), eb("p.author_id", "!=", viewer.contactId)]))
    .where((eb) => eb("p.created_at", ">", eb.fn.coalesce("cp.last_read_at", eb.lit(0))))
    .groupBy("cp.conversation_id");
  if (conversationIds) query = query.where("cp.conversation_id", "in", conversationIds);
  return query.execute();
}

export async function countUnreadMessages(db: Executor, viewer: PortalViewer): Promise<number> {
  const rows = await unreadCounts(db, viewer, null);
  return rows.reduce((sum, row) => sum + Number(row.unread), 0);
}

export async function listInboxConversations(
  db: Executor,
  viewer: PortalViewer,
  limit: number,
): Promise<InboxConversation[]> {
  const conversations = await db
    .selectFrom("conversation_participants as cp")
    .innerJoin("conversations as c", (join) =>
      join.onRef("c.workspace_id", "=", "cp.workspace_id").onRef("c.id", "=", "cp.conversation_id"),
    )
    .select(["c.id", "c.title", "c.open", "c.updated_at"])
    .where("cp.workspace_id", "=", viewer.workspaceId)
    .where("cp.contact_id", "=", viewer.contactId)
    .orderBy("c.updated_at", "desc")
    .orderBy("c.id", "desc")
    .limit(limit)
    .execute();
  if (conversations.length === 0) return [];
  const ids = conversations.map((c) => c.id);
  const [parts, unread] = await Promise.all([
    // The newest public message of each conversation, and only that one.
    db
      .selectFrom("conversation_parts as p")
      .select(["p.conversation_id", "p.body", "p.author_type", "p.author_id", "p.created_at"])
      .where("p.workspace_id", "=", viewer.workspaceId)
      .where("p.conversation_id", "in", ids)
      .where("p.id", "=", (eb) =>
        eb
          .selectFrom("conversation_parts as newest")
          .select("newest.id")
          .whereRef("newest.workspace_id", "=", "p.workspace_id")
          .whereRef("newest.conversation_id", "=", "p.conversation_id")
          .where("newest.part_type", "=", "comment")
          .orderBy("newest.created_at", "desc")
          .orderBy("newest.id", "desc")
          .limit(1),
      )
      .execute(),
    unreadCounts(db, viewer, ids),
  ]);
  const last = new Map(parts.map((part) => [part.conversation_id, part]));
  const authorIds = (type: "admin" | "user") => [
    ...new Set(
      [...last.values()].filter((p) => p.author_type === type && p.author_id).map((p) => p.author_id!),
    ),
  ];
  const [teammateRows, contactRows] = await Promise.all([
    listTeammateSummaries(db, viewer.workspaceId, authorIds("admin")),
    listContactsByIds(db, viewer.workspaceId, authorIds("user")),
  ]);
  const names = new Map<string, string | null>([
    ...teammateRows.map((t) => [`admin:${t.id}`, t.name] as const),
    ...contactRows.map((c) => [`user:${c.id}`, c.name] as const),
  ]);
  const unreadBy = new Map(unread.map((row) => [row.conversation_id, Number(row.unread)]));
  return conversations.map((c) => {
    const part = last.get(c.id);
    return {
      id: c.id,
      title: c.title,
      open: c.open === 1,
      updatedAt: c.updated_at,
      lastPart: part
        ? {
            body: part.body,
            authorType: part.author_type,
            authorId: part.author_id,
            authorName: names.get(`${part.author_type}:${part.author_id}`) ?? null,
            createdAt: part.created_at,
          }
        : null,
      unread: unreadBy.get(c.id) ?? 0,
    };
  });
}

/** Everything up to `at` has been seen; a later read never moves the mark back. */
export async function markConversationRead(
  db: Executor,
  viewer: PortalViewer,
  conversationId: string,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable("conversation_participants")
    .set({ last_read_at: at })
    .where("workspace_id", "=", viewer.workspaceId)
    .where("conversation_id", "=", conversationId)
    .where("contact_id", "=", viewer.contactId)
    .where((eb) => eb.or([eb("last_read_at", "is", null), eb("last_read_at", "<", at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
