// The Messenger window: the page the loader opens in its iframe. It may be framed only by the pages that
// may boot this workspace's Messenger (the same list as CORS, as CSP frame-ancestors), and it receives
// its session from the loader by postMessage, never in its URL.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Config } from "../../config.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import { sendError } from "../errors.ts";
import type { WebAssets } from "../webAssets.ts";
import { frameParams } from "./messengerApi.schema.ts";
import { frameAncestors } from "./origins.ts";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON that is safe inside a <script type="application/json"> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, "");

export function messengerFrameRoutes(
  app: FastifyInstance,
  { config, settings, web }: { config: Config; settings: HotSettings; web: WebAssets | null },
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    "/messenger/:workspaceId/frame",
    { schema: { params: frameParams, hide: true } },
    async (request, reply) => {
      const workspace = await settings.workspaceById(request.params.workspaceId);
      if (!workspace) return sendError(reply, 404, "not_found", "Workspace not found");
      if (!web) return sendError(reply, 503, "server_error", "The Messenger's files are not built yet.");
      const assets = web.entry("messenger");
      const csp = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        `frame-ancestors ${frameAncestors(workspace, config).join(" ")}`,
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
      ].join("; ");
      const bootstrap = { workspace: { id: workspace.id, name: workspace.name } };
      return reply
        .header("content-security-policy", csp)
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Messenger · ${escapeHtml(workspace.name)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${assets.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join("\n")}
<script type="module" src="${assets.script}"></script></head>
<body><div id="messenger-root"><p role="status">Loading the Messenger…</p></div>
<script type="application/json" id="messenger-bootstrap">${scriptJson(bootstrap)}</script></body></html>`);
    },
  );
}
