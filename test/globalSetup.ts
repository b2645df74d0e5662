// Prepares a fresh PostgreSQL database for this test run (dropped at the end) when the server answers.
// Under CI=true an unreachable PostgreSQL fails the run; locally the PostgreSQL suite is skipped, loudly.
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(project: TestProject) {
  // Browser tests and spawned instances serve the built web app: build the current code once per run.
  const { build } = await import("vite");
  await build({ configFile: resolve(import.meta.dirname, "..", "vite.config.ts"), logLevel: "warn" });

  if (!(await reachable())) {
    if (process.env.CI === "true") {
      throw new Error(`PostgreSQL is required in CI but does not answer at ${ADMIN_URL}`);
    }
    console.warn(
      `\n!!! PostgreSQL does not answer at ${ADMIN_URL}: the PostgreSQL suite is SKIPPED in this run.\n` +
        "!!! Start it (see README) to run every database test on both dialects.\n",
    );
    project.provide("postgresUrl", null);
    return;
  }
  const name = `portico_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase({ dialect: "postgres", url: url.toString(), poolSize: 2 });
  await migrateToLatest(handle.db);
  await handle.destroy();
  project.provide("postgresUrl", url.toString());

  return async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}
