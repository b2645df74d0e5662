// The hot settings behind the real routes, on both dialects: a change through the Help Desk or the API is
// seen by the next portal request of the same instance, and by another instance on its next request once
// the bus delivers it; nothing is served from memory while the bus is down; and a portal list page runs
// fewer statements once the workspace's settings are warm.
import type { FastifyInstance } from "fastify";
import { describe, expect, inject, it, vi } from "vitest";
import { buildApp } from "../app.ts";
import { caller } from "../../test/api.ts";
import { testApp, testConfig } from "../../test/app.ts";
import { sqliteFile, testDialects, type TestDialect } from "../../test/dialects.ts";
import { signedInOnEverySurface } from "../../test/signedIn.ts";
import { countStatements } from "../../test/driverStatements.ts";
import { openDatabase, type DatabaseHandle } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { updateWorkspace } from "../domain/workspaces/workspace.repository.ts";
import { TEAMMATE_COOKIE } from "./helpdesk/session.routes.ts";

const ENTERPRISE_ONLY = {
  match: "all",
  conditions: [{ target: "company", attribute: "plan", operator: "equals", value: "Enterprise" }],
};

/** Two handles on one database, as two app instances have: each with its own connections. */
async function twoHandles(dialect: TestDialect): Promise<[DatabaseHandle, DatabaseHandle]> {
  if (dialect.name === "sqlite") {
    const file = sqliteFile();
    const first = openDatabase({ dialect: "sqlite", file, synchronous: "normal" });
    await migrateToLatest(first.db);
    return [first, openDatabase({ dialect: "sqlite", file, synchronous: "normal" })];
  }
  const url = inject("postgresUrl")!;
  return [
    openDatabase({ dialect: "postgres", url, poolSize: 4 }),
    openDatabase({ dialect: "postgres", url, poolSize: 4 }),
  ];
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error("the change never arrived");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A signed-in world on `app`, with inject() helpers for the portal, the Help Desk and the API. */
async function world(app: FastifyInstance, db: DatabaseHandle["db"]) {
  const w = await signedInOnEverySurface(app, db, "Hot Co");
  const portal = (target: FastifyInstance, url: string) =>
    target.inject({ method: "GET", url, headers: { host: w.host, cookie: w.portalCookie } });
  const helpDesk = (
    target: FastifyInstance,
    method: "PUT" | "PATCH" | "POST",
    url: string,
    payload: object,
  ) =>
    target.inject({
      method,
      url,
      payload,
      cookies: { [TEAMMATE_COOKIE]: w.teammate.token },
      headers: { "x-csrf-token": w.teammate.csrfToken },
    });
  return { ...w, portal, helpDesk };
}

for (const dialect of testDialects()) {
  describe(`hot settings behind the routes (${dialect.name})`, () => {
    const app = testApp(dialect);

    it("shows a Help Desk change on the very next portal request", async () => {
      const { db } = await dialect.db();
      const a = await app();
      const w = await world(a, db);
      expect((await w.portal(a, "/portal-api/tickets")).statusCode).toBe(200);
      expect((await w.portal(a, "/portal-api/tickets")).statusCode).toBe(200);

      const rules = await w.helpDesk(a, "PUT", "/app/settings/portal/access-rules", ENTERPRISE_ONLY);
      expect(rules.statusCode).toBe(200);
      expect((await w.portal(a, "/portal-api/tickets")).statusCode).toBe(403);

      await w.helpDesk(a, "PUT", "/app/settings/portal/access-rules", { match: "all", conditions: [] });
      const rows = (await w.portal(a, "/portal-api/tickets")).json().tickets;
      expect(rows.map((r: { state: { label: string } }) => r.state.label)).toContain("Submitted");
      const states = (await caller(a, w.token)("GET", "/api/ticket_states")).json().data;
      const submitted = states.find((s: { category: string }) => s.category === "submitted");
      const renamed = await w.helpDesk(a, "PUT", `/app/ticket-states/${submitted.id}`, {
        external_label: "Received",
      });
      expect(renamed.statusCode).toBe(200);
      const relabelled = (await w.portal(a, "/portal-api/tickets")).json().tickets;
      expect(relabelled.map((r: { state: { label: string } }) => r.state.label)).toContain("Received");

      const off = await w.helpDesk(a, "PATCH", "/app/settings/portal", { portal_enabled: false });
      expect(off.statusCode).toBe(200);
      expect((await w.portal(a, "/portal-api/tickets")).statusCode).toBe(404);
    });

    it("shows another instance's change on the next request once the bus delivers it", async () => {
      const [mine, theirs] = await twoHandles(dialect);
      const config = testConfig({ eventBus: dialect.name === "postgres" ? "postgres" : "outbox" });
      const a = await buildApp({ config, database: mine });
      const b = await buildApp({ config, database: theirs });
      try {
        const w = await world(a, mine.db);
        const customerType = w.world.types.customer;
        const types = async () =>
          (await w.portal(a, "/portal-api/ticket-types"))
            .json()
            .ticket_types.map((t: { name: string }) => t.name);
        expect(await types()).toEqual([customerType.name]);

        // A write that announces nothing stays unseen by instance A: it serves what it holds.
        await theirs.db
          .updateTable("ticket_types")
          .set({ name: "Renamed quietly" })
          .where("workspace_id", "=", w.workspace.id)
          .where("id", "=", customerType.id)
          .execute();
        expect(await types()).toEqual([customerType.name]);

        // Through instance B's routes, a change is announced on the bus and instance A drops its copy.
        const created = await caller(b, w.token)("POST", "/api/ticket_types", { name: "Made on B" });
        expect(created.statusCode).toBe(200);
        await until(async () => (await types()).includes("Made on B"));
        expect((await types()).sort()).toEqual(["Made on B", "Renamed quietly"].sort());

        expect((await w.portal(a, "/portal-api/tickets")).statusCode).toBe(200);
        const rules = await w.helpDesk(b, "PUT", "/app/settings/portal/access-rules", ENTERPRISE_ONLY);
        expect(rules.statusCode).toBe(200);
        await until(async () => (await w.portal(a, "/portal-api/tickets")).statusCode === 403);
      } finally {
        await a.close();
        await b.close();
        await mine.destroy();
        await theirs.destroy();
      }
    });

    it("reads settings from the database while the bus is down", async () => {
      const { db } = await dialect.db();
      const a = await app();
      const w = await world(a, db);
      const list = () => countStatements(() => w.portal(a, "/portal-api/tickets"));
      const readsWorkspace = (sql: string[]) => sql.some((s) => s.startsWith('select * from "workspaces"'));
      await list();
      expect(readsWorkspace((await list()).statements)).toBe(false);

      const status = vi.spyOn(a.realtime.bus, "status").mockReturnValue({
        connected: false,
        reconnects: 0,
        lastEventId: 0,
      });
      try {
        const down = await list();
        expect(down.result.statusCode).toBe(200);
        expect(readsWorkspace(down.statements)).toBe(true);
        // Invalidations could be lost now: an unannounced change counts at once.
        await updateWorkspace(db, w.workspace.id, { portal_access_rules: JSON.stringify(ENTERPRISE_ONLY) });
        expect((await list()).result.statusCode).toBe(403);
      } finally {
        status.mockRestore();
      }
      expect((await list()).result.statusCode).toBe(403);
      expect(readsWorkspace((await list()).statements)).toBe(false);
    });

    it("runs fewer statements per portal list page once the settings are warm", async () => {
      const { db } = await dialect.db();
      const a = await app();
      const w = await world(a, db);
      const list = () => countStatements(() => w.portal(a, "/portal-api/tickets"));
      const settingsReads = (sql: string[]) =>
        sql.filter((s) => /^select .* from "(workspaces|ticket_states|ticket_types)"/.test(s));
      // With the bus down the cache is out of the way: every request reads what it did before the cache.
      const status = vi.spyOn(a.realtime.bus, "status").mockReturnValue({
        connected: false,
        reconnects: 0,
        lastEventId: 0,
      });
      const uncached = await list();
      status.mockRestore();
      await list();
      const warm = await list();
      expect(warm.result.json()).toEqual(uncached.result.json());
      expect(warm.result.json().tickets).toHaveLength(3);
      // The workspace by host, its access rules, and the page's state and type names.
      expect(settingsReads(uncached.statements)).toHaveLength(4);
      expect(settingsReads(warm.statements)).toEqual([]);
      expect(warm.statements.length).toBe(uncached.statements.length - 4);
      // Revocation stays instant: the session and the contact are read on every request.
      expect(
        warm.statements.filter((s) => /from "(sessions|contacts)"/.test(s)).length,
      ).toBeGreaterThanOrEqual(2);
    });
  });
}
