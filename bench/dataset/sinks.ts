// Bulk row writers for the dataset generator: prepared multi-row INSERTs in batched transactions on
// SQLite, one `INSERT ... SELECT FROM unnest($1::type[], ...)` per batch and table on PostgreSQL.
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import type { Selectable } from "kysely";
import type { Database } from "../../src/db/schema.ts";

/** The tables the generator fills in bulk, parents first (the order batches are written in). */
export const BULK_TABLES = [
  "teammates",
  "companies",
  "contacts",
  "company_memberships",
  "conversations",
  "conversation_participants",
  "conversation_parts",
  "tickets",
  "ticket_contacts",
  "ticket_parts",
  "ticket_links",
  "events",
] as const;

export type BulkTable = (typeof BULK_TABLES)[number];

/** A full row as the app stores it (the events id is the database's to assign). */
export type BulkRow<T extends BulkTable> = T extends "events"
  ? Omit<Selectable<Database["events"]>, "id">
  : Selectable<Database[T]>;

type Value = string | number | null;

export interface BulkSink {
  add<T extends BulkTable>(table: T, row: BulkRow<T>): void;
  /** Writes the batches that are full (and, with `all`, every buffered row), parents first. */
  drain(all?: boolean): Promise<void>;
  /** Rows written so far per table. */
  readonly written: Record<BulkTable, number>;
}

const ROWS_PER_BATCH = 2000;

abstract class BufferedSink implements BulkSink {
  protected readonly columns = new Map<BulkTable, string[]>();
  protected readonly buffers = new Map<BulkTable, Value[][]>();
  readonly written = Object.fromEntries(BULK_TABLES.map((t) => [t, 0])) as Record<BulkTable, number>;
  private full = false;

  add<T extends BulkTable>(table: T, row: BulkRow<T>): void {
    let columns = this.columns.get(table);
    if (!columns) {
      columns = Object.keys(row).sort();
      this.columns.set(table, columns);
      this.buffers.set(table, []);
    }
    const record = row as unknown as Record<string, Value>;
    const values: Value[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const value = record[columns[i]!];
      if (value === undefined) throw new Error(`${table}.${columns[i]} is missing in a generated row`);
      values[i] = value;
    }
    const buffer = this.buffers.get(table)!;
    buffer.push(values);
    if (buffer.length >= ROWS_PER_BATCH) this.full = true;
  }

  async drain(all = false): Promise<void> {
    if (!all && !this.full) return;
    this.full = false;
    for (const table of BULK_TABLES) {
      const rows = this.buffers.get(table);
      if (!rows || rows.length === 0) continue;
      this.buffers.set(table, []);
      await this.write(table, this.columns.get(table)!, rows);
      this.written[table] += rows.length;
    }
  }

  protected abstract write(table: BulkTable, columns: string[], rows: Value[][]): Promise<void>;
}

/** SQLite: one statement of many rows per batch, prepared once per table and batch size. */
export class SqliteSink extends BufferedSink {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    super();
  }

  private statement(table: BulkTable, columns: string[], rows: number): BetterSqlite3.Statement {
    const key = `${table}:${rows}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const tuple = `(${columns.map(() => "?").join(",")})`;
      statement = this.sqlite.prepare(
        `insert into ${table} (${columns.join(",")}) values ${Array.from({ length: rows }, () => tuple).join(",")}`,
      );
      this.statements.set(key, statement);
    }
    return statement;
  }

  protected async write(table: BulkTable, columns: string[], rows: Value[][]): Promise<void> {
    // SQLite binds at most 32,766 parameters per statement.
    const perStatement = Math.max(1, Math.min(500, Math.floor(32_000 / columns.length)));
    let i = 0;
    for (; i + perStatement <= rows.length; i += perStatement) {
      this.statement(table, columns, perStatement).run(rows.slice(i, i + perStatement).flat());
    }
    if (i < rows.length) {
      const rest = rows.slice(i);
      this.statement(table, columns, rest.length).run(rest.flat());
    }
  }
}

/** PostgreSQL: each batch is one INSERT of column arrays, cast to the columns' types. */
export class PostgresSink extends BufferedSink {
  private types: Map<string, string> | undefined;

  constructor(private readonly client: pg.ClientBase) {
    super();
  }

  private async columnTypes(): Promise<Map<string, string>> {
    if (!this.types) {
      const { rows } = await this.client.query<{
        table_name: string;
        column_name: string;
        data_type: string;
      }>(
        `select table_name, column_name, data_type from information_schema.columns
         where table_schema = current_schema() and table_name = any($1)`,
        [[...BULK_TABLES]],
      );
      this.types = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
    }
    return this.types;
  }

  protected async write(table: BulkTable, columns: string[], rows: Value[][]): Promise<void> {
    const arrays = columns.map((_, c) => rows.map((row) => row[c]!));
    const types = await this.columnTypes();
    const casts = columns.map((column, i) => {
      const type = types.get(`${table}.${column}`);
      if (!type) throw new Error(`no column ${table}.${column} in PostgreSQL`);
      return `$${i + 1}::${type}[]`;
    });
    await this.client.query(
      `insert into ${table} (${columns.join(",")}) select * from unnest(${casts.join(",")})`,
      arrays,
    );
  }
}
