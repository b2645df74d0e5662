// Kysely's SQLite dialect with three changes: prepared statements are kept and reused (Kysely's own driver
// prepares every query afresh), a long stretch of statements lets the event loop turn (LoopSlice), and a
// rollback after SQLite already ended the transaction (a full disk, an I/O error) is skipped instead of
// raising "no transaction is active" over the real error.
import type BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";

const STATEMENT_CACHE_SIZE = 1000;

/**
 * better-sqlite3 runs each statement synchronously and its promise resolves at once, so the statements of
 * many concurrent requests can chain through microtasks for a long stretch without the event loop turning:
 * timers, new connections and every other socket wait for all of it. After SLICE_MS of such a stretch the
 * next statement waits for the loop to turn (setImmediate), which bounds the delay any request can cause
 * to roughly SLICE_MS plus its longest single statement.
 */
export const SLICE_MS = 5;

class LoopSlice {
  private startedAt = 0;
  private turnPending = false;
  private readonly turned = () => {
    this.turnPending = false;
  };

  async enter(): Promise<void> {
    for (;;) {
      if (!this.turnPending) {
        // The first statement since the loop turned: a new slice starts.
        this.turnPending = true;
        this.startedAt = performance.now();
        setImmediate(this.turned);
        return;
      }
      if (performance.now() - this.startedAt < SLICE_MS) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

class SqliteConnection implements DatabaseConnection {
  /** Most recently used last; the oldest is evicted when full. */
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private readonly slice = new LoopSlice();

  constructor(readonly db: BetterSqlite3.Database) {}

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        this.statements.delete(this.statements.keys().next().value!);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    await this.slice.enter();
    const statement = this.statement(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) {
      throw new Error("SQLite streams only select queries");
    }
    // A statement being iterated cannot run anything else: a stream gets its own.
    const statement = this.db.prepare(compiledQuery.sql);
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/** SQLite has one connection: whoever holds it has the database until they release it. */
class ConnectionMutex {
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  unlock(): void {
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }
}

class SqliteDriver implements Driver {
  private readonly mutex = new ConnectionMutex();
  private readonly connection: SqliteConnection;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.connection = new SqliteConnection(db);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLITE_FULL and some I/O errors roll the transaction back by themselves.
    if (!this.db.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    if (!this.db.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${name}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${name}`));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.db.close();
  }
}

export class PorticoSqliteDialect implements Dialect {
  constructor(private readonly db: BetterSqlite3.Database) {}

  createDriver(): Driver {
    return new SqliteDriver(this.db);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}
