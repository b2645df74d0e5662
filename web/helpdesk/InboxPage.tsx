// The inbox: views (open, mine, unassigned, all; tickets or conversations), search and filters, a
// table whose columns and sort are chosen, keyset pagination, all of it in the URL; rows update live.
import { useInfiniteQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { RelativeTime } from "../ui/format";
import { Link, navigate } from "../ui/navigation";
import { api } from "./api";
import {
  companyName,
  ErrorNotice,
  Loading,
  MoreButton,
  SelectField,
  STATE_CATEGORY_LABELS,
  StateBadge,
  teammateName,
} from "./bits";
import { CompanyFilter } from "./CompanyFilter";
import {
  COLUMNS,
  type ColumnId,
  conversationSearchQuery,
  type InboxState,
  inboxHref,
  inboxSearch,
  parseInboxState,
  rememberList,
  ticketSearchQuery,
} from "./inboxView";
import { plainText } from "./text";
import { useTeammates, useTicketTypes } from "./queries";
import { useTeammate } from "./session";
import { useShortcuts } from "./shortcuts";
import type { Conversation, ConversationList, Pages, Teammate, Ticket, TicketList } from "./types";

const PER_PAGE = 25;

const VIEW_LINKS: ReadonlyArray<{ view: InboxState["view"]; label: string }> = [
  { view: "open", label: "Open" },
  { view: "mine", label: "Assigned to me" },
  { view: "unassigned", label: "Unassigned" },
  { view: "all", label: "All" },
];

function go(state: InboxState) {
  navigate(inboxHref(state));
}

export function InboxPage({ search }: { search: string }) {
  const state = parseInboxState(search);
  const me = useTeammate();
  const teammates = useTeammates();

  return (
    <section className="inbox">
      <div className="page-head">
        <h1 tabIndex={-1}>Inbox</h1>
        <Link className="button button--primary" href="/app/tickets/new">
          New ticket
        </Link>
      </div>
      <nav aria-label="Inbox views" className="views">
        <ul className="tabs">
          {(["tickets", "conversations"] as const).map((kind) => (
            <li key={kind}>
              <Link
                className="tab"
                href={inboxHref({ ...state, kind })}
                aria-current={state.kind === kind ? "page" : undefined}
              >
                {kind === "tickets" ? "Tickets" : "Conversations"}
              </Link>
            </li>
          ))}
        </ul>
        <ul className="tabs">
          {VIEW_LINKS.map(({ view, label }) => (
            <li key={view}>
              <Link
                className="tab"
                href={inboxHref({ ...state, view, assignee: null })}
                aria-current={state.view === view && state.assignee === null ? "page" : undefined}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
        {state.kind === "tickets" ? (
          <ul className="tabs">
            {(
              [
                [null, "All categories"],
                ["customer", "Customer"],
                ["back_office", "Back-office"],
                ["tracker", "Trackers"],
              ] as const
            ).map(([category, label]) => (
              <li key={label}>
                <Link
                  className="tab"
                  href={inboxHref({ ...state, category })}
                  aria-current={state.category === category ? "page" : undefined}
                >
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </nav>
      <Filters state={state} teammates={teammates.data ?? []} />
      {state.kind === "tickets" ? (
        <TicketTable state={state} me={me.id} teammates={teammates.data ?? []} />
      ) : (
        <ConversationTable state={state} me={me.id} teammates={teammates.data ?? []} />
      )}
    </section>
  );
}

function Filters({ state, teammates }: { state: InboxState; teammates: Teammate[] }) {
  const types = useTicketTypes();
  const [text, setText] = useState(state.text);
  useEffect(() => setText(state.text), [state.text]);
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcuts({ "/": () => searchRef.current?.focus() });
  const ids = {
    search: useId(),
    state: useId(),
    type: useId(),
    assignee: useId(),
    status: useId(),
    createdFrom: useId(),
    createdTo: useId(),
    updatedFrom: useId(),
    updatedTo: useId(),
  };
  const tickets = state.kind === "tickets";

  function submit(event: FormEvent) {
    event.preventDefault();
    go({ ...state, text });
  }

  const dateField = (
    id: string,
    label: string,
    key: "createdFrom" | "createdTo" | "updatedFrom" | "updatedTo",
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={state[key] ?? ""}
        onChange={(e) => go({ ...state, [key]: e.target.value === "" ? null : e.target.value })}
      />
    </div>
  );

  return (
    <div className="filters">
      <form role="search" className="search" onSubmit={submit}>
        <label htmlFor={ids.search}>Search {tickets ? "tickets" : "conversations"}</label>
        <div className="search__row">
          <input
            id={ids.search}
            ref={searchRef}
            type="search"
            value={text}
            placeholder={
              tickets ? "Words in the title or description" : "Words in the title or first message"
            }
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button">
            Search
          </button>
        </div>
      </form>
      <details className="filters__more" open={hasFilters(state) || undefined}>
        <summary>Filters</summary>
        <div className="filters__grid">
          <CompanyFilter value={state.company} onChange={(company) => go({ ...state, company })} />
          {tickets ? (
            <SelectField
              id={ids.state}
              label="State"
              value={state.state ?? ""}
              options={STATE_CATEGORY_LABELS}
              onChange={(value) => go({ ...state, state: (value || null) as InboxState["state"] })}
              first={<option value="">Any state</option>}
            />
          ) : null}
          {tickets ? (
            <div className="field">
              <label htmlFor={ids.type}>Ticket type</label>
              <select
                id={ids.type}
                value={state.type ?? ""}
                onChange={(e) => go({ ...state, type: e.target.value || null })}
              >
                <option value="">Any type</option>
                {(types.data ?? []).map((type) => (
                  <option key={type.id} value={type.id}>
                    {type.name} ({type.category})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={ids.assignee}>Assignee</label>
            <select
              id={ids.assignee}
              value={state.assignee ?? ""}
              onChange={(e) => go({ ...state, assignee: e.target.value || null })}
            >
              <option value="">Anyone (as the view says)</option>
              <option value="0">Unassigned</option>
              {teammates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name ?? t.email}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.status}>Open or closed</label>
            <select
              id={ids.status}
              value={state.status ?? ""}
              onChange={(e) => go({ ...state, status: (e.target.value || null) as InboxState["status"] })}
            >
              <option value="">As the view says</option>
              <option value="open">Open</option>
              <option value="closed">Closed</option>
            </select>
          </div>
          {dateField(ids.createdFrom, "Created from", "createdFrom")}
          {dateField(ids.createdTo, "Created until", "createdTo")}
          {dateField(ids.updatedFrom, "Updated from", "updatedFrom")}
          {dateField(ids.updatedTo, "Updated until", "updatedTo")}
        </div>
        {hasFilters(state) ? (
          <p>
            <Link
              href={inboxHref({
                ...parseInboxState(""),
                kind: state.kind,
                view: state.view,
                columns: state.columns,
                sort: state.sort,
                order: state.order,
              })}
            >
              Clear filters
            </Link>
          </p>
        ) : null}
      </details>
    </div>
  );
}

function hasFilters(state: InboxState): boolean {
  return [
    state.company,
    state.state,
    state.type,
    state.assignee,
    state.status,
    state.createdFrom,
    state.createdTo,
    state.updatedFrom,
    state.updatedTo,
  ].some((v) => v !== null);
}

/** Space kept between a pop-up menu and the window's edges. */
const EDGE = 8;

/**
 * Keeps an open pop-up (the Columns menu) inside the window: no taller than the room below its button
 * (it scrolls instead) and never past the left or right edge, however the bar has wrapped.
 */
function useFitInWindow(open: boolean) {
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    const menu = ref.current;
    if (!open || !menu) return;
    function fit() {
      if (!menu) return;
      menu.style.maxHeight = "";
      menu.style.left = "";
      menu.style.right = "";
      const box = menu.getBoundingClientRect();
      menu.style.maxHeight = `${Math.max(window.innerHeight - box.top - EDGE, 6 * 16)}px`;
      if (box.left < EDGE) {
        menu.style.left = "0";
        menu.style.right = "auto";
      }
      const moved = menu.getBoundingClientRect();
      if (moved.right > window.innerWidth - EDGE) {
        menu.style.left = `${window.innerWidth - EDGE - moved.width - menu.offsetParent!.getBoundingClientRect().left}px`;
        menu.style.right = "auto";
      }
    }
    fit();
    // The page moves under it too: rows arriving, the bar above it wrapping differently.
    const moved = new ResizeObserver(() => fit());
    moved.observe(document.body);
    if (menu.parentElement) moved.observe(menu.parentElement);
    window.addEventListener("resize", fit);
    window.addEventListener("scroll", fit, { passive: true });
    return () => {
      moved.disconnect();
      window.removeEventListener("resize", fit);
      window.removeEventListener("scroll", fit);
    };
  }, [open]);
  return ref;
}

function ColumnChooser({ state }: { state: InboxState }) {
  const [open, setOpen] = useState(false);
  const menuRef = useFitInWindow(open);
  function toggle(id: ColumnId, on: boolean) {
    const columns = on
      ? COLUMNS.map((c) => c.id).filter((c) => c === id || state.columns.includes(c))
      : state.columns.filter((c) => c !== id);
    if (columns.length === 0) return;
    go({ ...state, columns });
  }
  return (
    <details className="columns" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Columns</summary>
      <fieldset ref={menuRef}>
        <legend>Columns shown</legend>
        {COLUMNS.map((column) => (
          <label key={column.id} className="check">
            <input
              type="checkbox"
              checked={state.columns.includes(column.id)}
              disabled={column.id === "title"}
              onChange={(e) => toggle(column.id, e.target.checked)}
            />
            {column.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** The columns whose header sorts the table, and by what. */
const SORT_OF_COLUMN: Partial<Record<ColumnId, InboxState["sort"]>> = {
  number: "ticket_id",
  title: "title",
  created: "created_at",
  updated: "updated_at",
};

const SORT_CAPTIONS: Record<InboxState["sort"], string> = {
  created_at: "creation",
  updated_at: "last update",
  ticket_id: "ticket number",
  title: "title",
};

function SortControls({ state }: { state: InboxState }) {
  const sortId = useId();
  return (
    <div className="field field--inline">
      <label htmlFor={sortId}>Sort by</label>
      <select
        id={sortId}
        value={`${state.sort}:${state.order}`}
        onChange={(e) => {
          const [sort, order] = e.target.value.split(":") as [InboxState["sort"], InboxState["order"]];
          go({ ...state, sort, order });
        }}
      >
        <option value="updated_at:descending">Recently updated</option>
        <option value="updated_at:ascending">Least recently updated</option>
        <option value="created_at:descending">Newest first</option>
        <option value="created_at:ascending">Oldest first</option>
        <option value="ticket_id:descending">Highest ticket number</option>
        <option value="ticket_id:ascending">Lowest ticket number</option>
        <option value="title:ascending">Title, A to Z</option>
        <option value="title:descending">Title, Z to A</option>
      </select>
    </div>
  );
}

/** Moves focus between the rows' links with j and k. */
function useRowKeys(tableRef: React.RefObject<HTMLTableElement | null>) {
  function move(step: 1 | -1) {
    const links = [...(tableRef.current?.querySelectorAll<HTMLAnchorElement>("tbody a.row-link") ?? [])];
    if (links.length === 0) return;
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next =
      index < 0 ? (step === 1 ? 0 : links.length - 1) : Math.min(Math.max(index + step, 0), links.length - 1);
    links[next]!.focus();
  }
  useShortcuts({ j: () => move(1), k: () => move(-1) });
}

/**
 * One page after another of a search (`body` plus the pagination), the previous answer kept while the
 * next loads, and the table those rows go in, with j/k moving between its rows.
 */
function useSearchList<L extends { pages: Pages }>(
  queryKey: readonly unknown[],
  path: string,
  body: Record<string, unknown>,
) {
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) =>
      api.post<L>(path, {
        ...body,
        pagination: { per_page: PER_PAGE, ...(pageParam ? { starting_after: pageParam } : {}) },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.pages.next?.starting_after ?? null,
    placeholderData: (previous) => previous,
  });
  const tableRef = useRef<HTMLTableElement>(null);
  useRowKeys(tableRef);
  return { list, tableRef };
}

function TicketTable({ state, me, teammates }: { state: InboxState; me: string; teammates: Teammate[] }) {
  const query = ticketSearchQuery(state, me);
  const { list, tableRef } = useSearchList<TicketList>(
    ["tickets", "search", query, state.sort, state.order],
    "/tickets/search",
    { query, sort: { field: state.sort, order: state.order } },
  );
  const tickets = list.data?.pages.flatMap((p) => p.tickets) ?? [];
  const total = list.data?.pages[0]?.total_count ?? 0;
  const search = inboxSearch(state);
  useEffect(() =>
    rememberList(
      tickets.map((t) => t.id),
      search,
    ),
  );

  const sortHeader = (field: InboxState["sort"], label: string) => {
    const active = state.sort === field;
    const nextOrder = active && state.order === "descending" ? "ascending" : "descending";
    return (
      <button
        type="button"
        className="sort-button"
        onClick={() => go({ ...state, sort: field, order: nextOrder })}
      >
        {label}
        <span aria-hidden="true">{active ? (state.order === "descending" ? " ↓" : " ↑") : ""}</span>
      </button>
    );
  };
  const ariaSort = (field: InboxState["sort"]) =>
    state.sort === field ? (state.order === "descending" ? "descending" : "ascending") : undefined;

  const header: Record<ColumnId, ReactNode> = {
    number: sortHeader("ticket_id", "Number"),
    title: sortHeader("title", "Title"),
    state: "State",
    company: "Company",
    type: "Type",
    category: "Category",
    assignee: "Assignee",
    created: sortHeader("created_at", "Created"),
    updated: sortHeader("updated_at", "Updated"),
  };
  const cell = (ticket: Ticket, column: ColumnId): ReactNode => {
    switch (column) {
      case "number":
        return `#${ticket.ticket_id}`;
      case "title":
        return (
          <Link className="row-link" href={`/app/tickets/${ticket.id}`}>
            {String(ticket.ticket_attributes._default_title_ ?? "") || "(no title)"}
          </Link>
        );
      case "state":
        return <StateBadge state={ticket.ticket_state} />;
      case "company":
        return ticket.company ? companyName(ticket.company) : <span className="muted">No company</span>;
      case "type":
        return ticket.ticket_type.name;
      case "category":
        return ticket.category;
      case "assignee":
        return teammateName(teammates, ticket.admin_assignee_id);
      case "created":
        return <RelativeTime at={ticket.created_at} />;
      case "updated":
        return <RelativeTime at={ticket.updated_at} />;
    }
  };

  return (
    <div className="results">
      <div className="results__bar">
        <p role="status" className="muted">
          {list.isPending
            ? "Loading tickets…"
            : list.isError
              ? ""
              : `${total} ticket${total === 1 ? "" : "s"}`}
          {list.isFetching && !list.isPending ? " (updating…)" : ""}
        </p>
        <SortControls state={state} />
        <ColumnChooser state={state} />
      </div>
      {list.isError ? <ErrorNotice error={list.error} /> : null}
      {list.isPending ? null : tickets.length === 0 && !list.isError ? (
        <p className="notice">No tickets match this view. Try another view or clear the filters.</p>
      ) : (
        <div className="table-wrap">
          <table ref={tableRef} className="table">
            <caption className="sr-only">Tickets, sorted by {SORT_CAPTIONS[state.sort]}</caption>
            <thead>
              <tr>
                {state.columns.map((column) => (
                  <th
                    key={column}
                    scope="col"
                    aria-sort={column in SORT_OF_COLUMN ? ariaSort(SORT_OF_COLUMN[column]!) : undefined}
                  >
                    {header[column]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id}>
                  {state.columns.map((column) => (
                    <td key={column} data-label={COLUMNS.find((c) => c.id === column)!.label}>
                      {cell(ticket, column)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={list} label="Show more tickets" />
    </div>
  );
}

function conversationTitle(conversation: Conversation): string {
  const title = conversation.title?.trim();
  if (title) return title;
  const first = plainText(conversation.source?.body ?? "").slice(0, 120);
  return first || "(no message)";
}

function ConversationTable({
  state,
  me,
  teammates,
}: {
  state: InboxState;
  me: string;
  teammates: Teammate[];
}) {
  const query = conversationSearchQuery(state, me);
  const { list, tableRef } = useSearchList<ConversationList>(
    ["conversations", "search", query],
    "/conversations/search",
    { query },
  );
  const conversations = list.data?.pages.flatMap((p) => p.conversations) ?? [];
  const total = list.data?.pages[0]?.total_count ?? 0;

  return (
    <div className="results">
      <div className="results__bar">
        <p role="status" className="muted">
          {list.isPending
            ? "Loading conversations…"
            : list.isError
              ? ""
              : `${total} conversation${total === 1 ? "" : "s"}`}
        </p>
      </div>
      {list.isError ? <ErrorNotice error={list.error} /> : null}
      {list.isPending ? (
        <Loading what="conversations" />
      ) : conversations.length === 0 && !list.isError ? (
        <p className="notice">No conversations match this view.</p>
      ) : (
        <div className="table-wrap">
          <table ref={tableRef} className="table">
            <caption className="sr-only">Conversations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Conversation</th>
                <th scope="col">Company</th>
                <th scope="col">State</th>
                <th scope="col">Assignee</th>
                <th scope="col">Ticket</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {conversations.map((c) => (
                <tr key={c.id}>
                  <td data-label="Conversation">
                    <Link className="row-link" href={`/app/conversations/${c.id}`}>
                      {conversationTitle(c)}
                    </Link>
                  </td>
                  <td data-label="Company">
                    {c.companies.data.length > 0 ? (
                      c.companies.data.map(companyName).join(", ")
                    ) : (
                      <span className="muted">No company</span>
                    )}
                  </td>
                  <td data-label="State">{c.state}</td>
                  <td data-label="Assignee">{teammateName(teammates, c.admin_assignee_id)}</td>
                  <td data-label="Ticket">
                    {c.linked_objects.data.some((l) => l.type === "ticket") ? "Has a ticket" : "None"}
                  </td>
                  <td data-label="Updated">
                    <RelativeTime at={c.updated_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={list} label="Show more conversations" />
    </div>
  );
}
