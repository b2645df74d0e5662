// Fixed-window counters: 10-second windows per API token, longer ones for the abuse limits. Counters
// live in Redis when configured (shared by every instance), in the database (shared, without Redis), or
// in this process (the single-instance SQLite deployment).
import { Redis } from "ioredis";
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

export const WINDOW_MS = 10_000;

export interface RateLimitStore {
  /**
   * Adds `delta` to the counter of `key` in the window starting at `windowStart` (1 counts a request,
   * -1 gives a reserved slot back) and returns the count so far. One atomic step: parallel hits never
   * read the same count.
   */
  hit(key: string, windowStart: number, windowMs?: number, delta?: number): Promise<number>;
  close(): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private counts = new Map<string, { count: number; expiresAt: number }>();
  private hitsSinceSweep = 0;

  async hit(key: string, windowStart: number, windowMs = WINDOW_MS, delta = 1): Promise<number> {
    if (++this.hitsSinceSweep >= 1000) this.sweep();
    const slot = `${key}@${windowStart}`;
    const entry = this.counts.get(slot) ?? { count: 0, expiresAt: windowStart + windowMs };
    entry.count = Math.max(0, entry.count + delta);
    this.counts.set(slot, entry);
    return entry.count;
  }

  /** Past windows are worthless: dropping them keeps memory bounded. */
  private sweep(): void {
    this.hitsSinceSweep = 0;
    const now = Date.now();
    for (const [slot, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(slot);
  }

  async close(): Promise<void> {}
}

/**
 * Counters in the `rate_limit_hits` table, for several instances without Redis. Keys are
 * `<workspace id or *>/<rest>`: the first part is the row's workspace. Expired windows are deleted by a
 * periodic sweep.
 */
export class DatabaseRateLimitStore implements RateLimitStore {
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly db: Db) {
    this.sweeper = setInterval(() => {
      void db
        .deleteFrom("rate_limit_hits")
        .where("expires_at", "<", Date.now())
        .execute()
        .catch(() => {});
    }, 60_000);
    this.sweeper.unref();
  }

  async hit(key: string, windowStart: number, windowMs = WINDOW_MS, delta = 1): Promise<number> {
    const slash = key.indexOf("/");
    const workspaceId = slash > 0 ? key.slice(0, slash) : "*";
    const row = await this.db
      .insertInto("rate_limit_hits")
      .values({
        workspace_id: workspaceId,
        key,
        window_start: windowStart,
        hits: Math.max(0, delta),
        expires_at: windowStart + windowMs,
      })
      .onConflict((oc) =>
        oc.columns(["workspace_id", "key", "window_start"]).doUpdateSet({
          hits: sql<number>`case when rate_limit_hits.hits + ${delta} < 0 then 0
            else rate_limit_hits.hits + ${delta} end`,
        }),
      )
      .returning("hits")
      .executeTakeFirstOrThrow();
    return Number(row.hits);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  async hit(key: string, windowStart: number, windowMs = WINDOW_MS, delta = 1): Promise<number> {
    const redisKey = `portico:rl:${key}:${windowStart}`;
    const result = await this.redis
      .multi()
      .incrby(redisKey, delta)
      .pexpire(redisKey, windowMs * 2)
      .exec();
    const count = result?.[0]?.[1];
    if (typeof count !== "number") throw new Error("rate limit counter unavailable");
    return count;
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

export interface RateLimitDecision {
  limit: number;
  remaining: number;
  /** Unix seconds at which the window resets. */
  reset: number;
  allowed: boolean;
}

export async function checkRateLimit(store: RateLimitStore, key: string, limit: number, now = Date.now()) {
  const windowStart = now - (now % WINDOW_MS);
  const count = await store.hit(key, windowStart);
  return {
    limit,
    remaining: Math.max(0, limit - count),
    reset: Math.ceil((windowStart + WINDOW_MS) / 1000),
    allowed: count <= limit,
  } satisfies RateLimitDecision;
}
