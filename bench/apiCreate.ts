// Writes: REST ticket creation under load, next to the ceiling of the disk measured in the same run:
// a bare single-row insert transaction loop with the same durability (better-sqlite3 with the same
// `synchronous`; on PostgreSQL, plain `pg` clients as many as the app's pool).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { ManifestWorkspace } from "./dataset/manifest.ts";
import type { LoadCase } from "./loadTest.ts";

/** POST /api/tickets as an integration would: a question from one of the workspace's contacts. */
export function createTicketCase(ws: ManifestWorkspace): LoadCase {
  const type = ws.ticketTypes.find((t) => t.key === "question")!;
  let n = 0;
  return {
    method: "POST",
    path: "/api/tickets",
    headers: { authorization: `Bearer ${ws.apiToken}` },
    body: () => {
      const i = n++;
      return JSON.stringify({
        ticket_type_id: type.id,
        contacts: [{ id: ws.sampleContactIds[i % ws.sampleContactIds.length] }],
        ticket_attributes: {
          _default_title_: `Benchmark question ${i}`,
          _default_description_: "Created by npm run bench to measure ticket creation.",
        },
      });
    },
  };
}

export interface Ceiling {
  perSecond: number;
  transactions: number;
  seconds: number;
  how: string;
}

/** Single-row insert transactions, one after another, into a fresh SQLite file in `dir` (WAL, as the app). */
export function sqliteCeiling(dir: string, synchronous: "full" | "normal", seconds: number): Ceiling {
  const file = join(dir, `ceiling-${synchronous}.db`);
  const remove = () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  };
  remove();
  const db = new BetterSqlite3(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    db.exec("create table ceiling (id integer primary key, body text not null, created_at integer not null)");
    const begin = db.prepare("begin");
    const insert = db.prepare("insert into ceiling (body, created_at) values (?, ?)");
    const commit = db.prepare("commit");
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let n = 0;
    while (performance.now() < deadline) {
      begin.run();
      insert.run(`row ${n}`, Date.now());
      commit.run();
      n++;
    }
    const elapsed = (performance.now() - started) / 1000;
    return {
      perSecond: n / elapsed,
      transactions: n,
      seconds: elapsed,
      how: `better-sqlite3, WAL, synchronous=${synchronous}`,
    };
  } finally {
    db.close();
    remove();
  }
}

/** The same loop on PostgreSQL with `clients` connections at once (the app's default pool size). */
export async function postgresCeiling(url: string, seconds: number, clients = 10): Promise<Ceiling> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(
    "create table bench_ceiling (id bigserial primary key, body text not null, created_at bigint not null)",
  );
  try {
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const counts = await Promise.all(
      Array.from({ length: clients }, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        let n = 0;
        try {
          while (performance.now() < deadline) {
            await client.query("begin");
            await client.query("insert into bench_ceiling (body, created_at) values ($1, $2)", [
              `row ${n}`,
              Date.now(),
            ]);
            await client.query("commit");
            n++;
          }
        } finally {
          await client.end();
        }
        return n;
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const n = counts.reduce((a, b) => a + b, 0);
    const { rows } = await setup.query<{ synchronous_commit: string }>("show synchronous_commit");
    return {
      perSecond: n / elapsed,
      transactions: n,
      seconds: elapsed,
      how: `pg, ${clients} connections, synchronous_commit=${rows[0]!.synchronous_commit}`,
    };
  } finally {
    await setup.query("drop table bench_ceiling");
    await setup.end();
  }
}
