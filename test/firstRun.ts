// The first run as a newcomer meets it, for browser tests: the real app with a seeded demo, PUBLIC_URL on
// http://localhost:<port>, PORTICO_ALLOW_HTTP off, the demo admin's sign-in kept in the data directory,
// and a Chromium that resolves *.localhost by itself (no host mapping). Pages are watched for failures.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll } from "vitest";
import { buildApp } from "../src/app.ts";
import { writeDemoCredentials } from "../src/domain/workspaces/demoCredentials.ts";
import { seedDemoWorkspace, type DemoWorkspace } from "../src/domain/workspaces/demoWorkspace.ts";
import { testConfig } from "./app.ts";
import { testBrowser } from "./browser.ts";
import { DESKTOP } from "./browserApp.ts";
import type { TestDialect } from "./dialects.ts";
import { TEST_SECRET_KEY } from "./factories.ts";

type Viewport = { width: number; height: number };

export interface FirstRun {
  app: FastifyInstance;
  demo: DemoWorkspace;
  port: number;
  /** http://localhost:<port>: the start page and the Help Desk. */
  start: string;
  /** http://help.<slug>.localhost:<port> */
  helpCenter: string;
  /** http://app.<slug>.localhost:<port> */
  product: string;
}

/** Call inside a describe block: the app and demo (made once), and fresh browser contexts. */
export function firstRunApp(dialect: TestDialect) {
  // A slug of this file's own: PostgreSQL is shared by the run, and the demo's domains must be unique.
  const demoSlug = `demo-${randomBytes(4).toString("hex")}`;
  const dataDir = mkdtempSync(join(tmpdir(), "portico-first-run-"));
  let running: Promise<FirstRun> | undefined;
  // Registered before the browser, so it runs after the browser has closed (after-hooks run in reverse).
  afterAll(async () => {
    if (running) await (await running).app.close();
  });
  const browser = testBrowser({ mapTestDomains: false });

  function server(): Promise<FirstRun> {
    running ??= (async () => {
      const database = await dialect.db();
      const config = testConfig({
        demoSlug,
        dataDir,
        eventBus: database.dialect === "postgres" ? "postgres" : "outbox",
      });
      const demo = await seedDemoWorkspace(database.db, TEST_SECRET_KEY, demoSlug);
      writeDemoCredentials(dataDir, { email: demo.adminEmail, password: demo.adminPassword });
      const app = await buildApp({ config, database });
      await app.listen({ port: 0, host: "127.0.0.1" });
      const port = (app.server.address() as AddressInfo).port;
      // What `npm start` does with PORT: PUBLIC_URL is http://localhost:<port>.
      config.port = port;
      config.publicUrl = `http://localhost:${port}`;
      return {
        app,
        demo,
        port,
        start: `http://localhost:${port}`,
        helpCenter: `http://help.${demoSlug}.localhost:${port}`,
        product: `http://app.${demoSlug}.localhost:${port}`,
      };
    })();
    return running;
  }

  async function newContext(viewport: Viewport = DESKTOP): Promise<BrowserContext> {
    return (await browser()).newContext({ viewport });
  }

  return { server, newContext, demoSlug };
}

/**
 * What went wrong while a page was open: answers of 400 and above (a missing favicon, say) and console
 * errors. A test expects the list to stay empty.
 */
export function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") failures.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  return failures;
}
