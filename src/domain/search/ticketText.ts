// Narrowing a ticket search by its text condition through the trigram index (migration 0007), on SQLite.
//
// A query whose result needs a text match (`~`, `^`, `$` on title or description, at least three characters)
// first asks the trigram index which tickets contain the text: a superset of the exact matches, since the
// index folds case and diacritics. The exact condition still runs on tickets; the candidates only keep the
// query from reading tickets that cannot match. Few candidates are looked up one by one; more are a set the
// index walk in sort order tests each entry against (SQLite builds a Bloom filter for it); text found in
// more tickets than CANDIDATE_LIMIT is common enough that walking the sort order finds a page quickly.
// PostgreSQL needs none of this: its trigram GIN indexes serve `lower(col) like` directly.
import { sql, type Expression, type SqlBool } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { ParsedSearch } from "./searchQuery.ts";

/** Above this many candidates (in all workspaces) the text is common: the query runs without them. */
export const CANDIDATE_LIMIT = 20_000;
/** Up to this many candidates are bound as a list and looked up by key; more become a set to test against. */
const LOOKUP_LIMIT = 300;
const TEXT_COLUMNS = new Set(["title", "description"]);
const SUBSTRING_OPERATORS = new Set(["~", "^", "$"]);

/** A trigram needs three characters; shorter text is found only by reading the rows. */
const longEnough = (text: string) => [...text].length >= 3;

/** An FTS5 phrase: the text in double quotes, quotes doubled. */
const phrase = (column: string, text: string) => `{${column}} : "${text.replaceAll('"', '""')}"`;

/**
 * The FTS5 query every row of the result must match, or null when the query's result does not depend on
 * one: a text filter, any such part of an AND, or an OR whose every branch has one.
 */
export function necessaryTextMatch(parsed: ParsedSearch<"tickets">): string | null {
  if (parsed.kind === "filter") {
    const { field, condition } = parsed;
    if (!TEXT_COLUMNS.has(field) || !SUBSTRING_OPERATORS.has(condition.operator)) return null;
    const text = String(condition.value);
    return longEnough(text) ? phrase(field, text) : null;
  }
  const parts = parsed.children.map(necessaryTextMatch);
  if (parsed.operator === "AND") {
    // The longest text has the rarest trigrams, as a rule.
    const found = parts.filter((p): p is string => p !== null);
    return found.length === 0 ? null : found.reduce((a, b) => (b.length > a.length ? b : a));
  }
  return parts.every((p) => p !== null) ? parts.map((p) => `(${p})`).join(" OR ") : null;
}

/**
 * The condition that keeps a ticket query to the candidates of an FTS5 trigram query, or null when the
 * text is too common for candidates to help.
 */
export async function ticketTextCandidates(
  db: Executor,
  workspaceId: string,
  match: string,
): Promise<Expression<SqlBool> | null> {
  const found = await sql<{ rowid: number }>`select rowid from tickets_trigram
    where tickets_trigram match ${match} limit ${CANDIDATE_LIMIT + 1}`.execute(db);
  if (found.rows.length > CANDIDATE_LIMIT) return null;
  if (found.rows.length === 0) return sql<SqlBool>`1 = 0`;
  // The keys of this workspace only; "+" keeps SQLite from walking the workspace's keys instead.
  const keys = await sql<{ ticket_id: string }>`select ticket_id from tickets_fts_keys
    where fts_rowid in (select value from json_each(${JSON.stringify(found.rows.map((r) => r.rowid))}))
    and +workspace_id = ${workspaceId}`.execute(db);
  const ids = keys.rows.map((r) => r.ticket_id);
  if (ids.length === 0) return sql<SqlBool>`1 = 0`;
  if (ids.length <= LOOKUP_LIMIT) return sql<SqlBool>`tickets.id in (${sql.join(ids)})`;
  return sql<SqlBool>`tickets.id in (select value from json_each(${JSON.stringify(ids)}))`;
}
