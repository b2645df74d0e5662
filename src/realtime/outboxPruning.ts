// Outbox retention: a periodic job deletes old events in small batches, pausing between them, so
// pruning never holds the writer (SQLite) or long row locks (PostgreSQL).
import type { Db } from "../db/database.ts";
import { pruneEvents } from "../domain/events/outbox.repository.ts";

const DAY_MS = 24 * 3600 * 1000;
export const PRUNE_BATCH = 2000;

/** Deletes every event older than the retention, batch by batch; returns how many went. */
export async function pruneOutbox(db: Db, retentionDays: number, now = Date.now()): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await pruneEvents(db, now - retentionDays * DAY_MS, PRUNE_BATCH);
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function startOutboxPruning(db: Db, retentionDays: number, everyMs = 3600 * 1000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pruneOutbox(db, retentionDays)
      .catch((error: unknown) => console.error("outbox pruning failed", error))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
