// PostgreSQL taken away under load, for real: every backend terminated, then the server stopped and
// started again, while writers create tickets through a `portico serve` process and a Help Desk reader
// follows the live stream. The process never exits, answers 503 with Retry-After (never 500) while the
// database is gone, recovers by itself, and the stream carries every acknowledged ticket, none lost.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { TEAMMATE_COOKIE } from "../../src/http/helpdesk/session.routes.ts";
import { hasPostgresServer, startPrivatePostgres, type PrivatePostgres } from "../privatePostgres.ts";
import { openSse } from "../sse.ts";
import { prepare } from "./crashSuite.ts";
import { startInstance } from "./instance.ts";

const withPostgres = hasPostgresServer();
if (!withPostgres && process.env.CI === "true") throw new Error("the fault suite needs PostgreSQL in CI");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: PrivatePostgres | null = null;
afterAll(async () => cluster?.destroy());

describe.runIf(withPostgres)("PostgreSQL outage under load (postgres)", () => {
  it("answers 503 while the database is gone, never exits, recovers by itself, and loses no live event", async () => {
    cluster = await startPrivatePostgres();
    const name = `outage_${randomBytes(4).toString("hex")}`;
    const url = await cluster!.createDatabase(name);
    const database = openDatabase({ dialect: "postgres", url, poolSize: 2 });
    const world = await prepare(url, database);
    await database.destroy();
    const instance = await startInstance({
      databaseUrl: url,
      env: { DATABASE_CONNECT_TIMEOUT_MS: "1000", DATABASE_POOL_SIZE: "5" },
    });
    try {
      const signIn = await fetch(`${instance.url}/app/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "crash-admin@example.com", password: "correct horse battery" }),
      });
      expect(signIn.status).toBe(200);
      const cookie = /portico_teammate=[^;]+/.exec(signIn.headers.get("set-cookie") ?? "")![0];
      expect(cookie.startsWith(TEAMMATE_COOKIE)).toBe(true);
      const stream = await openSse(`${instance.url}/app/events`, { cookie });
      expect(stream.status).toBe(200);

      const acked: string[] = [];
      const statuses = new Map<number, number>();
      const failures: string[] = [];
      let retryAfterSeen = false;
      let running = true;
      let lastOkAt = 0;
      const writers = Array.from({ length: 4 }, async (_, writer) => {
        for (let i = 0; running; i++) {
          try {
            const response = await fetch(`${instance.url}/api/tickets`, {
              method: "POST",
              headers: { authorization: `Bearer ${world.token}`, "content-type": "application/json" },
              body: JSON.stringify({
                ticket_type_id: world.typeId,
                contacts: [{ id: world.contactId }],
                ticket_attributes: { _default_title_: `outage w${writer} #${i}` },
              }),
              signal: AbortSignal.timeout(15_000),
            });
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.ok) {
              acked.push(((await response.json()) as { id: string }).id);
              lastOkAt = Date.now();
            } else if (response.status === 503) {
              if (response.headers.get("retry-after")) retryAfterSeen = true;
              await response.arrayBuffer();
              await sleep(50);
            } else {
              failures.push(`${response.status} ${await response.text()}`);
            }
          } catch (error) {
            failures.push(`no answer: ${String(error)}`);
            await sleep(100);
          }
        }
      });

      await sleep(1000);
      const terminated = await cluster!.terminateBackends(name);
      await sleep(1000);
      await cluster!.stop("fast");
      const stoppedAt = Date.now();
      await sleep(2000);
      const healthDown = await fetch(`${instance.url}/healthz`);
      expect(healthDown.status).toBe(503);
      await cluster!.start();
      const startedAt = Date.now();
      while (lastOkAt < startedAt && Date.now() - startedAt < 30_000) await sleep(50);
      const recoveredMs = lastOkAt - startedAt;
      await sleep(1500);
      running = false;
      await Promise.all(writers);

      expect(failures).toEqual([]);
      expect(instance.child.exitCode).toBeNull();
      expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
      expect(retryAfterSeen).toBe(true);
      expect(lastOkAt).toBeGreaterThan(startedAt);
      // The live stream, open throughout, carries every acknowledged ticket (the bus replays what it
      // missed while its LISTEN connection was away).
      const seen = new Set<string>();
      const deadline = Date.now() + 20_000;
      while (acked.some((id) => !seen.has(id)) && Date.now() < deadline) {
        const event = await stream.next((e) => e.event === "ticket.created", 20_000).catch(() => null);
        if (!event) break;
        seen.add((event.data as { subject_id: string }).subject_id);
      }
      expect(acked.filter((id) => !seen.has(id))).toEqual([]);
      stream.close();
      const health = await (await fetch(`${instance.url}/healthz`)).json();
      console.log(
        `[faults] postgres outage: ${terminated} backends terminated, server down ${startedAt - stoppedAt} ms; ` +
          `first write ${recoveredMs} ms after it was back; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
          `${acked.length} acknowledged tickets all on the live stream; health ${JSON.stringify(health)}`,
      );
    } finally {
      instance.kill("SIGTERM");
      await instance.exited;
    }
  }, 180_000);
});

describe.runIf(withPostgres)("starting before the database (postgres)", () => {
  it("waits for a database that is not up yet, then serves", async () => {
    cluster ??= await startPrivatePostgres();
    const name = `late_${randomBytes(4).toString("hex")}`;
    const url = await cluster!.createDatabase(name);
    await cluster!.stop("fast");
    const starting = startInstance({ databaseUrl: url });
    await sleep(3000);
    await cluster!.start();
    const instance = await starting;
    try {
      expect((await fetch(`${instance.url}/healthz`)).status).toBe(200);
      expect(instance.output()).toContain("waiting for it");
    } finally {
      instance.kill("SIGTERM");
      await instance.exited;
    }
  }, 120_000);
});
