// The real app listening on a random port of 127.0.0.1 for browser tests, with Chromium contexts signed
// in as a teammate (the Help Desk) or as a contact (the Tickets portal on the workspace's Help Center
// host, *.acme.test). Pages keep their real Content-Security-Policy: axe goes in through test/axe.ts.
import type { AddressInfo } from "node:net";
import type { BrowserContext } from "playwright-core";
import { beforeAll } from "vitest";
import type { Contact, Workspace } from "../src/db/schema.ts";
import { portalCookieName } from "../src/http/helpcenter/helpCenter.routes.ts";
import { TEAMMATE_COOKIE } from "../src/http/helpdesk/session.routes.ts";
import type { Config } from "../src/config.ts";
import type { Mailer } from "../src/identity/mailer.ts";
import { createSession, TEAMMATE_SESSION_TTL_MS } from "../src/identity/sessions.ts";
import { testApp } from "./app.ts";
import { testBrowser } from "./browser.ts";
import type { TestDialect } from "./dialects.ts";
import { buildTeammate } from "./factories.ts";
import { buildPortalWorkspace } from "./portalWorld.ts";

type Viewport = { width: number; height: number };
export const DESKTOP: Viewport = { width: 1280, height: 900 };
export const PHONE: Viewport = { width: 390, height: 844 };

/**
 * Call inside a describe block: the app (closed after the file, once the browser has closed), one
 * Chromium, and signed-in contexts. `base` and `port` are read inside tests, once the app listens.
 */
export function browserApp(
  dialect: TestDialect,
  overrides: Partial<Config> = {},
  deps: { mailer?: Mailer } = {},
) {
  const app = testApp(dialect, { allowHttp: true, ...overrides }, deps);
  const browser = testBrowser();
  let port = 0;
  beforeAll(async () => {
    const listening = await app();
    await listening.listen({ port: 0, host: "127.0.0.1" });
    port = (listening.server.address() as AddressInfo).port;
  });

  async function newContext(viewport: Viewport = DESKTOP): Promise<BrowserContext> {
    return (await browser()).newContext({ viewport });
  }

  /** A context signed in as a new teammate of the workspace (the session cookie set directly). */
  async function teammateContext(
    workspace: Workspace,
    role: "admin" | "agent" = "agent",
    viewport: Viewport = DESKTOP,
  ): Promise<BrowserContext> {
    const { db } = await dialect.db();
    const teammate = await buildTeammate(db, workspace, { role });
    const token = await createSession(
      db,
      { workspaceId: workspace.id, kind: "teammate", teammateId: teammate.id },
      TEAMMATE_SESSION_TTL_MS,
    );
    const context = await newContext(viewport);
    await context.addCookies([{ name: TEAMMATE_COOKIE, value: token, domain: "127.0.0.1", path: "/" }]);
    return context;
  }

  /** A new workspace whose Help Center is live on its own host with the Tickets portal on. */
  async function portalWorkspace(
    name: string,
  ): Promise<{ workspace: Workspace; host: string; portal: string }> {
    const { db } = await dialect.db();
    const { workspace, host } = await buildPortalWorkspace(db, { name, domain: "acme.test" });
    return { workspace, host, portal: `http://${host}:${port}` };
  }

  /** A context signed in to the workspace's portal (on `host`) as the contact. */
  async function portalContext(
    workspace: Workspace,
    host: string,
    contact: Contact,
    viewport: Viewport = DESKTOP,
  ): Promise<BrowserContext> {
    const { db } = await dialect.db();
    const token = await createSession(
      db,
      { workspaceId: workspace.id, kind: "portal", contactId: contact.id },
      3600_000,
    );
    const context = await newContext(viewport);
    await context.addCookies([
      { name: portalCookieName(workspace.id), value: token, domain: host, path: "/" },
    ]);
    return context;
  }

  return {
    app,
    newContext,
    teammateContext,
    portalWorkspace,
    portalContext,
    /** The Help Desk's origin, http://127.0.0.1:<port>. */
    get base() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
  };
}
