// Loads a whole benchmark dataset into a migrated database: the app's commands for each workspace's
// setup, the generator's rows through a bulk sink, counters, sessions, and the manifest that names them.
import { performance } from "node:perf_hooks";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { hashPassword } from "../../src/identity/passwords.ts";
import {
  createSession,
  PORTAL_SESSION_TTL_MS,
  TEAMMATE_SESSION_TTL_MS,
} from "../../src/identity/sessions.ts";
import { generateWorkspace, IdMaker, type GeneratedWorkspace } from "./generate.ts";
import type { BenchManifest, ManifestViewer, ManifestWorkspace } from "./manifest.ts";
import { datasetPlan } from "./plan.ts";
import { Random } from "./random.ts";
import { setUpWorkspace, type SetupWorkspace } from "./setup.ts";
import { BULK_TABLES, PostgresSink, SqliteSink, type BulkRow, type BulkSink } from "./sinks.ts";

export interface LoadOptions {
  dialect: "sqlite" | "postgres";
  /** The SQLite file, or the PostgreSQL URL of an existing database. */
  database: string;
  scale: number;
  seed?: string;
  /** Unix ms every generated timestamp lies before; default: the start of the current UTC day. */
  anchor?: number;
  secretKey: Buffer;
  /**
   * The loader has the database to itself: secondary indexes are dropped during the load and rebuilt
   * from their own definitions after, and foreign keys are not checked row by row. Off when other
   * writers share the database (the test suite's PostgreSQL database).
   */
  exclusive: boolean;
  /** Appended to every workspace slug, so several datasets can share one database. */
  tag?: string;
  log?: (message: string) => void;
}

const DAY = 24 * 3600 * 1000;

interface Bulk {
  sink: BulkSink;
  /** Drops the secondary indexes (exclusive loads) and returns how to rebuild them. */
  dropIndexes(): Promise<() => Promise<void>>;
  /** The workspace's ticket number counter, as allocateTicketNumber would have left it. */
  setTicketCounter(workspaceId: string, lastNumber: number): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

function sqliteBulk(file: string, exclusive: boolean): Bulk {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma("busy_timeout = 5000");
  if (exclusive) {
    // Nothing else reads the file while it loads: no journal, no syncs, a large page cache.
    sqlite.pragma("journal_mode = OFF");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("foreign_keys = OFF");
  } else {
    sqlite.pragma("foreign_keys = ON");
  }
  sqlite.pragma("cache_size = -262144");
  sqlite.pragma("temp_store = MEMORY");
  const inner = new SqliteSink(sqlite);
  // Batches go into one transaction until about 200,000 rows are in it (and a full drain commits).
  let pending = 0;
  const sink: BulkSink = {
    add: (table, row) => {
      inner.add(table, row);
      pending++;
    },
    written: inner.written,
    drain: async (all) => {
      if (!sqlite.inTransaction) sqlite.exec("begin");
      try {
        await inner.drain(all);
        if (all || pending >= 200_000) {
          sqlite.exec("commit");
          pending = 0;
        }
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec("rollback");
        throw error;
      }
    },
  };
  return {
    sink,
    async dropIndexes() {
      const indexes = sqlite
        .prepare(
          `select name, sql from sqlite_master where type = 'index' and sql is not null
           and tbl_name in (${BULK_TABLES.map(() => "?").join(",")})`,
        )
        .all(...BULK_TABLES) as Array<{ name: string; sql: string }>;
      for (const index of indexes) sqlite.exec(`drop index ${index.name}`);
      return async () => {
        for (const index of indexes) sqlite.exec(index.sql);
      };
    },
    async setTicketCounter(workspaceId, lastNumber) {
      sqlite
        .prepare("update ticket_number_counters set last_number = ? where workspace_id = ?")
        .run(lastNumber, workspaceId);
    },
    async finish() {
      if (exclusive) sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
    },
    async close() {
      sqlite.close();
    },
  };
}

async function postgresBulk(url: string, exclusive: boolean): Promise<Bulk> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("set synchronous_commit = off");
  if (exclusive) {
    // Foreign keys are enforced by triggers; replica mode skips them for this session only.
    await client.query("set session_replication_role = replica");
    await client.query("set maintenance_work_mem = '1GB'");
  }
  const sink = new PostgresSink(client);
  return {
    sink,
    async dropIndexes() {
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(
        `select i.indexname, i.indexdef from pg_indexes i
         where i.schemaname = current_schema() and i.tablename = any($1)
         and not exists (select 1 from pg_constraint c where c.conindid = format('%I', i.indexname)::regclass)`,
        [[...BULK_TABLES]],
      );
      for (const index of rows) await client.query(`drop index ${index.indexname}`);
      return async () => {
        for (const index of rows) await client.query(index.indexdef);
      };
    },
    async setTicketCounter(workspaceId, lastNumber) {
      await client.query("update ticket_number_counters set last_number = $1 where workspace_id = $2", [
        lastNumber,
        workspaceId,
      ]);
    },
    async finish() {
      if (exclusive) {
        await client.query("set session_replication_role = origin");
        // What autovacuum would have done by the time a workspace had grown this large.
        await client.query("vacuum analyze");
      }
    },
    async close() {
      await client.end();
    },
  };
}

const seconds = (from: number) => Math.round((performance.now() - from) / 10) / 100;

function pickTerms(counts: Record<string, number>, tickets: number): ManifestWorkspace["searchTerms"] {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const closest = (share: number) => {
    const target = share * tickets;
    const [term, n] = entries.reduce((best, entry) =>
      Math.abs(Math.log(entry[1] / target)) < Math.abs(Math.log(best[1] / target)) ? entry : best,
    );
    return { term, tickets: n };
  };
  return { common: closest(0.05), medium: closest(0.01), rare: closest(0.001) };
}

/** Generates and writes the dataset of `scale` into an already migrated (or empty) database. */
export async function loadDataset(options: LoadOptions): Promise<BenchManifest> {
  const log = options.log ?? (() => {});
  const startedAt = performance.now();
  const seed = options.seed ?? "portico-bench";
  const anchor = options.anchor ?? Math.floor(Date.now() / DAY) * DAY;
  const plan = datasetPlan(options.scale, seed);
  const tag = options.tag ?? "";

  const handle: DatabaseHandle = openDatabase(
    options.dialect === "sqlite"
      ? { dialect: "sqlite", file: options.database, synchronous: "normal" }
      : { dialect: "postgres", url: options.database, poolSize: 2 },
  );
  try {
    await migrateToLatest(handle.db);
    const setups: SetupWorkspace[] = [];
    for (const workspace of plan.workspaces) {
      setups.push(await setUpWorkspace(handle.db, options.secretKey, workspace, tag));
    }
    const setupSeconds = seconds(startedAt);
    log(`set up ${setups.length} workspaces through the app's commands in ${setupSeconds} s`);

    const bulkStarted = performance.now();
    const bulk =
      options.dialect === "sqlite"
        ? sqliteBulk(options.database, options.exclusive)
        : await postgresBulk(options.database, options.exclusive);
    const generated: GeneratedWorkspace[] = [];
    try {
      const rebuild = options.exclusive ? await bulk.dropIndexes() : async () => {};
      const random = new Random(seed);
      const ids = new IdMaker();
      const events: Array<BulkRow<"events">> = [];
      const passwordHash = await hashPassword("bench-agent-password");
      for (let i = 0; i < plan.workspaces.length; i++) {
        const workspacePlan = plan.workspaces[i]!;
        const workspaceStarted = performance.now();
        generated.push(
          await generateWorkspace({
            sink: bulk.sink,
            setup: setups[i]!,
            plan: workspacePlan,
            random: random.fork(workspacePlan.key),
            ids,
            anchor,
            passwordHash,
            events,
          }),
        );
        await bulk.setTicketCounter(setups[i]!.id, workspacePlan.tickets);
        if (workspacePlan.tickets >= 10_000) {
          log(`  ${workspacePlan.key}: ${workspacePlan.tickets} tickets in ${seconds(workspaceStarted)} s`);
        }
      }
      events.sort((a, b) => a.created_at - b.created_at);
      for (const event of events) bulk.sink.add("events", event);
      await bulk.sink.drain(true);
      const bulkSeconds = seconds(bulkStarted);
      log(`wrote ${Object.values(bulk.sink.written).reduce((a, b) => a + b, 0)} rows in ${bulkSeconds} s`);

      const indexStarted = performance.now();
      await rebuild();
      const indexSeconds = seconds(indexStarted);
      if (options.exclusive) log(`rebuilt the secondary indexes in ${indexSeconds} s`);
      const finishStarted = performance.now();
      await bulk.finish();
      const finishSeconds = seconds(finishStarted);

      // Sessions through the app's own function, so they authenticate unchanged.
      const workspaces: Record<string, ManifestWorkspace> = {};
      for (let i = 0; i < plan.workspaces.length; i++) {
        const setup = setups[i]!;
        const facts = generated[i]!;
        const viewers: ManifestWorkspace["viewers"] = {};
        for (const viewer of facts.viewers) {
          const session = await createSession(
            handle.db,
            { workspaceId: setup.id, kind: "portal", contactId: viewer.contactId },
            PORTAL_SESSION_TTL_MS,
          );
          viewers[viewer.key] = { ...viewer, session } satisfies ManifestViewer;
        }
        workspaces[plan.workspaces[i]!.key] = {
          key: plan.workspaces[i]!.key,
          id: setup.id,
          slug: setup.slug,
          name: setup.name,
          host: setup.host,
          apiToken: setup.apiToken,
          adminId: setup.adminId,
          adminEmail: setup.adminEmail,
          adminPassword: setup.adminPassword,
          teammateSession: await createSession(
            handle.db,
            { workspaceId: setup.id, kind: "teammate", teammateId: setup.adminId },
            TEAMMATE_SESSION_TTL_MS,
          ),
          ticketTypes: setup.types.map((t) => ({ key: t.key, id: t.id, category: t.category })),
          tickets: facts.tickets,
          viewers,
          audience: facts.audience,
          busiestCompany: facts.busiestCompany,
          searchTerms: pickTerms(facts.termCounts, facts.tickets),
          sampleContactIds: facts.sampleContactIds,
        };
      }
      return {
        version: 1,
        dialect: options.dialect,
        database: options.database,
        scale: options.scale,
        seed,
        anchor,
        generatedAt: new Date().toISOString(),
        secretKey: options.secretKey.toString("hex"),
        timings: { setupSeconds, bulkSeconds, indexSeconds, finishSeconds, totalSeconds: seconds(startedAt) },
        rows: { ...bulk.sink.written },
        workspaces,
      };
    } finally {
      await bulk.close();
    }
  } finally {
    await handle.destroy();
  }
}
