// In Chromium, across real subdomains: a page on app.<x>.acme.test boots the Messenger with a valid
// user_hash, and the workspace's Help Center on help.<x>.acme.test then knows the person without any
// other sign-in (cookie forwarding). A forged hash gets nobody signed in; a proxy that strips cookies is
// detected and reported to the admin.
import { createServer, request as httpRequest, type Server } from "node:http";
import { describe, expect, it } from "vitest";
import { findWorkspaceById } from "../src/domain/workspaces/workspace.repository.ts";
import { chromiumAvailable } from "./browser.ts";
import { testDialects } from "./dialects.ts";
import { userHashOf } from "./identity.ts";
import { portOf, productSite } from "./productSite.ts";

/** A stand-in for a misconfigured proxy in front of the Help Center: forwards everything but cookies. */
function cookieStrippingProxy(targetPort: number): Promise<Server> {
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers.cookie;
    const upstream = httpRequest(
      { host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

for (const dialect of testDialects()) {
  describe.skipIf(!chromiumAvailable())(`Messenger identity in Chromium (${dialect.name})`, () => {
    const { site, openProduct, servers } = productSite(dialect);

    it("signs the person in on the Help Center custom domain after a verified Messenger boot", async () => {
      const { workspace, secret, port, zone, db } = await site();
      const { context, page, outcome } = await openProduct(zone, port, {
        workspace_id: workspace.id,
        user_id: "pat-42",
        email: "pat@example.com",
        name: "Pat Person",
        user_hash: userHashOf(secret, "pat-42"),
      });
      expect(outcome).toBe("booted");
      const cookies = await context.cookies(`http://help.${zone}:${port}/`);
      expect(cookies.map((c) => c.name).sort()).toEqual([
        `portico-device-${workspace.id}`,
        `portico-session-${workspace.id}`,
      ]);
      expect(cookies.find((c) => c.name === `portico-session-${workspace.id}`)?.domain).toBe(`.${zone}`);

      await page.goto(`http://help.${zone}:${port}/`);
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Signed in as Pat Person");
      expect((await findWorkspaceById(db, workspace.id))?.cookie_forwarding_status).toBe("working");

      // Portico('shutdown') on the product clears the cookies and the session: the Help Center forgets.
      await page.goBack();
      await page.evaluate<string>("window.bootOutcome");
      await page.evaluate("Portico('shutdown')");
      expect((await context.cookies(`http://help.${zone}:${port}/`)).length).toBe(0);
      await page.goto(`http://help.${zone}:${port}/`);
      expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(1);
      await context.close();
    });

    it("does not sign anyone in after a boot with a forged hash", async () => {
      const { workspace, port, zone } = await site();
      const { context, page, outcome } = await openProduct(zone, port, {
        workspace_id: workspace.id,
        user_id: "pat-42",
        name: "Pat Person",
        user_hash: userHashOf("a guessed secret", "pat-42"),
      });
      expect(outcome).toBe("refused");
      expect(await context.cookies(`http://help.${zone}:${port}/`)).toEqual([]);
      await page.goto(`http://help.${zone}:${port}/`);
      expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(1);
      expect(await page.content()).not.toContain("Pat Person");
      await context.close();
    });

    it("reports a proxy that strips cookies, and the admin settings say why", async () => {
      const { workspace, secret, port, zone, db } = await site();
      const proxy = await cookieStrippingProxy(port);
      servers.push(proxy);
      const { context, page, outcome } = await openProduct(zone, port, {
        workspace_id: workspace.id,
        user_id: "pat-43",
        user_hash: userHashOf(secret, "pat-43"),
      });
      expect(outcome).toBe("booted");
      await page.goto(`http://help.${zone}:${portOf(proxy)}/`);
      expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(1);
      await expect
        .poll(async () => (await findWorkspaceById(db, workspace.id))?.cookie_forwarding_cause)
        .toBe("proxy_strips_cookies");
      expect((await findWorkspaceById(db, workspace.id))?.cookie_forwarding_status).toBe("not_working");
      await context.close();
    });
  });
}
