// The Help Desk's pages: every page URL under /app answers the Help Desk app's HTML shell. A signed-in
// teammate's shell carries who they are and the CSRF token; a signed-out visitor's shows the sign-in page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import type { Db } from "../../db/database.ts";
import { lastWorkspaceEventId } from "../../domain/events/outbox.repository.ts";
import { presentTeammate } from "../../domain/teammates/teammate.presenter.ts";
import { csrfTokenFor } from "../../identity/csrf.ts";
import type { WebAssets } from "../webAssets.ts";
import { currentTeammate } from "./session.routes.ts";

const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/** Page URLs of the Help Desk app; JSON stays at /app/api, /app/me, /app/session, /app/settings... */
export const HELP_DESK_PAGE_PATHS = [
  "/app/inbox",
  "/app/inbox/*",
  "/app/tickets/:id",
  "/app/conversations/:id",
  "/app/companies",
  "/app/companies/*",
  "/app/contacts",
  "/app/contacts/*",
  "/app/admin",
  "/app/admin/*",
  "/app/invite",
] as const;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON that is safe inside a <script type="application/json"> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, "");

export function helpDeskPageRoutes(
  app: FastifyInstance,
  deps: { db: Db; config: Config; settings: HotSettings; web: WebAssets | null },
): void {
  const { db, config, web } = deps;

  async function page(request: FastifyRequest, reply: FastifyReply) {
    reply.header("content-security-policy", PAGE_CSP).header("cache-control", "no-store");
    if (!web) {
      return reply
        .code(503)
        .type("text/html; charset=utf-8")
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help Desk unavailable</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>` +
            `<body><main><h1>Help Desk unavailable</h1><p>The Help Desk's files are not built yet; run npm run build:web.</p></main></body></html>`,
        );
    }
    const current = await currentTeammate(request, deps);
    const bootstrap = current
      ? {
          teammate: presentTeammate(current.teammate, current.workspace),
          csrfToken: csrfTokenFor(config.secretKey, current.sessionToken),
          // Read before the app loads its data: its live stream resumes from here.
          eventId: await lastWorkspaceEventId(db, current.workspace.id),
        }
      : { teammate: null, csrfToken: "", eventId: 0 };
    const title = current ? `Help Desk · ${current.workspace.name}` : "Sign in · Portico Help Desk";
    const assets = web.entry("helpdesk");
    return reply.type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${assets.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join("\n")}
<script type="module" src="${assets.script}"></script></head>
<body><div id="helpdesk-root"><p role="status">Loading the Help Desk…</p></div>
<script type="application/json" id="helpdesk-bootstrap">${scriptJson(bootstrap)}</script></body></html>`);
  }

  app.get("/app", async (_request, reply) => reply.redirect("/app/inbox", 302));
  app.get("/app/", async (_request, reply) => reply.redirect("/app/inbox", 302));
  for (const path of HELP_DESK_PAGE_PATHS) app.get(path, { schema: { hide: true } }, page);
}
