// SIGKILL and SIGTERM under load on PostgreSQL, in a cluster of the test's own (see crashSuite.ts).
import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { hasPostgresServer, startPrivatePostgres, type PrivatePostgres } from "../privatePostgres.ts";
import { dialectSuite } from "./crashSuite.ts";

const withPostgres = hasPostgresServer();
if (!withPostgres) {
  if (process.env.CI === "true") throw new Error("the fault suite needs PostgreSQL's server programs in CI");
  console.warn("\n!!! No PostgreSQL server programs: the PostgreSQL crash tests are SKIPPED.\n");
}

let cluster: PrivatePostgres | null = null;
afterAll(async () => cluster?.destroy());
if (withPostgres) {
  dialectSuite("postgres", async () => {
    cluster ??= await startPrivatePostgres();
    const url = await cluster!.createDatabase(`crash_${randomBytes(4).toString("hex")}`);
    return { url, handle: openDatabase({ dialect: "postgres", url, poolSize: 4 }) };
  });
}
