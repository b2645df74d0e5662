// Database faults as values: which errors mean "the database cannot serve now" (answered 503, never 500),
// a health record fed by every connection, and a driver wrapper that fails fast while the database is
// down, probes until it is back, and retries a lost read once on a fresh connection.
import type { DatabaseConnection, Driver, QueryResult, TransactionSettings } from "kysely";
import { CompiledQuery, SelectQueryNode } from "kysely";
import { DelegatingDriver } from "./delegatingDriver.ts";

/** Thrown at once while the database is known to be down (no connection attempt, no wait). */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  readonly code = "DATABASE_UNAVAILABLE";
  constructor(readonly causeError?: unknown) {
    super("The database is unavailable.");
  }
}

const CONNECTION_MESSAGES = [
  "Connection terminated",
  "connection error and is not queryable",
  "Client was closed and is not queryable",
  "Query read timeout",
  "Connection ended",
  "Cannot use a pool after calling end",
];
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The connection itself failed (refused, reset, terminated by the server, timed out): the database or
 * the way to it is gone. A later attempt on a new connection may succeed.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = codeOf(error);
  if (NETWORK_CODES.has(code)) return true;
  // PostgreSQL: class 08 connection exceptions; admin/crash shutdown; cannot connect now; too many clients.
  if (/^08/.test(code) || ["57P01", "57P02", "57P03", "53300"].includes(code)) return true;
  const message = messageOf(error);
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/**
 * The database cannot serve this request now, through no fault of the request: a lost connection, a
 * statement that ran out of time, SQLite's writer lock held too long, a full or failing disk. Such a
 * request is answered 503 with Retry-After; the same request may succeed later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (isConnectionFailure(error)) return true;
  // pg-pool: every connection was busy for the whole connect timeout (overload, not an outage).
  if (messageOf(error).includes("timeout exceeded when trying to connect")) return true;
  const code = codeOf(error);
  // PostgreSQL: statement timeout / cancel, lock timeout, serialization and deadlock losers, out of
  // disk or memory, cannot connect now.
  if (["57014", "55P03", "40001", "40P01", "53100", "53200"].includes(code)) return true;
  return /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|NOMEM|PROTOCOL)/.test(code);
}

export type DatabaseState = "up" | "down";

/** What this process knows of its database: up, or down since when and why. */
export class DatabaseHealth {
  state: DatabaseState = "up";
  since = Date.now();
  lastError: string | null = null;
  /** Lost connections and failed connects seen since start (for /healthz and the fault suite). */
  failures = 0;
  private readonly listeners = new Set<(state: DatabaseState) => void>();

  markDown(error: unknown): void {
    this.failures++;
    this.lastError = messageOf(error);
    if (this.state === "down") return;
    this.state = "down";
    this.since = Date.now();
    for (const listener of this.listeners) listener("down");
  }

  markUp(): void {
    if (this.state === "up") return;
    this.state = "up";
    this.since = Date.now();
    for (const listener of this.listeners) listener("up");
  }

  /** Notes a lost connection without declaring the database down (the pool replaces it). */
  noteFailure(error: unknown): void {
    this.failures++;
    this.lastError = messageOf(error);
  }

  onChange(listener: (state: DatabaseState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface ResilienceOptions {
  /** How often a down database is probed. */
  probeIntervalMs: number;
  /** Logs state changes (the server log); tests pass a no-op. */
  log: (message: string, error?: unknown) => void;
}

/**
 * Wraps a driver: while the database is down every acquisition fails at once (the probe alone tries to
 * connect), a failed connect marks it down, and a read that loses its connection outside a transaction
 * is tried once more on a fresh connection (reads change nothing, so a retry is safe).
 */
export class ResilientDriver extends DelegatingDriver {
  private probing: NodeJS.Timeout | undefined;
  private destroyed = false;
  private readonly inTransaction = new WeakSet<DatabaseConnection>();

  constructor(
    inner: Driver,
    readonly health: DatabaseHealth,
    private readonly options: ResilienceOptions,
  ) {
    super(inner);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.health.state === "down") throw new DatabaseUnavailableError(this.health.lastError);
    return this.wrap(await this.connect());
  }

  private async connect(): Promise<DatabaseConnection> {
    try {
      return await this.inner.acquireConnection();
    } catch (error) {
      if (isConnectionFailure(error)) this.down(error);
      throw error;
    }
  }

  private wrap(connection: DatabaseConnection): DatabaseConnection {
    if ((connection as { porticoWrapped?: boolean }).porticoWrapped) return connection;
    const execute = connection.executeQuery.bind(connection);
    connection.executeQuery = async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      try {
        return await execute<R>(query);
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        this.health.noteFailure(error);
        if (!SelectQueryNode.is(query.query) || this.inTransaction.has(connection)) throw error;
        // The connection is gone (the pool discards it): run the read once more on another one.
        return this.retryRead<R>(query, error);
      }
    };
    (connection as { porticoWrapped?: boolean }).porticoWrapped = true;
    return connection;
  }

  private async retryRead<R>(query: CompiledQuery, first: unknown): Promise<QueryResult<R>> {
    if (this.health.state === "down") throw first;
    const fresh = await this.connect();
    try {
      return await fresh.executeQuery<R>(query);
    } catch (error) {
      if (isConnectionFailure(error)) this.down(error);
      throw error;
    } finally {
      await this.inner.releaseConnection(fresh);
    }
  }

  private down(error: unknown): void {
    const wasUp = this.health.state === "up";
    this.health.markDown(error);
    if (wasUp) this.options.log("database unavailable: answering 503 until it is back", error);
    this.probe();
  }

  private probe(): void {
    if (this.probing || this.destroyed) return;
    this.probing = setTimeout(async () => {
      this.probing = undefined;
      if (this.destroyed) return;
      try {
        const connection = await this.inner.acquireConnection();
        try {
          await connection.executeQuery(CompiledQuery.raw("select 1"));
        } finally {
          await this.inner.releaseConnection(connection);
        }
        this.health.markUp();
        this.options.log("database reachable again");
      } catch (error) {
        this.health.noteFailure(error);
        this.probe();
      }
    }, this.options.probeIntervalMs);
    this.probing.unref();
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    this.inTransaction.add(connection);
    await this.inner.beginTransaction(connection, settings);
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(connection);
    } finally {
      this.inTransaction.delete(connection);
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(connection);
    } finally {
      this.inTransaction.delete(connection);
    }
  }

  override async destroy(): Promise<void> {
    this.destroyed = true;
    clearTimeout(this.probing);
    await this.inner.destroy();
  }
}
