// The list's filter form: state checkboxes, company, "created by me", search and sort.
import { useEffect, useId, useRef, useState } from "react";
import { usePortal } from "./bootstrap";
import { DEFAULT_FILTERS, hasActiveFilters, type TicketFilters, type TicketSort } from "./filters";
import { companyName } from "./ticketBits";

export type ChangeFilters = (next: TicketFilters, options?: { replace?: boolean }) => void;

const SEARCH_DELAY_MS = 300;
const SEARCH_INPUT_ID = "ticket-search";

export function focusTicketSearch(): void {
  document.getElementById(SEARCH_INPUT_ID)?.focus();
}

function SearchField({ value, onCommit }: { value: string; onCommit: (q: string) => void }) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const timer = useRef<number | undefined>(undefined);

  // The URL changed from elsewhere (back button, "Clear filters"): show what it says.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      window.clearTimeout(timer.current);
      setDraft(value);
    }
  }, [value]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  function commit(text: string) {
    window.clearTimeout(timer.current);
    const q = text.trim();
    if (q === committed.current) return;
    committed.current = q;
    onCommit(q);
  }

  return (
    <div className="field">
      <label htmlFor={SEARCH_INPUT_ID}>Search tickets</label>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        value={draft}
        autoComplete="off"
        enterKeyHint="search"
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => commit(text), SEARCH_DELAY_MS);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit(draft);
        }}
      />
    </div>
  );
}

export function TicketFilterForm({ filters, onChange }: { filters: TicketFilters; onChange: ChangeFilters }) {
  const { stateLabels, companies } = usePortal();
  const idPrefix = useId();
  const showCompanies = companies.length > 1;
  // On narrow screens everything but the search sits behind a "Filters" button, so the tickets come
  // first; wide screens always show the whole form (see portal.css).
  const [moreOpen, setMoreOpen] = useState(false);
  const activeCount = filters.states.length + (filters.company !== null ? 1 : 0) + (filters.mine ? 1 : 0);

  function toggleState(label: string, checked: boolean) {
    const wanted = new Set(filters.states);
    if (checked) wanted.add(label);
    else wanted.delete(label);
    // Keep the bootstrap order so the same choice always gives the same URL.
    onChange({ ...filters, states: stateLabels.map((s) => s.label).filter((l) => wanted.has(l)) });
  }

  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter tickets"
      onSubmit={(event) => event.preventDefault()}
    >
      <SearchField value={filters.q} onCommit={(q) => onChange({ ...filters, q }, { replace: true })} />

      <div className="filters__toggle-row">
        <button
          type="button"
          className="button button--secondary filters__toggle"
          aria-expanded={moreOpen}
          aria-controls={`${idPrefix}-more`}
          onClick={() => setMoreOpen((open) => !open)}
        >
          {activeCount > 0 ? `Filters (${activeCount} active)` : "Filters"}
        </button>
      </div>

      <div id={`${idPrefix}-more`} className={moreOpen ? "filters__more is-open" : "filters__more"}>
        {stateLabels.length > 0 ? (
          <fieldset className="field state-filter">
            <legend>State</legend>
            <ul className="state-filter__list">
              {stateLabels.map((state, index) => {
                const id = `${idPrefix}-state-${index}`;
                return (
                  <li key={state.label} className="state-filter__item">
                    <input
                      id={id}
                      type="checkbox"
                      checked={filters.states.includes(state.label)}
                      onChange={(event) => toggleState(state.label, event.target.checked)}
                    />
                    <label htmlFor={id}>{state.label}</label>
                    <button
                      type="button"
                      className="link-button state-filter__only"
                      onClick={() => onChange({ ...filters, states: [state.label] })}
                    >
                      Only<span className="sr-only"> {state.label}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ) : null}

        {showCompanies ? (
          <div className="field">
            <label htmlFor={`${idPrefix}-company`}>Company</label>
            <select
              id={`${idPrefix}-company`}
              value={filters.company ?? ""}
              onChange={(event) => onChange({ ...filters, company: event.target.value || null })}
            >
              <option value="">All companies</option>
              {companies.map((company) => (
                <option key={company.id} value={company.id}>
                  {companyName(company)}
                </option>
              ))}
            </select>
          </div>
        ) : null}

        <div className="field field--checkbox">
          <input
            id={`${idPrefix}-mine`}
            type="checkbox"
            checked={filters.mine}
            onChange={(event) => onChange({ ...filters, mine: event.target.checked })}
          />
          <label htmlFor={`${idPrefix}-mine`}>Created by me</label>
        </div>

        <div className="field">
          <label htmlFor={`${idPrefix}-sort`}>Sort</label>
          <select
            id={`${idPrefix}-sort`}
            value={filters.sort}
            onChange={(event) =>
              onChange({ ...filters, sort: event.target.value === "created" ? "created" : "updated" })
            }
          >
            <option value={"updated" satisfies TicketSort}>Last updated</option>
            <option value={"created" satisfies TicketSort}>Newest</option>
          </select>
        </div>
      </div>

      {hasActiveFilters(filters) ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            onChange({ ...DEFAULT_FILTERS, sort: filters.sort });
            // The button goes away with the filters; keep keyboard focus somewhere sensible.
            focusTicketSearch();
          }}
        >
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
