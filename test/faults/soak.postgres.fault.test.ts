// A minute of mixed load on PostgreSQL, in a cluster of the test's own (see soakSuite.ts).
import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { hasPostgresServer, startPrivatePostgres, type PrivatePostgres } from "../privatePostgres.ts";
import { soakSuite } from "./soakSuite.ts";

const withPostgres = hasPostgresServer();
if (!withPostgres) {
  if (process.env.CI === "true") throw new Error("the fault suite needs PostgreSQL's server programs in CI");
  console.warn("\n!!! No PostgreSQL server programs: the PostgreSQL soak test is SKIPPED.\n");
}

let cluster: PrivatePostgres | null = null;
afterAll(async () => cluster?.destroy());
if (withPostgres) {
  soakSuite("postgres", async () => {
    cluster ??= await startPrivatePostgres();
    const url = await cluster!.createDatabase(`soak_${randomBytes(4).toString("hex")}`);
    return { url, handle: openDatabase({ dialect: "postgres", url, poolSize: 4 }) };
  });
}
