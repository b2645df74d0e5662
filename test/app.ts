// Builds the real app against a dialect's test database, quietly, for inject()-driven HTTP tests.
import type { FastifyInstance } from "fastify";
import { afterAll } from "vitest";
import { buildApp } from "../src/app.ts";
import { scaledAbuseLimits, type Config } from "../src/config.ts";
import type { Mailer } from "../src/identity/mailer.ts";
import type { TestDialect } from "./dialects.ts";
import { TEST_SECRET_KEY } from "./factories.ts";

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    publicUrl: "http://portico.test",
    dataDir: "/nonexistent",
    database: { dialect: "sqlite", file: ":memory:", synchronous: "normal" },
    secretKey: TEST_SECRET_KEY,
    logLevel: "silent",
    allowHttp: false,
    demoSlug: "demo",
    redisUrl: null,
    apiRateLimit: 1000,
    eventBus: "outbox",
    maxLiveConnections: 20_000,
    outboxRetentionDays: 7,
    trustProxy: false,
    smtpUrl: null,
    mailFrom: "Portico <no-reply@portico.test>",
    // Tests share 127.0.0.1 and (on PostgreSQL) one database: limits only where a test sets them.
    abuseLimits: scaledAbuseLimits(100_000),
    requestTimeoutMs: 30_000,
    maxConnectionsPerIp: 0,
    idempotencyLockMs: 60_000,
    ...overrides,
  };
}

/** One app per test file and dialect, closed after the file. */
export function testApp(
  dialect: TestDialect,
  overrides: Partial<Config> = {},
  deps: { mailer?: Mailer } = {},
): () => Promise<FastifyInstance> {
  let app: Promise<FastifyInstance> | undefined;
  afterAll(async () => {
    if (app) await (await app).close();
  });
  return () =>
    (app ??= dialect.db().then((database) =>
      buildApp({
        config: testConfig({
          eventBus: database.dialect === "postgres" ? "postgres" : "outbox",
          ...overrides,
        }),
        database,
        ...deps,
      }),
    ));
}
