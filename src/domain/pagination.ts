// Keyset pagination shared by list and search endpoints: opaque cursors over (sort value, id), never offsets.
import { invalid } from "./errors.ts";

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 150;

export interface Cursor {
  /** The sort value of the last row on the previous page (unix ms or a string). */
  value: number | string;
  /** The id of that row: the tie-breaker. */
  id: string;
  /** The number of the page this cursor opens (for `pages.page`). */
  page: number;
}

export interface PageRequest {
  perPage: number;
  after: Cursor | null;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id, cursor.page])).toString("base64url");
}

export function decodeCursor(raw: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      (typeof parsed[0] === "number" || typeof parsed[0] === "string") &&
      typeof parsed[1] === "string" &&
      Number.isSafeInteger(parsed[2]) &&
      parsed[2] > 1
    ) {
      return { value: parsed[0], id: parsed[1], page: parsed[2] as number };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid("starting_after", "starting_after is not a cursor this API gave out");
}

export function pageRequest(
  perPage: number | undefined,
  startingAfter: string | null | undefined,
): PageRequest {
  const size = perPage ?? DEFAULT_PER_PAGE;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PER_PAGE) {
    throw invalid("per_page", `per_page must be between 1 and ${MAX_PER_PAGE}`);
  }
  return { perPage: size, after: startingAfter ? decodeCursor(startingAfter) : null };
}

export interface Page<T> {
  rows: T[];
  /** Present only when another page exists. */
  next: Cursor | null;
  page: number;
}

/**
 * Cuts a result fetched with `limit perPage + 1` into a page: the extra row only proves a next page exists.
 * `sortValue` reads the keyset value off a row.
 */
export function toPage<T extends { id: string }>(
  rows: T[],
  request: PageRequest,
  sortValue: (row: T) => number | string,
): Page<T> {
  const page = request.after?.page ?? 1;
  if (rows.length <= request.perPage) return { rows, next: null, page };
  const kept = rows.slice(0, request.perPage);
  const last = kept[kept.length - 1]!;
  return { rows: kept, next: { value: sortValue(last), id: last.id, page: page + 1 }, page };
}

/** The `pages` object of API.md; `next` only when another page exists (the SDK pager stops without it). */
export function presentPages(page: Page<unknown>, perPage: number, totalCount: number) {
  return {
    type: "pages" as const,
    page: page.page,
    per_page: perPage,
    total_pages: Math.max(1, Math.ceil(totalCount / perPage)),
    ...(page.next ? { next: { per_page: perPage, starting_after: encodeCursor(page.next) } } : {}),
  };
}
