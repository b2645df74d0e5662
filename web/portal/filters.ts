// The list filter: parsed from and written to the URL query so it can be shared and survives reload.

export type TicketSort = "updated" | "created";

export interface TicketFilters {
  /** Customer-facing state labels; empty means every state. */
  states: string[];
  company: string | null;
  mine: boolean;
  q: string;
  sort: TicketSort;
}

export interface FilterChoices {
  stateLabels: readonly string[];
  /** Empty when the viewer cannot choose a company (one company or none). */
  companyIds: readonly string[];
}

export const DEFAULT_FILTERS: TicketFilters = {
  states: [],
  company: null,
  mine: false,
  q: "",
  sort: "updated",
};

export function parseFilters(search: string, choices: FilterChoices): TicketFilters {
  const params = new URLSearchParams(search);
  // Unknown labels and companies are dropped so that every active filter is visible in the form.
  const wanted = new Set(params.getAll("state"));
  const states = choices.stateLabels.filter((label) => wanted.has(label));
  const company = params.get("company");
  const sort = params.get("sort");
  return {
    states,
    company: company !== null && choices.companyIds.includes(company) ? company : null,
    mine: params.get("mine") === "1",
    q: (params.get("q") ?? "").trim(),
    sort: sort === "created" ? "created" : "updated",
  };
}

/** The canonical query string for a filter ("" or "?..."); the default sort is left out. */
export function filtersToSearch(filters: TicketFilters): string {
  const params = new URLSearchParams();
  for (const state of filters.states) params.append("state", state);
  if (filters.company !== null) params.set("company", filters.company);
  if (filters.mine) params.set("mine", "1");
  if (filters.q !== "") params.set("q", filters.q);
  if (filters.sort !== "updated") params.set("sort", filters.sort);
  const query = params.toString();
  return query === "" ? "" : `?${query}`;
}

export function hasActiveFilters(filters: TicketFilters): boolean {
  return filters.states.length > 0 || filters.company !== null || filters.mine || filters.q !== "";
}

export function ticketListApiUrl(basePath: string, filters: TicketFilters, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const state of filters.states) params.append("state", state);
  if (filters.company !== null) params.set("company", filters.company);
  if (filters.mine) params.set("mine", "1");
  if (filters.q !== "") params.set("q", filters.q);
  params.set("sort", filters.sort);
  if (cursor !== null) params.set("cursor", cursor);
  return `${basePath}/portal-api/tickets?${params.toString()}`;
}

export function isTicketFilters(value: unknown): value is TicketFilters {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<TicketFilters>;
  return (
    Array.isArray(candidate.states) &&
    typeof candidate.mine === "boolean" &&
    typeof candidate.q === "string" &&
    (candidate.sort === "updated" || candidate.sort === "created") &&
    (candidate.company === null || typeof candidate.company === "string")
  );
}
