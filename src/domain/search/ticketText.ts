// Narrowing a ticket search by its text condition through the trigram index (migration 0007), on SQLite.
//
// A query whose result needs a text match (`~`, `^`, `$` on title or description, at least three characters)
// first asks the trigram index which tickets contain the text: a superset of the exact matches, since the
// index folds case and diacritics. The exact condition still runs on tickets; the candidates only keep the
// query from reading tickets that cannot match. They come in parts of CANDIDATE_CHUNK, each read in a
// statement of its own that starts from the candidates (search.repository.ts), so its cost is bounded by
// the part, not by the workspace, and other requests run between parts. Text found in more tickets than
// CANDIDATE_LIMIT is common enough that walking the sort order finds a page quickly, and the query runs
// without candidates.
// PostgreSQL needs none of this: its trigram GIN indexes serve `lower(col) like` directly.
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { ParsedSearch } from "./searchQuery.ts";

/** Above this many candidates (in all workspaces) the text is common: the query runs without them. */
export const CANDIDATE_LIMIT = 20_000;
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

/** Candidates per statement when a query runs over them in parts: each part is a few milliseconds' work. */
export const CANDIDATE_CHUNK = 2_000;

/**
 * The tickets a text match may find, as their rows in the trigram index (all workspaces'), in parts of at
 * most the chunk size. A query over them runs once per part, a few milliseconds each, and maps a part's
 * rows to this workspace's tickets itself (candidateTickets).
 */
export interface TextCandidates {
  /** Empty when there is no candidate. */
  parts: number[][];
}

/**
 * The candidates of an FTS5 trigram query, or null when the text is too common for candidates to help.
 * The limit counts every workspace's matches: the index is shared, and a part is mapped to tickets later.
 */
export async function ticketTextCandidates(
  db: Executor,
  match: string,
  chunk = CANDIDATE_CHUNK,
): Promise<TextCandidates | null> {
  const found = await sql<{ rowid: number }>`select rowid from tickets_trigram
    where tickets_trigram match ${match} limit ${CANDIDATE_LIMIT + 1}`.execute(db);
  if (found.rows.length > CANDIDATE_LIMIT) return null;
  const rowids = found.rows.map((r) => r.rowid);
  const parts: number[][] = [];
  for (let i = 0; i < rowids.length; i += chunk) parts.push(rowids.slice(i, i + chunk));
  return { parts };
}

/**
 * A part's tickets of this workspace, as a table of ticket ids (`value`) to start a query from. "+" keeps
 * SQLite on the keys' primary key instead of walking the workspace's keys.
 */
export function candidateTickets(part: readonly number[], workspaceId: string) {
  return sql<{ value: string }>`(select k.ticket_id as value from json_each(${JSON.stringify(part)}) as c
    cross join tickets_fts_keys as k where k.fts_rowid = c.value and +k.workspace_id = ${workspaceId})`;
}
