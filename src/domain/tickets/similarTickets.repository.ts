// "Is this already reported?" for the portal's New ticket form: open tickets the viewer can see whose text matches.
//
// Full-text search over title and description (the customer-visible text) behind this one function: FTS5 on
// SQLite (tickets_fts, kept in sync by triggers), a GIN index on to_tsvector('simple', ...) on PostgreSQL
// (migration 20261126_0003_portal). Words are matched as prefixes, any of them; the best-ranked come first.
import { PostgresAdapter, sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { Ticket } from "../../db/schema.ts";
import { portalVisibility, type PortalViewer } from "./ticket.policy.ts";

export interface SimilarTicketsQuery {
  /** Tickets of this company; null: the viewer's own tickets (those they take part in). */
  companyId: string | null;
  /** What the person typed so far (title and/or description). */
  text: string;
  limit?: number;
}

const MAX_WORDS = 12;
export const MAX_SIMILAR_TICKETS = 20;

/** Words too common to say anything about similarity. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be but by can do does for from has have how i if in is it its me my no not of on or " +
    "our so that the their there this to was we what when where which who why will with you your"
  ).split(" "),
);

/**
 * The words of a text as search terms: letters and digits only (so nothing reaches the FTS query syntax),
 * lower-cased, without stop words and duplicates.
 */
export function searchWords(text: string): string[] {
  const words =
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 2 && !STOP_WORDS.has(w)))].slice(0, MAX_WORDS);
}

export async function findSimilarOpenTickets(
  db: Executor,
  viewer: PortalViewer,
  query: SimilarTicketsQuery,
): Promise<Ticket[]> {
  const words = searchWords(query.text);
  if (words.length === 0) return [];
  const limit = Math.max(1, Math.min(MAX_SIMILAR_TICKETS, Math.floor(query.limit ?? 5)));
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  const base = db
    .selectFrom("tickets")
    .where("tickets.workspace_id", "=", viewer.workspaceId)
    .where("tickets.open", "=", 1)
    .where(portalVisibility(viewer))
    .$if(query.companyId !== null, (qb) => qb.where("tickets.company_id", "=", query.companyId!))
    .$if(query.companyId === null, (qb) =>
      qb.where("tickets.id", "in", (eb) =>
        eb
          .selectFrom("ticket_contacts as tc")
          .select("tc.ticket_id")
          .where("tc.workspace_id", "=", viewer.workspaceId)
          .where("tc.contact_id", "=", viewer.contactId),
      ),
    );

  if (isPostgres) {
    // Must repeat the indexed expression exactly for the GIN index to serve it.
    const document = sql`to_tsvector('simple', tickets.title || ' ' || tickets.description)`;
    const tsquery = sql`to_tsquery('simple', ${words.map((w) => `${w}:*`).join(" | ")})`;
    return base
      .selectAll("tickets")
      .where(sql<boolean>`${document} @@ ${tsquery}`)
      .orderBy(sql`ts_rank(${document}, ${tsquery})`, "desc")
      .orderBy("tickets.updated_at", "desc")
      .orderBy("tickets.id", "desc")
      .limit(limit)
      .execute();
  }
  const match = words.map((w) => `"${w}"*`).join(" OR ");
  const matches = sql<{ ticket_id: string; rank: number }>`(
    select k.ticket_id as ticket_id, bm25(tickets_fts) as rank
    from tickets_fts join tickets_fts_keys k on k.fts_rowid = tickets_fts.rowid
    where tickets_fts match ${match} and k.workspace_id = ${viewer.workspaceId}
  )`.as("m");
  return base
    .innerJoin(matches, (join) => join.onRef("m.ticket_id", "=", "tickets.id"))
    .selectAll("tickets")
    .orderBy("m.rank") // bm25: lower is better
    .orderBy("tickets.updated_at", "desc")
    .orderBy("tickets.id", "desc")
    .limit(limit)
    .execute();
}
