// The Tickets portal's list: every ticket a contact may see (rule 1), newest first, filtered and keyset-paged.
//
// Query shape (DESIGN.md "Query shapes that keep the portal fast"): the viewer's companies are few, so each
// company whose tickets the viewer may see in full is read from the (workspace_id, company_id, sort desc,
// id desc) index, limited to one page after the cursor; the viewer's participant tickets are read in the
// same order through ticket_contacts' copy of the tickets' times; the branches return keys, merged in
// memory, and the page's rows are read by key. Never an offset, never a count of the whole set.
import { expressionBuilder, PostgresAdapter, sql, type Expression, type SqlBool } from "kysely";
import type { Executor } from "../../db/database.ts";
import {
  TICKET_STATE_CATEGORIES,
  type Company,
  type Database,
  type MembershipRole,
  type Ticket,
  type TicketState,
  type TicketStateCategory,
  type TicketType,
} from "../../db/schema.ts";
import { invalid } from "../errors.ts";
import { toPage, type Page, type PageRequest } from "../pagination.ts";
import { escapeLike } from "../search/searchQuery.ts";
import type { MemberVisibility, PortalViewer } from "./ticket.policy.ts";
import type { PortalRowNames } from "./ticket.presenter.ts";

export type PortalSort = "updated" | "created";

export interface PortalListFilters {
  /** Customer-facing state labels; a label covers every state that shows it. Empty means no filter. */
  stateLabels?: readonly string[];
  /** Only tickets of this company (still only those the viewer may see). */
  companyId?: string;
  /** Only tickets the viewer created. */
  createdByMe?: boolean;
  /** Case-insensitive substring of the title or the description (customer-visible text only). */
  text?: string;
  sort?: PortalSort;
}

export interface ViewerCompany {
  id: string;
  name: string | null;
  /** True when the viewer sees all of the company's shared tickets; false when only those they take part in. */
  allTickets: boolean;
}

/** A company's tickets in full for managers; for members unless the company (else the workspace) says not. */
function seesAllCompanyTickets(role: MembershipRole, visibility: MemberVisibility): boolean {
  return role === "manager" || visibility === "all";
}

/** The companies the viewer belongs to (their tickets are what the company filter offers), by name. */
export async function listViewerCompanies(db: Executor, viewer: PortalViewer): Promise<ViewerCompany[]> {
  const rows = await db
    .selectFrom("company_memberships as m")
    .innerJoin("companies as c", (join) =>
      join.onRef("c.workspace_id", "=", "m.workspace_id").onRef("c.id", "=", "m.company_id"),
    )
    .innerJoin("workspaces as w", "w.id", "m.workspace_id")
    .select([
      "c.id",
      "c.name",
      "m.role",
      "c.portal_member_visibility as company_visibility",
      "w.portal_member_visibility as workspace_visibility",
    ])
    .where("m.workspace_id", "=", viewer.workspaceId)
    .where("m.contact_id", "=", viewer.contactId)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      allTickets: seesAllCompanyTickets(r.role, r.company_visibility ?? r.workspace_visibility),
    }))
    .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface PortalStateLabel {
  label: string;
  /** The categories of the states that show this label (usually one). */
  categories: TicketStateCategory[];
}

/** The customer-facing labels of the workspace's states in use, for the state filter; in category order. */
export async function listPortalStateLabels(db: Executor, workspaceId: string): Promise<PortalStateLabel[]> {
  const rows = await db
    .selectFrom("ticket_states")
    .select(["external_label", "category"])
    .distinct()
    .where("workspace_id", "=", workspaceId)
    .where("archived", "=", 0)
    .execute();
  const rank = (c: TicketStateCategory) => TICKET_STATE_CATEGORIES.indexOf(c);
  const byLabel = new Map<string, TicketStateCategory[]>();
  for (const row of rows) {
    const categories = byLabel.get(row.external_label) ?? [];
    categories.push(row.category);
    byLabel.set(row.external_label, categories);
  }
  return [...byLabel]
    .map(([label, categories]) => ({ label, categories: categories.sort((a, b) => rank(a) - rank(b)) }))
    .sort(
      (a, b) =>
        rank(a.categories[0]!) - rank(b.categories[0]!) ||
        (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
    );
}

/** Ids of every state (archived included: tickets may still be in one) that shows one of these labels. */
export async function listStateIdsByExternalLabels(
  db: Executor,
  workspaceId: string,
  labels: readonly string[],
): Promise<string[]> {
  if (labels.length === 0) return [];
  const rows = await db
    .selectFrom("ticket_states")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("external_label", "in", labels)
    .execute();
  return rows.map((r) => r.id);
}

/** `%`-wrapped, escaped, lower-cased LIKE pattern compared with lower() of the column on both dialects. */
function containsText(column: "tickets.title" | "tickets.description", text: string) {
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(cast(${`%${escapeLike(text)}%`} as text)) escape '\\'`;
}

/**
 * The tickets customers may see at all (rule 1's ticket half: customer tickets, and back-office ones
 * shared with their company), term for term the WHERE of the portal's partial indexes (migration 0009): a
 * database uses such an index only for a query whose condition implies it. Literals, not parameters, so
 * that this holds for a plan made before the values are known (a PostgreSQL generic plan).
 */
const CUSTOMER_VISIBLE = sql<SqlBool>`(tickets.category = 'customer' or (tickets.category = 'back_office' and tickets.is_shared = 1))`;

/** The columns a portal list row shows (presentPortalTicketRow and the names it needs): no description. */
const PORTAL_ROW_COLUMNS = [
  "workspace_id",
  "id",
  "ticket_number",
  "ticket_type_id",
  "ticket_state_id",
  "title",
  "company_id",
  "created_at",
  "updated_at",
] as const;
export type PortalListTicket = Pick<Ticket, (typeof PORTAL_ROW_COLUMNS)[number]>;

/** A page of the portal list, with the viewer's companies it was read for (their names name the rows). */
export type PortalListPage = Page<PortalListTicket> & { companies: readonly ViewerCompany[] };

export async function listPortalTickets(
  db: Executor,
  viewer: PortalViewer,
  filters: PortalListFilters,
  page: PageRequest,
  /** The workspace's states, from the hot settings: the state filter's labels are resolved from them. */
  states?: readonly Pick<TicketState, "id" | "external_label">[],
): Promise<PortalListPage> {
  const sortColumn = filters.sort === "created" ? "created_at" : "updated_at";
  const after = page.after;
  if (after && typeof after.value !== "number") {
    throw invalid("starting_after", "starting_after is not a cursor of this list");
  }
  const pageNumber = after?.page ?? 1;
  const stateLabels = filters.stateLabels ?? [];
  const stateIds =
    stateLabels.length === 0
      ? null
      : states
        ? states.filter((st) => stateLabels.includes(st.external_label)).map((st) => st.id)
        : await listStateIdsByExternalLabels(db, viewer.workspaceId, stateLabels);
  if (stateIds !== null && stateIds.length === 0)
    return { rows: [], next: null, page: pageNumber, companies: [] };

  const companies = await listViewerCompanies(db, viewer);
  const companyIds = companies
    .filter((c) => c.allTickets && (filters.companyId === undefined || c.id === filters.companyId))
    .map((c) => c.id);
  const limit = page.perPage + 1;
  const text = filters.text?.trim() ?? "";

  // Everything but the branch's own scope: shared with customers, the filters and the cursor.
  const eb = expressionBuilder<Database, "tickets">();
  const conditions: Expression<SqlBool>[] = [CUSTOMER_VISIBLE];
  if (stateIds !== null) conditions.push(eb("tickets.ticket_state_id", "in", stateIds));
  if (filters.companyId !== undefined) conditions.push(eb("tickets.company_id", "=", filters.companyId));
  if (filters.createdByMe === true) {
    conditions.push(eb("tickets.created_by_contact_id", "=", viewer.contactId));
  }
  if (text !== "") {
    conditions.push(eb.or([containsText("tickets.title", text), containsText("tickets.description", text)]));
  }
  if (after !== null) {
    conditions.push(
      sql<SqlBool>`(${sql.ref(`tickets.${sortColumn}`)}, tickets.id) < (${after.value}, ${after.id})`,
    );
  }
  const filter = eb.and(conditions);

  // Each branch reads keys only (the sort value and the id), so the merge moves a few bytes per row; the
  // page's full rows are read by primary key afterwards.
  // Per company: the newest rows of the (workspace_id, company_id, sort desc, id desc) index after the cursor.
  const companyBranches = companyIds.map((companyId) =>
    db
      .selectFrom("tickets")
      .select([`tickets.${sortColumn} as sort_value`, "tickets.id"])
      .where("tickets.workspace_id", "=", viewer.workspaceId)
      .where("tickets.company_id", "=", companyId)
      .where(filter)
      .orderBy(`tickets.${sortColumn}`, "desc")
      .orderBy("tickets.id", "desc")
      .limit(limit),
  );
  // The viewer's participant tickets, in the order of the (workspace_id, contact_id, ticket sort desc,
  // ticket_id desc) index of ticket_contacts, whose rows carry their ticket's times (migration 0008): the
  // walk stops after a page however many tickets the viewer takes part in. Each ticket is looked up by key
  // for the filter. SQLite keeps that order with CROSS JOIN (it would otherwise walk the workspace's tickets
  // by date); PostgreSQL, which misjudges how many of a small workspace's tickets are in a state, would
  // hash all the viewer's rows with all the workspace's tickets in those states and sort them (6 ms for a
  // viewer in 10,000 tickets), so there the lookup is a LATERAL subquery that OFFSET 0 keeps from being
  // merged into a join.
  const participantSort = filters.sort === "created" ? "tc.ticket_created_at" : "tc.ticket_updated_at";
  const participantTickets = db
    .selectFrom("ticket_contacts as tc")
    .where("tc.workspace_id", "=", viewer.workspaceId)
    .where("tc.contact_id", "=", viewer.contactId)
    .$if(after !== null, (qb) =>
      qb.where(sql<SqlBool>`(${sql.ref(participantSort)}, tc.ticket_id) < (${after!.value}, ${after!.id})`),
    );
  const participantBranch =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? participantTickets
          .crossJoinLateral((eb) =>
            eb
              .selectFrom("tickets")
              .select([`tickets.${sortColumn} as sort_value`, "tickets.id"])
              .whereRef("tickets.workspace_id", "=", "tc.workspace_id")
              .whereRef("tickets.id", "=", "tc.ticket_id")
              .where(filter)
              .offset(0)
              .as("t"),
          )
          .select(["t.sort_value", "t.id"])
          .orderBy(participantSort, "desc")
          .orderBy("tc.ticket_id", "desc")
          .limit(limit)
      : participantTickets
          .crossJoin("tickets")
          .select([`tickets.${sortColumn} as sort_value`, "tickets.id"])
          .whereRef("tickets.workspace_id", "=", "tc.workspace_id")
          .whereRef("tickets.id", "=", "tc.ticket_id")
          .where(filter)
          .orderBy(participantSort, "desc")
          .orderBy("tc.ticket_id", "desc")
          .limit(limit);

  // One statement: each branch keeps its own index scan and limit inside a derived table.
  const alias = (i: number): string => `b${i}`;
  const union = companyBranches.reduce(
    (acc, branch, i) => acc.unionAll(db.selectFrom(branch.as(alias(i))).selectAll()),
    db.selectFrom(participantBranch.as(alias(companyBranches.length))).selectAll(),
  );
  const keys = await union.execute();

  const seen = new Set<string>();
  const merged = keys
    .map((k) => ({ id: k.id, sortValue: Number(k.sort_value) }))
    .sort((a, b) => b.sortValue - a.sortValue || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .filter((key) => (seen.has(key.id) ? false : (seen.add(key.id), true)))
    .slice(0, limit);
  if (merged.length === 0)
    return { ...toPage([], page, (row: PortalListTicket) => row[sortColumn]), companies };
  const rows = await db
    .selectFrom("tickets")
    .select(PORTAL_ROW_COLUMNS)
    .where("workspace_id", "=", viewer.workspaceId)
    .where(
      "id",
      "in",
      merged.map((k) => k.id),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  // A ticket deleted between the two reads is left out; the page keeps the order and cursor of the keys.
  const ordered = merged
    .map((k) => byId.get(k.id))
    .filter((row): row is PortalListTicket => row !== undefined);
  const sortValueOf = new Map(merged.map((k) => [k.id, k.sortValue]));
  return { ...toPage(ordered, page, (row) => sortValueOf.get(row.id)!), companies };
}

export type PortalRowContext = PortalRowNames;

/** States and types the caller already holds (the hot settings); a ticket they do not cover is read fresh. */
export interface KnownNames {
  states?: readonly Pick<TicketState, "id" | "external_label" | "category">[];
  types?: readonly Pick<TicketType, "id" | "name" | "icon">[];
  /** Companies whose names were just read (the viewer's); the others are read. */
  companies?: readonly Pick<Company, "id" | "name">[];
}

/** Names of these companies: those `known` holds, and the rest in one read. */
async function readCompanyNames(
  db: Executor,
  workspaceId: string,
  ids: readonly string[],
  known: readonly Pick<Company, "id" | "name">[],
): Promise<Pick<Company, "id" | "name">[]> {
  const held = known.filter((c) => ids.includes(c.id));
  const missing = ids.filter((id) => !held.some((c) => c.id === id));
  if (missing.length === 0) return held;
  const read = await db
    .selectFrom("companies")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", missing)
    .execute();
  return [...held, ...read];
}

/** The names a page of portal rows shows, in at most three batched reads (never one per row). */
export async function loadPortalRowContext(
  db: Executor,
  workspaceId: string,
  tickets: readonly PortalListTicket[],
  known: KnownNames = {},
): Promise<Map<string, PortalRowContext>> {
  const unique = (values: Array<string | null>) => [
    ...new Set(values.filter((v): v is string => v !== null)),
  ];
  // A state or type made on another instance a moment ago may reach its tickets before the bus reaches us.
  const covers = <T extends { id: string }>(rows: readonly T[] | undefined, ids: string[]) =>
    rows !== undefined && ids.every((id) => rows.some((r) => r.id === id));
  const stateIds = unique(tickets.map((t) => t.ticket_state_id));
  const typeIds = unique(tickets.map((t) => t.ticket_type_id));
  const companyIds = unique(tickets.map((t) => t.company_id));
  const [states, types, companies] = await Promise.all([
    covers(known.states, stateIds)
      ? known.states!
      : stateIds.length === 0
        ? []
        : db
            .selectFrom("ticket_states")
            .select(["id", "external_label", "category"])
            .where("workspace_id", "=", workspaceId)
            .where("id", "in", stateIds)
            .execute(),
    covers(known.types, typeIds)
      ? known.types!
      : typeIds.length === 0
        ? []
        : db
            .selectFrom("ticket_types")
            .select(["id", "name", "icon"])
            .where("workspace_id", "=", workspaceId)
            .where("id", "in", typeIds)
            .execute(),
    readCompanyNames(db, workspaceId, companyIds, known.companies ?? []),
  ]);
  const stateById = new Map(states.map((s) => [s.id, s]));
  const typeById = new Map(types.map((t) => [t.id, t]));
  const companyById = new Map(companies.map((c) => [c.id, c]));
  const context = new Map<string, PortalRowContext>();
  for (const ticket of tickets) {
    if (ticket.workspace_id !== workspaceId) throw new Error(`ticket ${ticket.id} is not of this workspace`);
    const state = stateById.get(ticket.ticket_state_id);
    const type = typeById.get(ticket.ticket_type_id);
    if (!state || !type) throw new Error(`ticket ${ticket.id} has no state or type`);
    context.set(ticket.id, {
      stateLabel: state.external_label,
      stateCategory: state.category,
      typeName: type.name,
      typeIcon: type.icon,
      companyName: ticket.company_id ? (companyById.get(ticket.company_id)?.name ?? null) : null,
    });
  }
  return context;
}
