// The inbox view as it lives in the URL (view, filters, columns, sort), and the search-DSL query it
// asks the API for. Pure functions: the page, its links and its tests share them.

export type InboxView = "open" | "mine" | "unassigned" | "all";
export type InboxKind = "tickets" | "conversations";
export type TicketCategoryFilter = "customer" | "back_office" | "tracker";
export type StateCategoryFilter = "submitted" | "in_progress" | "waiting_on_customer" | "resolved";
export type OpenFilter = "open" | "closed";
export type SortField = "created_at" | "updated_at" | "ticket_id" | "title";
const SORT_FIELDS: readonly SortField[] = ["created_at", "updated_at", "ticket_id", "title"];
export type SortOrder = "ascending" | "descending";

export const COLUMNS = [
  { id: "number", label: "Number" },
  { id: "title", label: "Title" },
  { id: "state", label: "State" },
  { id: "company", label: "Company" },
  { id: "type", label: "Type" },
  { id: "category", label: "Category" },
  { id: "assignee", label: "Assignee" },
  { id: "created", label: "Created" },
  { id: "updated", label: "Updated" },
] as const;

export type ColumnId = (typeof COLUMNS)[number]["id"];

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  "number",
  "title",
  "state",
  "type",
  "assignee",
  "updated",
];

export interface InboxState {
  kind: InboxKind;
  view: InboxView;
  category: TicketCategoryFilter | null;
  company: string | null;
  state: StateCategoryFilter | null;
  type: string | null;
  /** A teammate id, or "0" for unassigned. */
  assignee: string | null;
  status: OpenFilter | null;
  /** Dates as YYYY-MM-DD (the day, in the teammate's time zone). */
  createdFrom: string | null;
  createdTo: string | null;
  updatedFrom: string | null;
  updatedTo: string | null;
  text: string;
  columns: ColumnId[];
  sort: SortField;
  order: SortOrder;
}

const VIEWS: readonly InboxView[] = ["open", "mine", "unassigned", "all"];
const CATEGORIES: readonly TicketCategoryFilter[] = ["customer", "back_office", "tracker"];
const STATES: readonly StateCategoryFilter[] = [
  "submitted",
  "in_progress",
  "waiting_on_customer",
  "resolved",
];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | null {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : null;
}

function day(raw: string | null): string | null {
  return raw !== null && DAY.test(raw) && !Number.isNaN(Date.parse(raw)) ? raw : null;
}

function id(raw: string | null): string | null {
  return raw !== null && raw.trim() !== "" && raw.length <= 64 ? raw.trim() : null;
}

export function parseInboxState(search: string): InboxState {
  const p = new URLSearchParams(search);
  const columns = (p.get("columns") ?? "")
    .split(",")
    .filter((c): c is ColumnId => COLUMNS.some((known) => known.id === c));
  return {
    kind: p.get("kind") === "conversations" ? "conversations" : "tickets",
    view: oneOf(VIEWS, p.get("view")) ?? "open",
    category: oneOf(CATEGORIES, p.get("category")),
    company: id(p.get("company")),
    state: oneOf(STATES, p.get("state")),
    type: id(p.get("type")),
    assignee: id(p.get("assignee")),
    status: oneOf(["open", "closed"] as const, p.get("status")),
    createdFrom: day(p.get("created_from")),
    createdTo: day(p.get("created_to")),
    updatedFrom: day(p.get("updated_from")),
    updatedTo: day(p.get("updated_to")),
    text: (p.get("q") ?? "").slice(0, 200),
    columns: columns.length > 0 ? [...new Set(columns)] : [...DEFAULT_COLUMNS],
    sort: oneOf(SORT_FIELDS, p.get("sort")) ?? "updated_at",
    order: p.get("order") === "ascending" ? "ascending" : "descending",
  };
}

/** The URL search string of a state; defaults are left out so links stay short. */
export function inboxSearch(state: InboxState): string {
  const p = new URLSearchParams();
  if (state.kind !== "tickets") p.set("kind", state.kind);
  if (state.view !== "open") p.set("view", state.view);
  const optional: Array<[string, string | null]> = [
    ["category", state.category],
    ["company", state.company],
    ["state", state.state],
    ["type", state.type],
    ["assignee", state.assignee],
    ["status", state.status],
    ["created_from", state.createdFrom],
    ["created_to", state.createdTo],
    ["updated_from", state.updatedFrom],
    ["updated_to", state.updatedTo],
  ];
  for (const [key, value] of optional) if (value !== null) p.set(key, value);
  if (state.text.trim() !== "") p.set("q", state.text.trim());
  const columns = state.columns.join(",");
  if (columns !== DEFAULT_COLUMNS.join(",")) p.set("columns", columns);
  if (state.sort !== "updated_at") p.set("sort", state.sort);
  if (state.order !== "descending") p.set("order", state.order);
  const text = p.toString();
  return text === "" ? "" : `?${text}`;
}

export function inboxHref(state: InboxState): string {
  return `/app/inbox${inboxSearch(state)}`;
}

type Filter = { field: string; operator: string; value: unknown };
type Group = { operator: "AND" | "OR"; value: Array<Filter | Group> };

/** Start of a day (local time) in unix seconds; `endOfDay` gives the day's last second. */
export function daySeconds(value: string, endOfDay = false): number {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const start = new Date(y, m - 1, d).getTime() / 1000;
  return endOfDay ? start + 24 * 3600 - 1 : start;
}

function dateRange(field: string, from: string | null, to: string | null): Filter[] {
  const filters: Filter[] = [];
  // The API's < and > are inclusive.
  if (from) filters.push({ field, operator: ">", value: daySeconds(from) });
  if (to) filters.push({ field, operator: "<", value: daySeconds(to, true) });
  return filters;
}

function openFilter(state: InboxState): Filter[] {
  if (state.status === "closed") return [{ field: "open", operator: "=", value: false }];
  if (state.status === "open" || state.view !== "all") return [{ field: "open", operator: "=", value: true }];
  return [];
}

function assigneeFilter(state: InboxState, me: string): Filter[] {
  if (state.assignee !== null) return [{ field: "admin_assignee_id", operator: "=", value: state.assignee }];
  if (state.view === "mine") return [{ field: "admin_assignee_id", operator: "=", value: me }];
  if (state.view === "unassigned") return [{ field: "admin_assignee_id", operator: "=", value: "0" }];
  return [];
}

function combine(filters: Array<Filter | Group>): Filter | Group {
  // The search needs some query: "created at or after the epoch" matches everything.
  if (filters.length === 0) return { field: "created_at", operator: ">", value: 0 };
  if (filters.length === 1) return filters[0]!;
  return { operator: "AND", value: filters };
}

/** The POST /tickets/search `query` for a state, `me` being the signed-in teammate's id. */
export function ticketSearchQuery(state: InboxState, me: string): Filter | Group {
  const own: Filter[] = [];
  if (state.category) own.push({ field: "category", operator: "=", value: state.category });
  if (state.company) own.push({ field: "company_id", operator: "=", value: state.company });
  if (state.state) own.push({ field: "state", operator: "=", value: state.state });
  if (state.type) own.push({ field: "ticket_type_id", operator: "=", value: state.type });
  return searchQuery(state, me, own, "description");
}

/**
 * The POST /conversations/search `query`: the filters conversations have (view, assignee, company — the
 * companies of the people taking part —, dates, text).
 */
export function conversationSearchQuery(state: InboxState, me: string): Filter | Group {
  const own: Filter[] = [];
  if (state.company) own.push({ field: "company_id", operator: "=", value: state.company });
  return searchQuery(state, me, own, "source.body");
}

/** View and assignee, then `own` filters, the date ranges, and the words in the title or `bodyField`. */
function searchQuery(state: InboxState, me: string, own: Filter[], bodyField: string): Filter | Group {
  const filters: Array<Filter | Group> = [...openFilter(state), ...assigneeFilter(state, me), ...own];
  filters.push(...dateRange("created_at", state.createdFrom, state.createdTo));
  filters.push(...dateRange("updated_at", state.updatedFrom, state.updatedTo));
  const text = state.text.trim();
  if (text !== "") {
    filters.push({
      operator: "OR",
      value: [
        { field: "title", operator: "~", value: text },
        { field: bodyField, operator: "~", value: text },
      ],
    });
  }
  return combine(filters);
}

/** Ticket ids of the list last shown, so a ticket page can go to the next or previous one. */
let lastListIds: string[] = [];
let lastListSearch = "";

export function rememberList(ids: string[], search: string): void {
  lastListIds = ids;
  lastListSearch = search;
}

export function neighbourInList(id: string, step: 1 | -1): string | null {
  const index = lastListIds.indexOf(id);
  if (index < 0) return null;
  return lastListIds[index + step] ?? null;
}

export function rememberedInboxHref(): string {
  return `/app/inbox${lastListSearch}`;
}
