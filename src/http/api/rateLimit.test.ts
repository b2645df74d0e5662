// The rate-limit stores: windows, counts, and Redis shared by several instances.
import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import {
  checkRateLimit,
  DatabaseRateLimitStore,
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

type Make = () => RateLimitStore | Promise<RateLimitStore>;

function behaves(name: string, make: Make, second?: Make) {
  describe(`${name} rate-limit store`, () => {
    const stores: RateLimitStore[] = [];
    const store = async () => {
      const s = await make();
      stores.push(s);
      return s;
    };
    afterAll(async () => Promise.all(stores.map((s) => s.close())));

    it("allows the limit in a window, refuses the next, and starts again in the next window", async () => {
      const s = await store();
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
        const one = await store();
        const two = await second();
        stores.push(two);
        const key = randomBytes(6).toString("hex");
        const t0 = Date.now();
        await checkRateLimit(one, key, 2, t0);
        await checkRateLimit(two, key, 2, t0);
        expect((await checkRateLimit(one, key, 2, t0)).allowed).toBe(false);
      });
    }

    it("counts parallel hits exactly once each, and gives a reserved slot back", async () => {
      const s = await store();
      const key = `*/parallel/${randomBytes(6).toString("hex")}`;
      const start = Date.now() - (Date.now() % 600_000);
      const counts = await Promise.all(Array.from({ length: 50 }, () => s.hit(key, start, 600_000)));
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await s.hit(key, start, 600_000, -1)).toBe(49);
      expect(await s.hit(key, start + 600_000, 600_000)).toBe(1);
    });
  });
}

behaves("in-process", () => new MemoryRateLimitStore());
for (const dialect of testDialects()) {
  behaves(
    `database (${dialect.name})`,
    async () => new DatabaseRateLimitStore((await dialect.db()).db),
    async () => new DatabaseRateLimitStore((await dialect.db()).db),
  );
}
if (hasRedis)
  behaves(
    "Redis",
    () => new RedisRateLimitStore(REDIS_URL),
    () => new RedisRateLimitStore(REDIS_URL),
  );
