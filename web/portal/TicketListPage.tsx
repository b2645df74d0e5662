// The list at /tickets: every ticket the viewer may see, filtered from the URL, updated live.
import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useAnnounce } from "./announcer";
import { errorMessage, fetchTicketPage } from "./api";
import { usePortal } from "./bootstrap";
import { filtersToSearch, hasActiveFilters, parseFilters } from "./filters";
import { RelativeTime } from "./format";
import { rememberListSearch } from "./listMemory";
import { applyTicketEvent, portalKeys, removeTicketFromLists } from "./queries";
import { Link, navigate, newTicketHref, ticketHref, ticketListHref } from "./router";
import { CompanyLabel, StateBadge, TicketTypeLabel } from "./ticketBits";
import { type ChangeFilters, focusTicketSearch, TicketFilterForm } from "./TicketFilters";
import type { TicketRow } from "./types";
import { useTicketEvents } from "./useTicketEvents";

const HIGHLIGHT_MS = 4000;

function countText(count: number, more: boolean): string {
  const tickets = count === 1 ? "1 ticket" : `${count} tickets`;
  return more ? `${tickets} shown, more available.` : `${tickets} shown.`;
}

function TicketRowItem({ row, index, changed }: { row: TicketRow; index: number; changed: boolean }) {
  const { basePath } = usePortal();
  return (
    <li className={changed ? "ticket-row ticket-row--changed" : "ticket-row"} data-row-index={index}>
      <div className="ticket-row__main">
        <h3 className="ticket-row__title">
          <Link className="ticket-row__link" href={ticketHref(basePath, row.ticket_id)}>
            {row.title.trim() || "Untitled ticket"}
          </Link>
        </h3>
        <p className="meta ticket-row__meta">
          <span className="ticket-number">#{row.ticket_id}</span>
          <TicketTypeLabel ticketType={row.ticket_type} />
          <CompanyLabel company={row.company} />
          <RelativeTime at={row.updated_at} prefix="Updated" />
        </p>
      </div>
      <div className="ticket-row__state">
        <StateBadge state={row.state} srPrefix="State:" />
      </div>
    </li>
  );
}

export function TicketListPage({ search }: { search: string }) {
  const { basePath, stateLabels, companies } = usePortal();
  const queryClient = useQueryClient();
  const announce = useAnnounce();

  const choices = useMemo(
    () => ({
      stateLabels: stateLabels.map((s) => s.label),
      companyIds: companies.length > 1 ? companies.map((c) => c.id) : [],
    }),
    [stateLabels, companies],
  );
  const filters = useMemo(() => parseFilters(search, choices), [search, choices]);
  const filtersSearch = filtersToSearch(filters);

  useEffect(() => {
    rememberListSearch(filtersSearch);
  }, [filtersSearch]);

  const query = useInfiniteQuery({
    queryKey: portalKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchTicketPage(basePath, filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
    placeholderData: keepPreviousData,
  });

  const rows = useMemo(() => query.data?.pages.flatMap((page) => page.tickets) ?? [], [query.data]);

  const [changedRows, setChangedRows] = useState<ReadonlySet<number>>(() => new Set());
  function markChanged(ticketNumber: number) {
    setChangedRows((current) => new Set(current).add(ticketNumber));
    window.setTimeout(() => {
      setChangedRows((current) => {
        const next = new Set(current);
        next.delete(ticketNumber);
        return next;
      });
    }, HIGHLIGHT_MS);
  }

  useTicketEvents(
    basePath,
    // Wait for the first page, so the stream opens once with the tickets actually shown.
    query.isPending ? null : rows.map((row) => row.ticket_id),
    {
      onTicket(ticket) {
        const { outcome, previousState } = applyTicketEvent(queryClient, ticket, filters);
        const stateChanged = previousState !== null && previousState.label !== ticket.state.label;
        switch (outcome) {
          case "updated":
            markChanged(ticket.ticket_id);
            announce(
              stateChanged
                ? `Ticket #${ticket.ticket_id} is now ${ticket.state.label}.`
                : `Ticket #${ticket.ticket_id} was updated.`,
            );
            break;
          case "inserted":
            markChanged(ticket.ticket_id);
            announce(`New ticket #${ticket.ticket_id}: ${ticket.title}.`);
            break;
          case "no_longer_matches":
            announce(
              `Ticket #${ticket.ticket_id} is now ${ticket.state.label} and no longer matches these filters.`,
            );
            break;
          case "needs_refetch":
          case "unchanged":
          case null:
            break;
          default: {
            const _unhandled: never = outcome;
          }
        }
      },
      onTicketRemoved(ticketNumber) {
        queryClient.removeQueries({ queryKey: portalKeys.ticket(ticketNumber) });
        if (removeTicketFromLists(queryClient, ticketNumber, filters)) {
          announce(`Ticket #${ticketNumber} is no longer available to you.`);
        }
      },
      onAccessChanged() {
        void queryClient.invalidateQueries({ queryKey: portalKeys.all });
      },
    },
  );

  // Tell screen-reader users what a filter change produced (not on first load: the page says it).
  const announcedFor = useRef<string | null>(null);
  const settled = query.isSuccess && !query.isPlaceholderData;
  useEffect(() => {
    if (!settled) return;
    if (announcedFor.current !== null && announcedFor.current !== filtersSearch) {
      announce(
        rows.length === 0 ? "No tickets match these filters." : countText(rows.length, query.hasNextPage),
      );
    }
    announcedFor.current = filtersSearch;
  }, [settled, filtersSearch, rows.length, query.hasNextPage, announce]);

  const changeFilters: ChangeFilters = (next, options) => {
    navigate(ticketListHref(basePath, filtersToSearch(next)), options);
  };

  async function loadMore() {
    if (query.isFetchingNextPage) return;
    const firstNewIndex = rows.length;
    const result = await query.fetchNextPage();
    if (result.isError) return;
    // Move focus to the first new ticket, so keyboard users continue where the list grew.
    window.requestAnimationFrame(() => {
      document.querySelector<HTMLElement>(`[data-row-index="${firstNewIndex}"] a`)?.focus();
    });
  }

  const filtered = hasActiveFilters(filters);
  const busy = query.isPending || query.isPlaceholderData;

  let results;
  if (query.isPending) {
    results = <p className="status-message">Loading tickets…</p>;
  } else if (query.isError && rows.length === 0) {
    results = (
      <div className="notice notice--error" role="alert">
        <p>{errorMessage(query.error)}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (rows.length === 0) {
    results = filtered ? (
      <div className="empty-state">
        <p>No tickets match these filters.</p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            changeFilters({ ...filters, states: [], company: null, mine: false, q: "" });
            focusTicketSearch();
          }}
        >
          Clear filters
        </button>
      </div>
    ) : (
      <div className="empty-state">
        <p>No tickets yet.</p>
      </div>
    );
  } else {
    results = (
      <>
        <p className="result-count">
          {countText(rows.length, query.hasNextPage)}
          {query.isPlaceholderData ? <span className="result-count__updating"> Updating…</span> : null}
        </p>
        {query.isError && !query.isFetchNextPageError ? (
          <p className="notice notice--error" role="alert">
            {errorMessage(query.error)}
          </p>
        ) : null}
        <ul className={query.isPlaceholderData ? "ticket-list ticket-list--stale" : "ticket-list"}>
          {rows.map((row, index) => (
            <TicketRowItem
              key={row.ticket_id}
              row={row}
              index={index}
              changed={changedRows.has(row.ticket_id)}
            />
          ))}
        </ul>
        {query.isFetchNextPageError ? (
          <p className="notice notice--error" role="alert">
            {errorMessage(query.error)}
          </p>
        ) : null}
        {query.hasNextPage ? (
          <div className="load-more">
            <button
              type="button"
              className="button"
              aria-disabled={query.isFetchingNextPage}
              onClick={() => void loadMore()}
            >
              {query.isFetchingNextPage ? "Loading more…" : "Load more"}
            </button>
          </div>
        ) : null}
      </>
    );
  }

  return (
    <div className="list-page">
      <div className="page-heading">
        <h1 className="page-title" tabIndex={-1}>
          Tickets
        </h1>
        <Link className="button" href={newTicketHref(basePath)}>
          New ticket
        </Link>
      </div>
      <div className="list-layout">
        <TicketFilterForm filters={filters} onChange={changeFilters} />
        <section className="results" aria-labelledby="results-heading" aria-busy={busy}>
          <h2 id="results-heading" className="sr-only">
            {filtered ? "Matching tickets" : "All tickets"}
          </h2>
          {results}
        </section>
      </div>
    </div>
  );
}
