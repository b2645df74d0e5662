// Helpers for queries that load a relation for many rows at once (`where id in (...)`).

/**
 * Ids per `in (...)` list. SQLite allows 32,766 bound parameters per statement and PostgreSQL 65,535;
 * chunks this size stay far below both with room for the rest of the query, and a page never needs more.
 */
export const IN_LIST_CHUNK = 500;

/**
 * Runs `load` once per chunk of the distinct `values` and concatenates the rows, chunk by chunk. Rows of
 * one value all come from one chunk, so an order the query gives them within a value is kept.
 */
export async function inChunks<V, R>(values: readonly V[], load: (chunk: V[]) => Promise<R[]>): Promise<R[]> {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return [];
  if (distinct.length <= IN_LIST_CHUNK) return load(distinct);
  const chunks: V[][] = [];
  for (let i = 0; i < distinct.length; i += IN_LIST_CHUNK) chunks.push(distinct.slice(i, i + IN_LIST_CHUNK));
  return (await Promise.all(chunks.map(load))).flat();
}

/** Rows grouped by a key, each group in the rows' order. */
export function groupBy<R, V = R>(
  rows: readonly R[],
  key: (row: R) => string,
  value: (row: R) => V = (row) => row as unknown as V,
): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const k = key(row);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = []));
    group.push(value(row));
  }
  return groups;
}
