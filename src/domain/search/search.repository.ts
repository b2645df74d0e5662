// The search endpoints' queries: tickets, contacts and conversations filtered by the search DSL, tenant-scoped and keyset-paginated.
import {
  expressionBuilder,
  PostgresAdapter,
  sql,
  type Expression,
  type SelectQueryBuilder,
  type SqlBool,
} from "kysely";
import type { Dialect, Executor } from "../../db/database.ts";
import {
  TICKET_STATE_CATEGORIES,
  type Contact,
  type Conversation,
  type Database,
  type Ticket,
} from "../../db/schema.ts";
import { invalid } from "../errors.ts";
import { toPage, type Cursor, type PageRequest } from "../pagination.ts";
import {
  attributeField,
  compileAssignee,
  compileChoice,
  compileMembership,
  compileSearchQuery,
  parseSearchQuery,
  type CompileContext,
  type SearchFields,
} from "./searchQuery.ts";
import {
  CANDIDATE_CHUNK,
  candidateTickets,
  necessaryTextMatch,
  ticketTextCandidates,
  type TextCandidates,
} from "./ticketText.ts";

export interface SearchResult<T> {
  rows: T[];
  next: Cursor | null;
  page: number;
  /** Rows matching the query across all pages, counted up to COUNT_LIMIT (which then means "at least"). */
  totalCount: number;
}

/**
 * Counting every match of a broad search would read the whole set on every page: counts stop here, so a
 * total of COUNT_LIMIT means "this many or more" (API.md, total_count).
 */
export const COUNT_LIMIT = 1000;

export type SortOrder = "ascending" | "descending";

/** Intercom's created_at/updated_at, and the Help Desk's table columns: the human number and the title. */
export const TICKET_SORT_FIELDS = ["created_at", "updated_at", "ticket_id", "title"] as const;

export interface TicketSort {
  field: (typeof TICKET_SORT_FIELDS)[number];
  order: SortOrder;
}

/** The tickets column behind each sort field. */
const TICKET_SORT_COLUMNS = {
  created_at: "created_at",
  updated_at: "updated_at",
  ticket_id: "ticket_number",
  title: "title",
} as const satisfies Record<TicketSort["field"], keyof Ticket>;

const identity = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as Readonly<Record<string, string>>;

/** API names (request, task, tracker), stored names, and the names the ticket object shows. */
const TICKET_CATEGORY_VALUES: Readonly<Record<string, string>> = {
  request: "customer",
  task: "back_office",
  tracker: "tracker",
  customer: "customer",
  back_office: "back_office",
  Customer: "customer",
  "Back-office": "back_office",
  Tracker: "tracker",
};

export const TICKET_SEARCH_FIELDS: SearchFields<"tickets"> = {
  fields: {
    id: { type: "id", column: "tickets.id" },
    created_at: { type: "date", column: "tickets.created_at" },
    updated_at: { type: "date", column: "tickets.updated_at" },
    title: { type: "string", column: "tickets.title" },
    description: { type: "string", column: "tickets.description" },
    category: { type: "string", values: TICKET_CATEGORY_VALUES, column: "tickets.category" },
    ticket_type_id: { type: "id", column: "tickets.ticket_type_id" },
    company_id: { type: "id", column: "tickets.company_id" },
    open: { type: "boolean", column: "tickets.open" },
    snoozed_until: { type: "date", column: "tickets.snoozed_until" },
    contact_ids: {
      type: "id",
      compile: (eb, condition) =>
        compileMembership("contact_ids", condition, (ids) =>
          eb.exists(
            eb
              .selectFrom("ticket_contacts as tc")
              .select(sql.lit(1).as("one"))
              .whereRef("tc.workspace_id", "=", "tickets.workspace_id")
              .whereRef("tc.ticket_id", "=", "tickets.id")
              .$if(ids !== null, (qb) => qb.where("tc.contact_id", "in", ids!)),
          ),
        ),
    },
    teammate_ids: {
      type: "id",
      // The assignee, or any teammate who wrote a part of the ticket (a reply, a note, a state change).
      compile: (eb, condition) =>
        compileMembership("teammate_ids", condition, (ids) =>
          eb.or([
            // "is not null" first keeps the predicate two-valued, so its negation matches unassigned tickets.
            eb.and([
              eb("tickets.admin_assignee_id", "is not", null),
              ...(ids === null ? [] : [eb("tickets.admin_assignee_id", "in", ids)]),
            ]),
            eb.exists(
              eb
                .selectFrom("ticket_parts as tp")
                .select(sql.lit(1).as("one"))
                .whereRef("tp.workspace_id", "=", "tickets.workspace_id")
                .whereRef("tp.ticket_id", "=", "tickets.id")
                .where("tp.author_type", "=", "admin")
                .$if(ids === null, (qb) => qb.where("tp.author_id", "is not", null))
                .$if(ids !== null, (qb) => qb.where("tp.author_id", "in", ids!)),
            ),
          ]),
        ),
    },
    admin_assignee_id: {
      type: "id",
      compile: (_eb, condition) =>
        compileAssignee("admin_assignee_id", sql.ref("tickets.admin_assignee_id"), condition),
    },
    team_assignee_id: {
      type: "id",
      // Portico has no teams: every ticket is unassigned to a team, which the API shows as "0".
      compile: (_eb, condition) =>
        compileChoice("team_assignee_id", condition, (id) =>
          id === "0" ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`,
        ),
    },
    state: {
      type: "string",
      values: identity(TICKET_STATE_CATEGORIES),
      compile: (eb, condition) =>
        compileMembership("state", condition, (categories) =>
          eb.exists(
            eb
              .selectFrom("ticket_states as ts")
              .select(sql.lit(1).as("one"))
              .whereRef("ts.workspace_id", "=", "tickets.workspace_id")
              .whereRef("ts.id", "=", "tickets.ticket_state_id")
              .$if(categories !== null, (qb) =>
                qb.where("ts.category", "in", categories as (typeof TICKET_STATE_CATEGORIES)[number][]),
              ),
          ),
        ),
    },
  },
  prefixed: { "ticket_attribute.": attributeField<"tickets">("tickets.attributes") },
};

export const CONTACT_SEARCH_FIELDS: SearchFields<"contacts"> = {
  fields: {
    id: { type: "id", column: "contacts.id" },
    external_id: { type: "string", column: "contacts.external_id" },
    email: { type: "string", column: "contacts.email" },
    name: { type: "string", column: "contacts.name" },
    role: { type: "string", values: identity(["user", "lead"]), column: "contacts.role" },
    created_at: { type: "date", column: "contacts.created_at" },
    updated_at: { type: "date", column: "contacts.updated_at" },
    company_id: {
      type: "id",
      compile: (eb, condition) =>
        compileMembership("company_id", condition, (ids) =>
          eb.exists(
            eb
              .selectFrom("company_memberships as cm")
              .select(sql.lit(1).as("one"))
              .whereRef("cm.workspace_id", "=", "contacts.workspace_id")
              .whereRef("cm.contact_id", "=", "contacts.id")
              .$if(ids !== null, (qb) => qb.where("cm.company_id", "in", ids!)),
          ),
        ),
    },
  },
};

export const CONVERSATION_SEARCH_FIELDS: SearchFields<"conversations"> = {
  fields: {
    id: { type: "id", column: "conversations.id" },
    created_at: { type: "date", column: "conversations.created_at" },
    updated_at: { type: "date", column: "conversations.updated_at" },
    title: { type: "string", column: "conversations.title" },
    open: { type: "boolean", column: "conversations.open" },
    state: {
      type: "string",
      values: identity(["open", "closed", "snoozed"]),
      // The same rule as the presenter's conversationState: snoozed only while snoozed_until is ahead.
      compile: (eb, condition, ctx) =>
        compileChoice("state", condition, (state) => {
          // Each predicate is two-valued (never null), so that != and NIN negate it correctly.
          if (state === "closed") return eb("conversations.open", "=", 0);
          const snoozed = eb.and([
            eb("conversations.snoozed_until", "is not", null),
            eb("conversations.snoozed_until", ">", ctx.now),
          ]);
          if (state === "snoozed") return eb.and([eb("conversations.open", "=", 1), snoozed]);
          return eb.and([eb("conversations.open", "=", 1), eb.not(snoozed)]);
        }),
    },
    contact_ids: {
      type: "id",
      compile: (eb, condition) =>
        compileMembership("contact_ids", condition, (ids) =>
          eb.exists(
            eb
              .selectFrom("conversation_participants as cp")
              .select(sql.lit(1).as("one"))
              .whereRef("cp.workspace_id", "=", "conversations.workspace_id")
              .whereRef("cp.conversation_id", "=", "conversations.id")
              .$if(ids !== null, (qb) => qb.where("cp.contact_id", "in", ids!)),
          ),
        ),
    },
    admin_assignee_id: {
      type: "id",
      compile: (_eb, condition) =>
        compileAssignee("admin_assignee_id", sql.ref("conversations.admin_assignee_id"), condition),
    },
    // Portico's addition (as on tickets): conversations one of the company's members takes part in.
    company_id: {
      type: "id",
      compile: (eb, condition) =>
        compileMembership("company_id", condition, (ids) =>
          eb.exists(
            eb
              .selectFrom("conversation_participants as cp")
              .innerJoin("company_memberships as cm", (j) =>
                j
                  .onRef("cm.workspace_id", "=", "cp.workspace_id")
                  .onRef("cm.contact_id", "=", "cp.contact_id"),
              )
              .select(sql.lit(1).as("one"))
              .whereRef("cp.workspace_id", "=", "conversations.workspace_id")
              .whereRef("cp.conversation_id", "=", "conversations.id")
              .$if(ids !== null, (qb) => qb.where("cm.company_id", "in", ids!)),
          ),
        ),
    },
    "source.body": {
      type: "string",
      // The conversation's first message.
      column: (eb) =>
        eb
          .selectFrom("conversation_parts as p")
          .select("p.body")
          .whereRef("p.workspace_id", "=", "conversations.workspace_id")
          .whereRef("p.conversation_id", "=", "conversations.id")
          .orderBy("p.created_at")
          .orderBy("p.id")
          .limit(1),
    },
  },
};

function dialectOf(db: Executor): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * Rows after the cursor in (sort column, id) order. The cursor carries the sort column's millisecond value
 * of the last row shown; ids break ties.
 */
function afterCursor(
  table: string,
  column: string,
  order: SortOrder,
  cursor: Cursor,
  valueType: "number" | "string" = "number",
): Expression<SqlBool> {
  if (typeof cursor.value !== valueType) {
    throw invalid("starting_after", "starting_after is not a cursor of this search");
  }
  const sortRef = sql.ref(`${table}.${column}`);
  const idRef = sql.ref(`${table}.id`);
  const beyond = order === "descending" ? sql.raw("<") : sql.raw(">");
  return sql<SqlBool>`(${sortRef} ${beyond} ${cursor.value} or (${sortRef} = ${cursor.value} and ${idRef} ${beyond} ${cursor.id}))`;
}

const direction = (order: SortOrder) => (order === "descending" ? "desc" : "asc");

/** The rows of `matching`, counted up to `limit` (COUNT_LIMIT unless a part of a count). */
async function countUpTo<TB extends "tickets" | "contacts" | "conversations">(
  db: Executor,
  matching: SelectQueryBuilder<Database, TB, object>,
  limit = COUNT_LIMIT,
): Promise<number> {
  const row = await db
    .selectFrom(matching.select(sql.lit(1).as("one")).limit(limit).as("matching"))
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Tickets of the workspace matching the query; the rows are full tickets rows. Default: newest first. */
export async function searchTickets(
  db: Executor,
  workspaceId: string,
  query: unknown,
  page: PageRequest,
  sort: TicketSort = { field: "created_at", order: "descending" },
  /** Candidates per part (ticketText.ts); tests make it small to have many parts. */
  candidateChunk = CANDIDATE_CHUNK,
): Promise<SearchResult<Ticket>> {
  const parsed = parseSearchQuery(query, TICKET_SEARCH_FIELDS);
  const ctx: CompileContext = { dialect: dialectOf(db), now: Date.now() };
  const textMatch = ctx.dialect === "sqlite" ? necessaryTextMatch(parsed) : null;
  const candidates = textMatch === null ? null : await ticketTextCandidates(db, textMatch, candidateChunk);
  const matching = db
    .selectFrom("tickets")
    .where("tickets.workspace_id", "=", workspaceId)
    .where((eb) => compileSearchQuery(eb, parsed, ctx));
  const after = page.after;
  const column = TICKET_SORT_COLUMNS[sort.field];
  const valueType = column === "title" ? "string" : "number";
  if (candidates === null) {
    const rows = await matching
      .selectAll("tickets")
      .$if(after !== null, (qb) => qb.where(afterCursor("tickets", column, sort.order, after!, valueType)))
      .orderBy(`tickets.${column}`, direction(sort.order))
      .orderBy("tickets.id", direction(sort.order))
      .limit(page.perPage + 1)
      .execute();
    return { ...toPage(rows, page, (row) => row[column]), totalCount: await countUpTo(db, matching) };
  }
  const rows = await searchTicketCandidates(db, workspaceId, candidates, {
    condition: compileSearchQuery(expressionBuilder<Database, "tickets">(), parsed, ctx),
    column,
    order: sort.order,
    after: after === null ? null : afterCursor("part", column, sort.order, after, valueType),
    limit: page.perPage + 1,
  });
  return { ...toPage(rows.rows, page, (row) => row[column]), totalCount: rows.totalCount };
}

/**
 * A page of tickets among text candidates, and the count. Each part is one statement that starts from its
 * candidates (CROSS JOIN makes SQLite read them first and look each ticket up by key; a walk of the sort
 * order probing a part's ids would cross the whole workspace whenever the part holds less than a page),
 * keeps those the condition accepts, counts them and returns the first page's keys after the cursor. The
 * page is the head of the parts' keys merged in the same order; its rows are then read by key.
 */
async function searchTicketCandidates(
  db: Executor,
  workspaceId: string,
  candidates: TextCandidates,
  q: {
    condition: Expression<SqlBool>;
    column: (typeof TICKET_SORT_COLUMNS)[TicketSort["field"]];
    order: SortOrder;
    after: Expression<SqlBool> | null;
    limit: number;
  },
): Promise<{ rows: Ticket[]; totalCount: number }> {
  const keys: Array<{ value: string | number; id: string }> = [];
  let matches = 0;
  for (const part of candidates.parts) {
    const found = db
      .selectFrom(candidateTickets(part, workspaceId).as("candidate"))
      .crossJoin("tickets")
      .select([
        `tickets.${q.column} as ${q.column}`,
        "tickets.id",
        sql<number>`count(*) over ()`.as("matches"),
      ])
      .where("tickets.workspace_id", "=", workspaceId)
      .whereRef("tickets.id", "=", "candidate.value")
      .where(q.condition);
    const rows = await db
      .selectFrom(found.as("part"))
      .selectAll("part")
      .$if(q.after !== null, (qb) => qb.where(q.after!))
      .orderBy(`part.${q.column}`, direction(q.order))
      .orderBy("part.id", direction(q.order))
      .limit(q.limit)
      .execute();
    // Every row carries its part's count, so a part with no row past the cursor is counted apart.
    matches += rows.length > 0 ? Number(rows[0]!.matches) : await countPart(db, found);
    for (const row of rows) keys.push({ value: row[q.column], id: row.id });
  }
  const sign = q.order === "descending" ? -1 : 1;
  const page = keys
    .sort((a, b) => sign * (sqliteOrder(a.value, b.value) || sqliteOrder(a.id, b.id)))
    .slice(0, q.limit);
  const totalCount = Math.min(matches, COUNT_LIMIT);
  if (page.length === 0) return { rows: [], totalCount };
  const found = await db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where(
      "id",
      "in",
      page.map((k) => k.id),
    )
    .execute();
  const byId = new Map(found.map((row) => [row.id, row]));
  // A ticket deleted between the two reads is left out; the page keeps the keys' order.
  const rows = page.map((k) => byId.get(k.id)).filter((row): row is Ticket => row !== undefined);
  return { rows, totalCount };
}

async function countPart(
  db: Executor,
  found: SelectQueryBuilder<Database & { candidate: { value: string } }, "candidate" | "tickets", object>,
): Promise<number> {
  const row = await db
    .selectFrom(found.clearSelect().select("tickets.id").as("part"))
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** SQLite's order of two values of one column: numbers by value, text byte by byte (BINARY collation). */
function sqliteOrder(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

/** Contacts of the workspace matching the query, newest first. */
export async function searchContacts(
  db: Executor,
  workspaceId: string,
  query: unknown,
  page: PageRequest,
): Promise<SearchResult<Contact>> {
  const parsed = parseSearchQuery(query, CONTACT_SEARCH_FIELDS);
  const ctx: CompileContext = { dialect: dialectOf(db), now: Date.now() };
  const matching = db
    .selectFrom("contacts")
    .where("contacts.workspace_id", "=", workspaceId)
    .where((eb) => compileSearchQuery(eb, parsed, ctx));
  const after = page.after;
  const rows = await matching
    .selectAll("contacts")
    .$if(after !== null, (qb) => qb.where(afterCursor("contacts", "created_at", "descending", after!)))
    .orderBy("contacts.created_at", "desc")
    .orderBy("contacts.id", "desc")
    .limit(page.perPage + 1)
    .execute();
  return { ...toPage(rows, page, (row) => row.created_at), totalCount: await countUpTo(db, matching) };
}

/** Conversations of the workspace matching the query, newest first. */
export async function searchConversations(
  db: Executor,
  workspaceId: string,
  query: unknown,
  page: PageRequest,
): Promise<SearchResult<Conversation>> {
  const parsed = parseSearchQuery(query, CONVERSATION_SEARCH_FIELDS);
  const ctx: CompileContext = { dialect: dialectOf(db), now: Date.now() };
  const matching = db
    .selectFrom("conversations")
    .where("conversations.workspace_id", "=", workspaceId)
    .where((eb) => compileSearchQuery(eb, parsed, ctx));
  const after = page.after;
  const rows = await matching
    .selectAll("conversations")
    .$if(after !== null, (qb) => qb.where(afterCursor("conversations", "created_at", "descending", after!)))
    .orderBy("conversations.created_at", "desc")
    .orderBy("conversations.id", "desc")
    .limit(page.perPage + 1)
    .execute();
  return { ...toPage(rows, page, (row) => row.created_at), totalCount: await countUpTo(db, matching) };
}
