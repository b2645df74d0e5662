// The dialect loop: every database test runs on SQLite, and on PostgreSQL whenever it is reachable.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, inject } from "vitest";
import { openDatabase, type DatabaseHandle, type Dialect } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";

export interface TestDialect {
  name: Dialect;
  /** The database of this test file for this dialect, opened on first use and closed after the file. */
  db(): Promise<DatabaseHandle>;
}

function lazy(open: () => Promise<DatabaseHandle>): () => Promise<DatabaseHandle> {
  let handle: Promise<DatabaseHandle> | undefined;
  afterAll(async () => {
    if (handle) await (await handle).destroy();
  });
  return () => (handle ??= open());
}

export function sqliteFile(): string {
  return join(mkdtempSync(join(tmpdir(), "portico-test-")), "portico.db");
}

/** Each test file gets its own migrated SQLite file; PostgreSQL shares the run's fresh database. */
export function testDialects(): TestDialect[] {
  const dialects: TestDialect[] = [
    {
      name: "sqlite",
      db: lazy(async () => {
        const handle = openDatabase({ dialect: "sqlite", file: sqliteFile(), synchronous: "normal" });
        await migrateToLatest(handle.db);
        return handle;
      }),
    },
  ];
  const postgresUrl = inject("postgresUrl");
  if (postgresUrl) {
    dialects.push({
      name: "postgres",
      db: lazy(async () => openDatabase({ dialect: "postgres", url: postgresUrl, poolSize: 10 })),
    });
  }
  return dialects;
}
