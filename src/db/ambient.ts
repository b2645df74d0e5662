// Request-wide transactions: while one is open, every query made in its async context — by any
// repository or command, through the root `db` or a nested `db.transaction()` (a savepoint then) — runs
// on its one connection, and commits or rolls back with it. An idempotent write uses this to store its
// answer in the same transaction as the rows it created: both are there after a crash, or neither is.
import { AsyncLocalStorage } from "node:async_hooks";
import { DelegatingDriver } from "./delegatingDriver.ts";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type Kysely,
  type TransactionSettings,
} from "kysely";

interface Scope {
  /** What queries of the scope use: the connection, one query at a time (work inside may run in parallel). */
  connection: DatabaseConnection;
  /** The pooled connection underneath, for the driver's own begin/commit/release. */
  raw: DatabaseConnection;
  /** Open savepoints of nested transactions, innermost last. */
  savepoints: string[];
  next: number;
}

const storage = new AsyncLocalStorage<Scope>();

/** The scope whose connection `connection` is, when a query of that scope uses it. */
function scopeOf(connection: DatabaseConnection): Scope | undefined {
  const scope = storage.getStore();
  return scope?.connection === connection ? scope : undefined;
}

/** Wraps a driver so queries inside an open request transaction use its connection. */
export class AmbientDriver extends DelegatingDriver {
  private initialised: Promise<void> | undefined;

  override init(): Promise<void> {
    this.initialised ??= this.inner.init();
    return this.initialised;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return storage.getStore()?.connection ?? this.inner.acquireConnection();
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (scopeOf(connection)) return;
    await this.inner.releaseConnection(connection);
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const scope = scopeOf(connection);
    if (!scope) return this.inner.beginTransaction(connection, settings);
    const name = `portico_sp_${++scope.next}`;
    scope.savepoints.push(name);
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const scope = scopeOf(connection);
    if (!scope) return this.inner.commitTransaction(connection);
    const name = scope.savepoints.pop();
    if (name) await connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scope = scopeOf(connection);
    if (!scope) return this.inner.rollbackTransaction(connection);
    const name = scope.savepoints.pop();
    if (name) {
      await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
      await connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
    }
  }

  /** Opens a transaction on a connection of its own (see RequestTransaction). */
  async begin(): Promise<RequestTransaction> {
    await this.init();
    const connection = await this.inner.acquireConnection();
    try {
      await this.inner.beginTransaction(connection, {});
    } catch (error) {
      await this.inner.releaseConnection(connection);
      throw error;
    }
    return new RequestTransaction(this.inner, {
      connection: serialised(connection),
      raw: connection,
      savepoints: [],
      next: 0,
    });
  }
}

/** One open request transaction: run work inside it, then commit or roll back exactly once. */
export class RequestTransaction {
  private finished = false;

  constructor(
    private readonly driver: Driver,
    private readonly scope: Scope,
  ) {}

  get open(): boolean {
    return !this.finished;
  }

  /** Runs `work` so that every query it makes (and what it awaits) uses this transaction. */
  run<T>(work: () => T): T {
    return storage.run(this.scope, work);
  }

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.driver.commitTransaction(this.scope.raw);
    } catch (error) {
      await this.driver.rollbackTransaction(this.scope.raw).catch(() => {});
      throw error;
    } finally {
      await this.driver.releaseConnection(this.scope.raw);
    }
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.driver.rollbackTransaction(this.scope.raw);
    } catch {
      // A lost connection has rolled back by itself.
    } finally {
      await this.driver.releaseConnection(this.scope.raw);
    }
  }
}

/**
 * The connection seen through a queue: a request's parallel reads (Promise.all in a presenter) would
 * otherwise reach one PostgreSQL client at once, which pg only queues with a deprecation warning.
 */
function serialised(connection: DatabaseConnection): DatabaseConnection {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    executeQuery: <R>(query: CompiledQuery) => {
      const run = tail.then(() => connection.executeQuery<R>(query));
      tail = run.catch(() => {});
      return run;
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  };
}

const drivers = new WeakMap<Kysely<never>, AmbientDriver>();

export function registerAmbientDriver(db: Kysely<never>, driver: AmbientDriver): void {
  drivers.set(db, driver);
}

/** Opens a request transaction on `db` (opened by openDatabase). */
export function beginRequestTransaction(db: Kysely<never>): Promise<RequestTransaction> {
  const driver = drivers.get(db);
  if (!driver) throw new Error("this database was not opened with request transactions");
  return driver.begin();
}
