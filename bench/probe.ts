// What a benchmarked server process reports about itself over its IPC channel: event-loop delay, RSS
// (sampled, with the peak), CPU time, and the SQL statements run while handling HTTP requests.
// Installed by bench/server.ts and bench/bare.ts only when PORTICO_BENCH=1; the app never loads it.
import http from "node:http";
import { createRequire } from "node:module";
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface ProbeReading {
  /** How late the event loop ran a 10 ms timer: p50, p99, max and mean of the delays. */
  eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number };
  rssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  cpuMs: { user: number; system: number };
  /** HTTP requests that started since the reset. */
  requests: number;
  /** SQL statements run (SQLite) or sent (PostgreSQL), the outbox relay's left out. */
  statements: number;
  /** Time spent preparing them (SQLite; 0 on PostgreSQL, which parses in the database server). */
  prepareMs: number;
  /** Time spent running them in the driver (SQLite, where they run on this thread; 0 on PostgreSQL). */
  runMs: number;
  /** The statements that took the most time (SQLite) or ran most often (PostgreSQL), with both figures. */
  topStatements: Array<{ count: number; ms: number; sql: string }>;
}

export type ProbeMessage = { probe: "reset" | "read"; id: number };
export type ProbeReply = { probe: "reading"; id: number; reading: ProbeReading };

const MB = 1024 * 1024;

export function installProbe(): void {
  if (process.env.PORTICO_BENCH !== "1" || !process.send) return;
  // The histogram holds the time between timer ticks (the resolution plus the delay); the reading
  // subtracts the resolution, as @fastify/under-pressure does.
  const RESOLUTION_MS = 10;
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 100);
  sampler.unref();
  let cpu = process.cpuUsage();
  let requests = 0;
  let statements = 0;
  let prepareNs = 0n;

  // Statements are counted by their SQL, leaving out the relay that tails the outbox every few
  // milliseconds and the hourly pruning (background work, not part of any request). No async context
  // tracking: AsyncLocalStorage would slow every promise of the server down on Node 20.
  const background =
    /from "events" where "id" > |^delete from "events"|^select max\("id"\) as "id" from "events"$/;
  const counts = new Map<string, { count: number; ns: bigint }>();
  let runNs = 0n;
  const count = (sql: unknown): { count: number; ns: bigint } | null => {
    const text = typeof sql === "string" ? sql : (sql as { text?: unknown } | null)?.text;
    if (typeof text !== "string" || background.test(text)) return null;
    statements++;
    let entry = counts.get(text);
    if (!entry) counts.set(text, (entry = { count: 0, ns: 0n }));
    entry.count++;
    return entry;
  };
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, ...args: Parameters<typeof emit>) {
    if ((args[0] as string) === "request") requests++;
    return emit.apply(this, args);
  } as typeof emit;
  const require = createRequire(import.meta.url);
  try {
    const Sqlite = require("better-sqlite3") as { prototype: { prepare(sql: string): object } };
    const prepare = Sqlite.prototype.prepare;
    // Statements are counted when they run (the server keeps prepared ones and reuses them), prepares
    // timed when they happen.
    type Runner = (this: { source: string }, ...args: unknown[]) => unknown;
    let patched = false;
    const patchRunners = (statement: object) => {
      if (patched) return;
      patched = true;
      const proto = Object.getPrototypeOf(statement) as Record<string, Runner>;
      for (const name of ["run", "get", "all", "iterate"]) {
        const original = proto[name]!;
        proto[name] = function (this: { source: string }, ...args: unknown[]) {
          const entry = count(this.source);
          if (!entry || name === "iterate") return original.apply(this, args);
          const started = process.hrtime.bigint();
          try {
            return original.apply(this, args);
          } finally {
            const ns = process.hrtime.bigint() - started;
            entry.ns += ns;
            runNs += ns;
          }
        };
      }
    };
    Sqlite.prototype.prepare = function (this: unknown, sql: string) {
      const started = process.hrtime.bigint();
      try {
        const statement = prepare.call(this, sql);
        patchRunners(statement);
        return statement;
      } finally {
        if (!background.test(sql)) prepareNs += process.hrtime.bigint() - started;
      }
    };
    const pg = require("pg") as { Client: { prototype: { query(...args: unknown[]): unknown } } };
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      count(args[0]);
      return query.apply(this, args);
    };
  } catch {
    // A bare server without the database drivers counts no statements.
  }

  const read = (): ProbeReading => {
    const used = process.cpuUsage(cpu);
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const late = (ns: number) => Math.max(0, ms(ns) - RESOLUTION_MS);
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    return {
      eventLoopDelayMs: {
        p50: late(delay.percentile(50)),
        p99: late(delay.percentile(99)),
        max: late(delay.max),
        mean: late(delay.mean),
      },
      rssMb: Math.round(memory.rss / MB),
      peakRssMb: Math.round(peakRss / MB),
      heapUsedMb: Math.round(memory.heapUsed / MB),
      cpuMs: { user: Math.round(used.user / 1000), system: Math.round(used.system / 1000) },
      requests,
      statements,
      prepareMs: ms(Number(prepareNs)),
      runMs: ms(Number(runNs)),
      topStatements: [...counts]
        .sort((a, b) => (a[1].ns === b[1].ns ? b[1].count - a[1].count : b[1].ns > a[1].ns ? 1 : -1))
        .slice(0, 10)
        .map(([sql, { count: n, ns }]) => ({
          count: n,
          ms: ms(Number(ns)),
          sql: sql.length > 300 ? `${sql.slice(0, 300)}…` : sql,
        })),
    };
  };
  process.on("message", (message: ProbeMessage) => {
    if (!message || typeof message !== "object" || !("probe" in message)) return;
    if (message.probe === "reset") {
      delay.reset();
      peakRss = process.memoryUsage.rss();
      cpu = process.cpuUsage();
      requests = 0;
      statements = 0;
      prepareNs = 0n;
      runNs = 0n;
      counts.clear();
    }
    process.send!({ probe: "reading", id: message.id, reading: read() } satisfies ProbeReply);
  });
  // The IPC channel must not keep a server alive that was asked to stop.
  process.channel?.unref();
}
