// TanStack Query keys and the cache edits that apply live ticket events to the list and ticket pages.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { isTicketFilters, type TicketFilters, type TicketSort } from "./filters";
import type { Ticket, TicketListPage, TicketRow } from "./types";

export type TicketListData = InfiniteData<TicketListPage, string | null>;

export const portalKeys = {
  all: ["portal"] as const,
  lists: ["portal", "tickets"] as const,
  list: (filters: TicketFilters) => ["portal", "tickets", filters] as const,
  ticket: (ticketNumber: number) => ["portal", "ticket", ticketNumber] as const,
  conversation: (ticketNumber: number) => ["portal", "ticket", ticketNumber, "conversation"] as const,
};

export function toRow(ticket: Ticket): TicketRow {
  return {
    type: "portal_ticket_row",
    ticket_id: ticket.ticket_id,
    title: ticket.title,
    ticket_type: ticket.ticket_type,
    state: ticket.state,
    company: ticket.company,
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
  };
}

/** Search and "created by me" are decided by the server; the event does not carry enough to judge them. */
function canMatchLocally(filters: TicketFilters): boolean {
  return !filters.mine && filters.q === "";
}

function matchesLocally(filters: TicketFilters, row: TicketRow): boolean {
  const stateMatches = filters.states.length === 0 || filters.states.includes(row.state.label);
  const companyMatches = filters.company === null || row.company?.id === filters.company;
  return stateMatches && companyMatches;
}

function sortValue(row: TicketRow, sort: TicketSort): number {
  switch (sort) {
    case "updated":
      return row.updated_at;
    case "created":
      return row.created_at;
    default: {
      const unreachable: never = sort;
      return unreachable;
    }
  }
}

function comesBefore(a: TicketRow, b: TicketRow, sort: TicketSort): boolean {
  const difference = sortValue(a, sort) - sortValue(b, sort);
  return difference > 0 || (difference === 0 && a.ticket_id > b.ticket_id);
}

function sameVisibleRow(a: TicketRow, b: TicketRow): boolean {
  return (
    a.title === b.title &&
    a.state.label === b.state.label &&
    a.state.category === b.state.category &&
    a.updated_at === b.updated_at &&
    a.company?.id === b.company?.id &&
    a.company?.name === b.company?.name &&
    a.ticket_type.name === b.ticket_type.name &&
    a.ticket_type.icon === b.ticket_type.icon
  );
}

export type ListOutcome = "updated" | "inserted" | "no_longer_matches" | "unchanged" | "needs_refetch";

function mapPages(data: TicketListData, map: (rows: TicketRow[]) => TicketRow[]): TicketListData {
  return { ...data, pages: data.pages.map((page) => ({ ...page, tickets: map(page.tickets) })) };
}

export function applyTicketToList(
  data: TicketListData,
  filters: TicketFilters,
  ticket: Ticket,
): { data: TicketListData; outcome: ListOutcome } {
  const row = toRow(ticket);
  const existing = data.pages.flatMap((page) => page.tickets).find((r) => r.ticket_id === row.ticket_id);

  if (existing) {
    if (!matchesLocally(filters, row)) {
      return {
        data: mapPages(data, (rows) => rows.filter((r) => r.ticket_id !== row.ticket_id)),
        outcome: "no_longer_matches",
      };
    }
    if (sameVisibleRow(existing, row)) return { data, outcome: "unchanged" };
    return {
      data: mapPages(data, (rows) => rows.map((r) => (r.ticket_id === row.ticket_id ? row : r))),
      outcome: "updated",
    };
  }

  if (!canMatchLocally(filters)) return { data, outcome: "needs_refetch" };
  if (!matchesLocally(filters, row)) return { data, outcome: "unchanged" };

  // Insert where the sort puts it; past the loaded rows it will arrive with "Load more" instead.
  const pages = data.pages.map((page) => ({ ...page, tickets: [...page.tickets] }));
  for (const page of pages) {
    const index = page.tickets.findIndex((r) => comesBefore(row, r, filters.sort));
    if (index !== -1) {
      page.tickets.splice(index, 0, row);
      return { data: { ...data, pages }, outcome: "inserted" };
    }
  }
  const lastPage = pages[pages.length - 1];
  if (!lastPage || lastPage.next_cursor !== null) return { data, outcome: "unchanged" };
  lastPage.tickets.push(row);
  return { data: { ...data, pages }, outcome: "inserted" };
}

function knownTicketState(queryClient: QueryClient, ticketNumber: number): Ticket["state"] | null {
  const cached = queryClient.getQueryData<Ticket>(portalKeys.ticket(ticketNumber));
  if (cached) return cached.state;
  for (const [, data] of queryClient.getQueriesData<TicketListData>({ queryKey: portalKeys.lists })) {
    const row = data?.pages.flatMap((page) => page.tickets).find((r) => r.ticket_id === ticketNumber);
    if (row) return row.state;
  }
  return null;
}

export interface TicketEventResult {
  /** What happened to the list shown with `currentFilters`, if one was given. */
  outcome: ListOutcome | null;
  previousState: Ticket["state"] | null;
}

/** Applies a `ticket` event to every cached list and to the cached ticket page. */
export function applyTicketEvent(
  queryClient: QueryClient,
  ticket: Ticket,
  currentFilters: TicketFilters | null,
): TicketEventResult {
  const previousState = knownTicketState(queryClient, ticket.ticket_id);
  let outcome: ListOutcome | null = null;
  for (const [key, data] of queryClient.getQueriesData<TicketListData>({ queryKey: portalKeys.lists })) {
    const filters = key[2];
    if (!data || !isTicketFilters(filters)) continue;
    const result = applyTicketToList(data, filters, ticket);
    if (currentFilters !== null && sameFilters(filters, currentFilters)) outcome = result.outcome;
    if (result.outcome === "needs_refetch") {
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
    } else if (result.data !== data) {
      queryClient.setQueryData<TicketListData>(key, result.data);
    }
  }
  if (queryClient.getQueryData(portalKeys.ticket(ticket.ticket_id)) !== undefined) {
    queryClient.setQueryData<Ticket>(portalKeys.ticket(ticket.ticket_id), ticket);
  }
  return { outcome, previousState };
}

/** Drops a ticket from every cached list; tells whether the list for `currentFilters` showed it. */
export function removeTicketFromLists(
  queryClient: QueryClient,
  ticketNumber: number,
  currentFilters: TicketFilters | null,
): boolean {
  let wasShown = false;
  for (const [key, data] of queryClient.getQueriesData<TicketListData>({ queryKey: portalKeys.lists })) {
    const filters = key[2];
    if (!data || !isTicketFilters(filters)) continue;
    const present = data.pages.some((page) => page.tickets.some((r) => r.ticket_id === ticketNumber));
    if (!present) continue;
    if (currentFilters !== null && sameFilters(filters, currentFilters)) wasShown = true;
    queryClient.setQueryData<TicketListData>(
      key,
      mapPages(data, (rows) => rows.filter((r) => r.ticket_id !== ticketNumber)),
    );
  }
  return wasShown;
}

function sameFilters(a: TicketFilters, b: TicketFilters): boolean {
  return (
    a.company === b.company &&
    a.mine === b.mine &&
    a.q === b.q &&
    a.sort === b.sort &&
    a.states.length === b.states.length &&
    a.states.every((state, index) => state === b.states[index])
  );
}
