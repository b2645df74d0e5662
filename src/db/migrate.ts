// Runs the migrations in db/migrations/ in name order; the list is explicit so bundling cannot lose one.
import { Migrator, PostgresAdapter, sql, type Migration, type MigrationProvider } from "kysely";
import type { Db } from "./database.ts";
import * as initial from "./migrations/20261126_0001_initial.ts";
import * as identity from "./migrations/20261126_0002_identity.ts";
import * as portal from "./migrations/20261126_0003_portal.ts";
import * as messenger from "./migrations/20261126_0004_messenger.ts";
import * as teammateInvites from "./migrations/20261126_0005_teammate_invites.ts";
import * as robustness from "./migrations/20261203_0006_robustness.ts";
import * as textSearch from "./migrations/20261203_0007_text_search.ts";
import * as participantOrder from "./migrations/20261203_0008_participant_order.ts";
import * as portalCovering from "./migrations/20261204_0009_portal_covering.ts";

const MIGRATIONS: Record<string, Migration> = {
  "20261126_0001_initial": initial,
  "20261126_0002_identity": identity,
  "20261126_0003_portal": portal,
  "20261126_0004_messenger": messenger,
  "20261126_0005_teammate_invites": teammateInvites,
  "20261203_0006_robustness": robustness,
  "20261203_0007_text_search": textSearch,
  "20261203_0008_participant_order": participantOrder,
  "20261204_0009_portal_covering": portalCovering,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrationOutcome> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return migrate(db);
  // Building an index over a large table may outlast the serving statement timeout: migrations run on
  // one connection with the timeout lifted, and put it back before the connection returns to the pool.
  return db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      return await migrate(connection);
    } finally {
      await sql`reset statement_timeout`.execute(connection);
    }
  });
}

async function migrate(db: Db): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `migration ${failed} failed: ${reason}` : `migrations failed: ${reason}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}
