// Database faults inside one process: connections terminated (idle, inside a transaction, the LISTEN
// one), the whole server stopped and started again, SQLite's writer lock held and its disk full. The
// process never ends, requests get 503 with Retry-After while the database is away, nothing half-written
// stays, and everything comes back by itself.
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { isDatabaseUnavailable } from "../../src/db/resilience.ts";
import { buildApiWorkspace, caller } from "../api.ts";
import { testConfig } from "../app.ts";
import { sqliteFile } from "../dialects.ts";
import { signInTeammate } from "../teammates.ts";
import { openSse } from "../sse.ts";
import { hasPostgresServer, startPrivatePostgres, type PrivatePostgres } from "../privatePostgres.ts";
import { upsertCompany } from "../../src/domain/companies/companyCommands.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (or fails the test after `tries`). */
async function eventually(check: () => Promise<boolean>, tries = 200, everyMs = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error("the condition never held");
}

let cluster: PrivatePostgres | null = null;
const requirePostgres = process.env.CI === "true";
const withPostgres = hasPostgresServer();
if (!withPostgres) {
  if (requirePostgres) throw new Error("PostgreSQL's server programs are required in CI for the fault suite");
  console.warn("\n!!! No PostgreSQL server programs: the PostgreSQL fault tests are SKIPPED.\n");
}

beforeAll(async () => {
  if (withPostgres) cluster = await startPrivatePostgres();
}, 120_000);
afterAll(async () => cluster?.destroy());

describe("PostgreSQL faults (postgres)", () => {
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let origin: string;
  const dbName = "faults_in_process";

  beforeAll(async () => {
    if (!cluster) return;
    const url = await cluster.createDatabase(dbName);
    database = openDatabase(
      { dialect: "postgres", url, poolSize: 4, connectTimeoutMs: 1000 },
      { probeIntervalMs: 100 },
    );
    await migrateToLatest(database.db);
    app = await buildApp({ config: testConfig({ eventBus: "postgres" }), database });
    origin = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  it.runIf(withPostgres)("keeps serving when idle connections are terminated", async () => {
    const { token } = await buildApiWorkspace(database.db);
    const api = caller(app, token);
    expect((await api("POST", "/api/companies", { company_id: "before", name: "Before" })).statusCode).toBe(
      200,
    );
    const terminated = await cluster!.terminateBackends(dbName, "and backend_type = 'client backend'");
    expect(terminated).toBeGreaterThan(0);
    await sleep(100);
    // Reads on a lost connection are retried once on a fresh one; writes go to a fresh connection.
    expect((await api("GET", "/api/companies?company_id=before")).statusCode).toBe(200);
    expect((await api("POST", "/api/companies", { company_id: "after", name: "After" })).statusCode).toBe(
      200,
    );
    const health = await app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json().lost_connections).toBeGreaterThan(0);
  });

  it.runIf(withPostgres)(
    "survives a connection terminated inside a transaction, which rolls back",
    async () => {
      const { workspace } = await buildApiWorkspace(database.db);
      const failure = await database.db
        .transaction()
        .execute(async (trx) => {
          await upsertCompany(trx, workspace.id, "lost-in-transaction", { name: "Lost" });
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          await cluster!.terminateBackends(dbName, `and pid = ${Number(rows[0]!.pid)}`);
          // The client hears the server's FATAL while it sits idle in the transaction: an 'error' event.
          await sleep(200);
          await sql`select 1`.execute(trx);
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(isDatabaseUnavailable(failure)).toBe(true);
      const left = await database.db
        .selectFrom("companies")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .where("external_id", "=", "lost-in-transaction")
        .execute();
      expect(left).toEqual([]);
    },
  );

  it.runIf(withPostgres)(
    "answers 503 with Retry-After while the server is down, recovers by itself, and the live stream resumes",
    async () => {
      const { workspace, token } = await buildApiWorkspace(database.db);
      const api = caller(app, token);
      const { cookie } = await signInTeammate(app, database.db, workspace, "admin");
      const stream = await openSse(`${origin}/app/events`, { cookie });
      expect(stream.status).toBe(200);

      await cluster!.stop("fast");
      const down = await api("POST", "/api/companies", { company_id: "while-down", name: "Down" });
      expect(down.statusCode).toBe(503);
      expect(down.headers["retry-after"]).toBeDefined();
      expect(down.json().errors[0].code).toBe("service_unavailable");
      const read = await api("GET", "/api/companies?company_id=while-down");
      expect(read.statusCode).toBe(503);
      const health = await app.inject({ method: "GET", url: "/healthz" });
      expect(health.statusCode).toBe(503);
      expect(health.json().database).toBe("unreachable");

      await cluster!.start();
      await eventually(async () => (await app.inject({ method: "GET", url: "/healthz" })).statusCode === 200);
      await eventually(async () => app.realtime.bus.status().connected);
      const created = await api("POST", "/api/companies", { company_id: "after-restart", name: "Back" });
      expect(created.statusCode).toBe(200);
      // The stream opened before the outage is still there and carries what happened after it.
      const event = await stream.next((e) => e.event === "company.created", 15_000);
      expect((event.data as { subject_id: string }).subject_id).toBe(created.json().id);
      expect((await api("GET", "/api/companies?company_id=while-down")).json().total_count ?? 0).toBe(0);
      stream.close();
    },
    120_000,
  );

  it.runIf(withPostgres)("replays what committed while the LISTEN connection was away", async () => {
    const { workspace, token } = await buildApiWorkspace(database.db);
    const api = caller(app, token);
    const { cookie } = await signInTeammate(app, database.db, workspace, "admin");
    const stream = await openSse(`${origin}/app/events`, { cookie });
    await cluster!.terminateBackends(dbName, "and application_name = 'portico-bus'");
    // Written before the bus has a new LISTEN connection: no NOTIFY reaches this instance for it.
    const created = await api("POST", "/api/companies", { company_id: "unheard", name: "Unheard" });
    expect(created.statusCode).toBe(200);
    const event = await stream.next((e) => e.event === "company.created", 15_000);
    expect((event.data as { subject_id: string }).subject_id).toBe(created.json().id);
    stream.close();
  });
});

describe("SQLite faults (sqlite)", () => {
  it("answers 503 while another connection holds the writer lock, and writes once it is released", async () => {
    const file = sqliteFile();
    const database = openDatabase({ dialect: "sqlite", file, synchronous: "normal", busyTimeoutMs: 100 });
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig(), database });
    try {
      const { token } = await buildApiWorkspace(database.db);
      const api = caller(app, token);
      const other = openDatabase({ dialect: "sqlite", file, synchronous: "normal" });
      await sql`begin immediate`.execute(other.db);
      const busy = await api("POST", "/api/companies", { company_id: "busy", name: "Busy" });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers["retry-after"]).toBeDefined();
      await sql`rollback`.execute(other.db);
      await other.destroy();
      expect((await api("POST", "/api/companies", { company_id: "busy", name: "Busy" })).statusCode).toBe(
        200,
      );
    } finally {
      await app.close();
      await database.destroy();
    }
  });

  it("answers 503 when the disk is full and leaves no part of the ticket behind", async () => {
    const database = openDatabase({ dialect: "sqlite", file: sqliteFile(), synchronous: "normal" });
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig(), database });
    try {
      const { token } = await buildApiWorkspace(database.db);
      const api = caller(app, token);
      const type = (await api("POST", "/api/ticket_types", { name: "Disk" })).json();
      const contact = (await api("POST", "/api/contacts", { external_id: "disk-user" })).json();
      const counts = async () => {
        const row = await sql<{ tickets: number; parts: number; events: number }>`
          select (select count(*) from tickets) as tickets, (select count(*) from ticket_parts) as parts,
                 (select count(*) from events) as events`.execute(database.db);
        return row.rows[0]!;
      };
      const before = await counts();
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(database.db);
      // The file may grow by no page at all: the next write that needs one fails with SQLITE_FULL.
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(database.db);
      const big = "x".repeat(60_000);
      const full = await api("POST", "/api/tickets", {
        ticket_type_id: type.id,
        contacts: [{ id: contact.id }],
        ticket_attributes: { _default_title_: "Full disk", _default_description_: big },
      });
      expect(full.statusCode, full.body).toBe(503);
      expect(full.json().errors[0].code).toBe("service_unavailable");
      expect(await counts()).toEqual(before);
      await sql.raw(`pragma max_page_count = 1073741823`).execute(database.db);
      const created = await api("POST", "/api/tickets", {
        ticket_type_id: type.id,
        contacts: [{ id: contact.id }],
        ticket_attributes: { _default_title_: "Room again" },
      });
      expect(created.statusCode).toBe(200);
    } finally {
      await app.close();
      await database.destroy();
    }
  });
});
