// Browser tests across real subdomains of *.acme.test: the Portico app listening on a random port as
// portico.acme.test, a workspace whose cookie domain is a fresh zone, and the customer's own product,
// a plain server whose pages load the Messenger snippet exactly as the README gives it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll } from "vitest";
import { buildApp } from "../src/app.ts";
import type { WorkspaceSettingsChanges } from "../src/domain/workspaces/workspaceCommands.ts";
import { testConfig } from "./app.ts";
import { testBrowser } from "./browser.ts";
import type { TestDialect } from "./dialects.ts";
import { buildIdentityWorkspace } from "./factories.ts";

export const portOf = (server: { address(): AddressInfo | string | null }) =>
  (server.address() as AddressInfo).port;

/** The customer's product page: records the boot's outcome, then the snippet. */
function productPage(settings: Record<string, string>, publicUrl: string, head = "") {
  return `<!doctype html><html lang="en"><head><title>Acme app</title>${head}</head><body><h1>Acme app</h1>
<script>
  window.bootOutcome = new Promise(function (resolve) {
    addEventListener("portico:booted", function () { resolve("booted"); });
    addEventListener("portico:boot-failed", function () { resolve("refused"); });
    setTimeout(function () { resolve("no answer within 15 s"); }, 15000);
  });
</script>
<script>
  window.porticoSettings = ${JSON.stringify(settings)};
</script>
<script src="${publicUrl}/messenger.js" async></script>
</body></html>`;
}

/**
 * Call inside a describe block: registers the clean-up (servers after the browser has closed) and
 * hands out the app, fresh workspaces and product pages.
 */
export function productSite(dialect: TestDialect) {
  let running: Promise<{ app: FastifyInstance; port: number }> | undefined;
  const servers: Server[] = [];
  const pages = new Map<string, string>();
  let product: Promise<Server> | undefined;
  // Registered before the browser so it runs after the browser has closed (after-hooks run in reverse).
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((done) => s.close(done));
    }
    if (running) await (await running).app.close();
  });
  const browser = testBrowser();

  /** The real app on a random port; PUBLIC_URL is only known once it listens. */
  function server() {
    running ??= (async () => {
      const config = testConfig({ allowHttp: true });
      const app = await buildApp({ config, database: await dialect.db() });
      await app.listen({ port: 0, host: "127.0.0.1" });
      const port = portOf(app.server);
      config.publicUrl = `http://portico.acme.test:${port}`;
      return { app, port };
    })();
    return running;
  }

  /** A workspace on a fresh zone: cookie domain <zone>, Help Center live on help.<zone>, enforcement on. */
  async function site(settings: WorkspaceSettingsChanges = {}) {
    const { port } = await server();
    const { db } = await dialect.db();
    const zone = `w${Math.random().toString(36).slice(2, 10)}.acme.test`;
    const made = await buildIdentityWorkspace(
      db,
      {
        cookieDomain: zone,
        helpCenterDomain: `help.${zone}`,
        helpCenterLive: true,
        identityEnforced: true,
        ...settings,
      },
      { allowHttp: true },
    );
    return { ...made, db, port, zone, portico: `http://portico.acme.test:${port}` };
  }

  /** Opens a product page on app.<zone> that boots the Messenger with `settings`, and waits for the boot. */
  async function openProduct(
    zone: string,
    port: number,
    settings: Record<string, string>,
    options: { context?: BrowserContext; head?: string; viewport?: { width: number; height: number } } = {},
  ): Promise<{ context: BrowserContext; page: Page; outcome: string }> {
    product ??= productServer(pages).then((started) => {
      servers.push(started);
      return started;
    });
    const path = `/${zone}/${pages.size}`;
    pages.set(path, productPage(settings, `http://portico.acme.test:${port}`, options.head));
    const context =
      options.context ??
      (await (await browser()).newContext(options.viewport ? { viewport: options.viewport } : {}));
    const page = await context.newPage();
    await page.goto(`http://app.${zone}:${portOf(await product)}${path}`);
    const outcome = await page.evaluate<string>("window.bootOutcome");
    return { context, page, outcome };
  }

  return { browser, server, site, openProduct, servers };
}

function productServer(pages: Map<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const page = pages.get(req.url ?? "");
    res.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(page ?? "Not Found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
