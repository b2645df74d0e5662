// Fixed 10-second windows per API token. Counters live in Redis when configured (shared by every
// instance), else in this process (the single-instance SQLite deployment).
import { Redis } from "ioredis";

export const WINDOW_MS = 10_000;

export interface RateLimitStore {
  /** Counts one request in the window starting at windowStart; returns the count so far. */
  hit(key: string, windowStart: number): Promise<number>;
  close(): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private windowStart = 0;
  private counts = new Map<string, number>();

  async hit(key: string, windowStart: number): Promise<number> {
    if (windowStart !== this.windowStart) {
      // A new window: the previous one's counters are worthless, so memory stays bounded.
      this.windowStart = windowStart;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count;
  }

  async close(): Promise<void> {}
}

export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  async hit(key: string, windowStart: number): Promise<number> {
    const redisKey = `portico:rl:${key}:${windowStart}`;
    const result = await this.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, WINDOW_MS * 2)
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
