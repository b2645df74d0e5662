// Remembers the list's filter query so "All tickets" on a ticket page leads back to the same list.
const KEY = "portico.portal.listSearch";
let lastSearch: string | null = null;

export function rememberListSearch(search: string): void {
  lastSearch = search;
  try {
    window.sessionStorage.setItem(KEY, search);
  } catch {
    // Storage can be disabled; the in-memory copy still serves this tab.
  }
}

export function rememberedListSearch(): string {
  if (lastSearch !== null) return lastSearch;
  try {
    const stored = window.sessionStorage.getItem(KEY);
    return stored?.startsWith("?") ? stored : "";
  } catch {
    return "";
  }
}
