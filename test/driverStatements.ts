// Counts the SQL statements a piece of work runs at the drivers (better-sqlite3 statements run, pg queries
// sent), as bench/probe.ts does: every handle in the process counts, the outbox relay's polling left out.
import { createRequire } from "node:module";

/** The outbox relay tails the events table every few milliseconds: background work, not the request's. */
const BACKGROUND =
  /from "events" where "id" > |from "events" where "workspace_id" = \$1 and "id" in|^delete from "events"|^select max\("id"\) as "id" from "events"$/;

let recording: string[] | null = null;
let installed = false;

function record(sql: unknown): void {
  const text = typeof sql === "string" ? sql : (sql as { text?: unknown } | null)?.text;
  if (recording && typeof text === "string" && !BACKGROUND.test(text)) recording.push(text);
}

function install(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  type Runner = (this: { source: string }, ...args: unknown[]) => unknown;
  const Sqlite = require("better-sqlite3") as new (file: string) => {
    prepare(sql: string): object;
    close(): void;
  };
  const probe = new Sqlite(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, Runner>;
  probe.close();
  for (const name of ["run", "get", "all", "iterate"]) {
    const original = proto[name]!;
    proto[name] = function (this: { source: string }, ...args: unknown[]) {
      record(this.source);
      return original.apply(this, args);
    };
  }
  const pg = require("pg") as { Client: { prototype: { query(...args: unknown[]): unknown } } };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    record(args[0]);
    return query.apply(this, args);
  };
}

/** Runs `work` and returns what it returned with the SQL of every statement run meanwhile, in order. */
export async function countStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  install();
  if (recording) throw new Error("countStatements does not nest");
  const statements: string[] = [];
  recording = statements;
  try {
    return { result: await work(), statements };
  } finally {
    recording = null;
  }
}
