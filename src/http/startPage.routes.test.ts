// The first-run pages: the start page's links, and the demo product page whose Messenger boot verifies.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { TEST_SECRET_KEY } from "../../test/factories.ts";
import { seedDemoWorkspace } from "../domain/workspaces/demoWorkspace.ts";
import type { Workspace } from "../db/schema.ts";

for (const dialect of testDialects()) {
  describe(`start page and demo product (${dialect.name})`, () => {
    // A slug of this file's own: the demo is seeded once per database, and PostgreSQL is shared by the run.
    const demoSlug = `demo-${randomBytes(4).toString("hex")}`;
    const app = testApp(dialect, { demoSlug });
    const main = { host: "portico.test" };

    let seeded: Promise<Workspace> | undefined;
    async function demo() {
      const { db } = await dialect.db();
      seeded ??= seedDemoWorkspace(db, TEST_SECRET_KEY, demoSlug).then((d) => d.workspace);
      return seeded;
    }

    it("links the Help Desk, the demo product and the demo Help Center", async () => {
      await demo();
      const page = await (await app()).inject({ method: "GET", url: "/", headers: main });
      expect(page.statusCode).toBe(200);
      for (const href of ['href="/app"', 'href="/demo/product"', `href="/help/${demoSlug}"`])
        expect(page.body).toContain(href);
    });

    it("serves the demo product with a Messenger boot for Pat that the server verifies", async () => {
      const workspace = await demo();
      const page = await (await app()).inject({ method: "GET", url: "/demo/product", headers: main });
      expect(page.statusCode).toBe(200);
      const settings = JSON.parse(/window\.porticoSettings = (\{.*?\});/.exec(page.body)![1]!) as Record<
        string,
        string
      >;
      expect(settings).toMatchObject({
        workspace_id: workspace.id,
        user_id: "pat",
        user_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const { workspace_id: _workspace, ...identity } = settings;
      const boot = await (
        await app()
      ).inject({
        method: "POST",
        url: `/messenger/${workspace.id}/boot`,
        headers: { origin: "http://portico.test" },
        payload: identity,
      });
      expect(boot.statusCode).toBe(200);
      expect(boot.json()).toMatchObject({
        identity_verified: true,
        contact: { role: "user", name: "Pat Jones" },
      });
      // Only on the main host: a Help Center custom domain has no demo product.
      const elsewhere = await (
        await app()
      ).inject({ method: "GET", url: "/demo/product", headers: { host: "help.example.com" } });
      expect(elsewhere.statusCode).toBe(404);
    });
  });
}
