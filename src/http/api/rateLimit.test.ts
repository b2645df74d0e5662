// The rate-limit stores: windows, counts, and Redis shared by several instances.
import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkRateLimit,
  MemoryRateLimitStore,
  RedisRateLimitStore,
  WINDOW_MS,
  type RateLimitStore,
} from "./rateLimit.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const hasRedis = await redisReachable();
if (!hasRedis && process.env.CI === "true")
  throw new Error(`Redis is required in CI but does not answer at ${REDIS_URL}`);
if (!hasRedis)
  console.warn(`\n!!! Redis does not answer at ${REDIS_URL}: the Redis rate-limit tests are SKIPPED.\n`);

function behaves(name: string, make: () => RateLimitStore, second?: () => RateLimitStore) {
  describe(`${name} rate-limit store`, () => {
    const stores: RateLimitStore[] = [];
    const store = () => {
      const s = make();
      stores.push(s);
      return s;
    };
    afterAll(async () => Promise.all(stores.map((s) => s.close())));

    it("allows the limit in a window, refuses the next, and starts again in the next window", async () => {
      const s = store();
      const key = randomBytes(6).toString("hex");
      const t0 = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS + 1000;
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await checkRateLimit(s, key, 3, t0));
      expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      expect(decisions[0]!.reset).toBe((t0 - 1000 + WINDOW_MS) / 1000);
      expect((await checkRateLimit(s, key, 3, t0 + WINDOW_MS)).allowed).toBe(true);
      expect((await checkRateLimit(s, "other-" + key, 3, t0)).remaining).toBe(2);
    });

    if (second) {
      it("shares one count between two instances", async () => {
        const [one, two] = [
          store(),
          (() => {
            const s = second();
            stores.push(s);
            return s;
          })(),
        ];
        const key = randomBytes(6).toString("hex");
        const t0 = Date.now();
        await checkRateLimit(one, key, 2, t0);
        await checkRateLimit(two, key, 2, t0);
        expect((await checkRateLimit(one, key, 2, t0)).allowed).toBe(false);
      });
    }
  });
}

behaves("in-process", () => new MemoryRateLimitStore());
if (hasRedis)
  behaves(
    "Redis",
    () => new RedisRateLimitStore(REDIS_URL),
    () => new RedisRateLimitStore(REDIS_URL),
  );
