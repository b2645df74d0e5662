// Opens the Kysely instance for the configured dialect, with the settings each dialect needs.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, sql, type Dialect as KyselyDialect, type Transaction } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import { AmbientDriver, registerAmbientDriver } from "./ambient.ts";
import { DatabaseHealth, ResilientDriver, type ResilienceOptions } from "./resilience.ts";
import type { Database } from "./schema.ts";
import { PorticoSqliteDialect } from "./sqliteDialect.ts";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;
/** A handle repositories accept: the database or a transaction on it. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** The PostgreSQL connection string (the event bus opens its own LISTEN connection with it). */
  url?: string;
  /** Up or down, as the connections last saw it (/healthz, the 503 answers). */
  health: DatabaseHealth;
  destroy(): Promise<void>;
}

export interface OpenOptions {
  /** Where state changes and lost connections are reported (the server log); quiet by default. */
  log?: ResilienceOptions["log"];
  probeIntervalMs?: number;
}

/**
 * The dialect with its driver behind the fail-fast and probe wrapper, and the request-transaction one
 * above it (db/ambient.ts); `made` receives the latter once Kysely creates it.
 */
function resilient(
  dialect: KyselyDialect,
  health: DatabaseHealth,
  options: ResilienceOptions,
  made: (driver: AmbientDriver) => void,
): KyselyDialect {
  return {
    createDriver: () => {
      const driver = new AmbientDriver(new ResilientDriver(dialect.createDriver(), health, options));
      made(driver);
      return driver;
    },
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): DatabaseHandle {
  const health = new DatabaseHealth();
  const resilience: ResilienceOptions = {
    log: options.log ?? (() => {}),
    probeIntervalMs: options.probeIntervalMs ?? 500,
  };
  if (config.dialect === "sqlite") {
    if (config.file !== ":memory:") mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new SqliteDatabase(config.file);
    // WAL lets readers run beside the single writer. synchronous=FULL (the default here) fsyncs the WAL
    // at every commit, so a ticket acknowledged to a customer survives a power cut; NORMAL is faster
    // and still never corrupts, but may lose the last commits on power loss. See README.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`synchronous = ${config.synchronous.toUpperCase()}`);
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma(`busy_timeout = ${config.busyTimeoutMs ?? 5000}`);
    // The default 2 MB page cache holds a fraction of the indexes a portal list walks at a million
    // tickets; 32 MiB holds the hot ones and stays well inside the memory budget. Sorts and the search's
    // candidate sets stay in memory. Memory-mapped reads are left off: their pages would count in RSS.
    sqlite.pragma("cache_size = -32768");
    sqlite.pragma("temp_store = MEMORY");
    let driver: AmbientDriver | undefined;
    const db = new Kysely<Database>({
      dialect: resilient(new PorticoSqliteDialect(sqlite), health, resilience, (d) => (driver = d)),
    });
    registerAmbientDriver(db as never, driver!);
    return { db, dialect: "sqlite", health, destroy: () => db.destroy() };
  }
  const statementTimeoutMs = config.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    // Bounded waits: a connect that does not complete, a statement that runs too long, a transaction
    // left idle by a stalled request all end instead of holding the request or a connection forever.
    connectionTimeoutMillis: config.connectTimeoutMs ?? 5000,
    ...(statementTimeoutMs > 0
      ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 5000 }
      : {}),
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
    application_name: "portico",
    // Timestamps are bigint milliseconds and must come back as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server ends (restart, pg_terminate_backend, network) emits 'error': on an idle
  // client through the pool, on a checked-out one (inside a transaction) on the client itself. Unheard,
  // either would end the process; heard, the pool drops that client and the next query gets a new one.
  pool.on("error", (error) => {
    health.noteFailure(error);
    resilience.log("an idle database connection was lost", error);
  });
  pool.on("connect", (client) => {
    client.on("error", (error) => health.noteFailure(error));
  });
  let driver: AmbientDriver | undefined;
  const db = new Kysely<Database>({
    dialect: resilient(new PostgresDialect({ pool }), health, resilience, (d) => (driver = d)),
  });
  registerAmbientDriver(db as never, driver!);
  return { db, dialect: "postgres", url: config.url, health, destroy: () => db.destroy() };
}

/** True when the database answers a trivial query; used by /healthz. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
