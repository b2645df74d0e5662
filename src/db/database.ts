// Opens the Kysely instance for the configured dialect, with the settings each dialect needs.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import type { Database } from "./schema.ts";

export type Dialect = "sqlite" | "postgres";
export type Db = Kysely<Database>;
/** A handle repositories accept: the database or a transaction on it. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** The PostgreSQL connection string (the event bus opens its own LISTEN connection with it). */
  url?: string;
  destroy(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.dialect === "sqlite") {
    if (config.file !== ":memory:") mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new SqliteDatabase(config.file);
    // WAL lets readers run beside the single writer. synchronous=FULL (the default here) fsyncs the WAL
    // at every commit, so a ticket acknowledged to a customer survives a power cut; NORMAL is faster
    // and still never corrupts, but may lose the last commits on power loss. See README.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`synchronous = ${config.synchronous.toUpperCase()}`);
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: "sqlite", destroy: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    // Timestamps are bigint milliseconds and must come back as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", url: config.url, destroy: () => db.destroy() };
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
