// The first run over HTTP: the start page on every loopback name, the demo product on app.<slug>.localhost
// booting a verified Messenger, its JWT hand-off signing the demo person in to the portal, and URLs that
// keep the port people reach. PORTICO_ALLOW_HTTP is off: the .localhost names pass on their own.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { TEST_SECRET_KEY } from "../../test/factories.ts";
import { writeDemoCredentials } from "../domain/workspaces/demoCredentials.ts";
import { seedDemoWorkspace, type DemoWorkspace } from "../domain/workspaces/demoWorkspace.ts";

const PORT = 3000;

for (const dialect of testDialects()) {
  describe(`start page and demo product (${dialect.name})`, () => {
    // A slug of this file's own: the demo is seeded once per database, and PostgreSQL is shared by the run.
    const demoSlug = `demo-${randomBytes(4).toString("hex")}`;
    const dataDir = mkdtempSync(join(tmpdir(), "portico-start-"));
    const app = testApp(dialect, { demoSlug, dataDir, publicUrl: `http://localhost:${PORT}`, port: PORT });
    const zone = `${demoSlug}.localhost`;
    const product = `app.${zone}:${PORT}`;
    const helpCenter = `help.${zone}:${PORT}`;

    let seeded: Promise<DemoWorkspace> | undefined;
    function demo() {
      seeded ??= dialect.db().then(async ({ db }) => {
        const made = await seedDemoWorkspace(db, TEST_SECRET_KEY, demoSlug);
        writeDemoCredentials(dataDir, { email: made.adminEmail, password: made.adminPassword });
        return made;
      });
      return seeded;
    }

    const get = async (host: string, url: string, remoteAddress = "127.0.0.1") =>
      (await app()).inject({ method: "GET", url, headers: { host }, remoteAddress });

    it("serves the start page on localhost and 127.0.0.1 alike, its links keeping the port", async () => {
      await demo();
      for (const host of [`localhost:${PORT}`, `127.0.0.1:${PORT}`]) {
        const page = await get(host, "/");
        expect(page.statusCode, host).toBe(200);
        expect(page.body).toContain(`href="http://${product}/support">Open the portal as Pat Jones</a>`);
        expect(page.body).toContain(`href="http://${product}/"`);
        expect(page.body).toContain(`href="http://${helpCenter}/"`);
        expect(page.body).toContain('<link rel="icon" href="/favicon.svg"');
        expect(page.headers["content-security-policy"]).toMatch(/script-src 'nonce-[^']+'/);
      }
      // Any other name is not this server's main host.
      expect((await get(`portico.example:${PORT}`, "/")).statusCode).toBe(404);
    });

    it("fills in the demo admin's password for a browser on this machine only", async () => {
      const { adminEmail, adminPassword } = await demo();
      const here = await get(`localhost:${PORT}`, "/");
      expect(here.body).toContain(`value="${adminEmail}"`);
      expect(here.body).toContain(`value="${adminPassword}"`);
      const elsewhere = await get(`localhost:${PORT}`, "/", "203.0.113.9");
      expect(elsewhere.statusCode).toBe(200);
      expect(elsewhere.body).toContain(`value="${adminEmail}"`);
      expect(elsewhere.body).not.toContain(adminPassword);
      expect(elsewhere.body).toContain("data/demo-credentials.json");
    });

    it("serves the demo product on its own host, booting a Messenger the server verifies from there", async () => {
      const made = await demo();
      const page = await get(product, "/");
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<script nonce="`);
      expect(page.body).toContain(`src="http://localhost:${PORT}/messenger.js"`);
      const settings = JSON.parse(/window\.porticoSettings = (\{.*?\});/.exec(page.body)![1]!) as Record<
        string,
        string
      >;
      expect(settings).toMatchObject({
        workspace_id: made.workspace.id,
        user_id: "pat",
        user_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const { workspace_id: _workspace, ...identity } = settings;
      const boot = await (
        await app()
      ).inject({
        method: "POST",
        url: `/messenger/${made.workspace.id}/boot`,
        headers: { host: `localhost:${PORT}`, origin: `http://${product}` },
        payload: identity,
      });
      expect(boot.statusCode).toBe(200);
      expect(boot.headers["access-control-allow-origin"]).toBe(`http://${product}`);
      expect(boot.json()).toMatchObject({
        identity_verified: true,
        cookie_domain: zone,
        contact: { role: "user", name: "Pat Jones" },
      });
      // The old address of the product sends people to it.
      const old = await get(`localhost:${PORT}`, "/demo/product");
      expect(old.statusCode).toBe(302);
      expect(old.headers.location).toBe(`http://${product}/`);
    });

    it("hands the demo person to the Help Center by single sign-on, into the portal with both companies' tickets", async () => {
      await demo();
      const handOff = await get(product, "/support");
      expect(handOff.statusCode).toBe(200);
      expect(handOff.body).toContain(`action="http://${helpCenter}/sso/jwt"`);
      const jwt = /name="jwt" value="([^"]+)"/.exec(handOff.body)![1]!;
      const returnTo = /name="return_to" value="([^"]+)"/.exec(handOff.body)![1]!;
      const signedIn = await (
        await app()
      ).inject({
        method: "POST",
        url: "/sso/jwt",
        headers: {
          host: helpCenter,
          origin: `http://${product}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: new URLSearchParams({ jwt, return_to: returnTo }).toString(),
      });
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location).toBe("/tickets");
      const cookie = signedIn.cookies.find((c) => c.name.startsWith("portico-hc-"))!;
      const list = await (
        await app()
      ).inject({
        method: "GET",
        url: "/portal-api/tickets",
        headers: { host: helpCenter },
        cookies: { [cookie.name]: cookie.value },
      });
      expect(list.statusCode).toBe(200);
      const companies = new Set(
        (list.json().tickets as Array<{ company: { name: string } | null }>).map((t) => t.company?.name),
      );
      expect(companies).toContain("Acme Corp");
      expect(companies).toContain("Globex");
      expect(companies).not.toContain("Initech");
      // The same JWT works once.
      const again = await (
        await app()
      ).inject({
        method: "POST",
        url: "/sso/jwt",
        headers: { host: helpCenter, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ jwt }).toString(),
      });
      expect(again.statusCode).toBe(401);
    });

    it("has no demo product on any other host", async () => {
      await demo();
      expect((await get(`localhost:${PORT}`, "/support")).statusCode).toBe(404);
      expect((await get(helpCenter, "/support")).statusCode).toBe(404);
      expect((await get(`app.elsewhere.localhost:${PORT}`, "/")).statusCode).toBe(404);
      expect((await get(`app.elsewhere.localhost:${PORT}`, "/support")).statusCode).toBe(404);
    });

    it("serves the favicon on every host, so no page logs a 404 for it", async () => {
      for (const host of [`localhost:${PORT}`, helpCenter, "unknown.example"]) {
        for (const url of ["/favicon.svg", "/favicon.ico"]) {
          const icon = await get(host, url);
          expect(icon.statusCode, `${host}${url}`).toBe(200);
          expect(icon.headers["content-type"]).toContain("image/svg+xml");
        }
      }
    });
  });
}
