// GET /: a small start page. With the demo workspace seeded it tells a newcomer where to go.
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { findFirstAdmin } from "../domain/teammates/teammate.repository.ts";
import { findWorkspaceBySlug } from "../domain/workspaces/workspace.repository.ts";
import { helpCenterHomeForHost } from "./helpcenter/helpCenter.routes.ts";
import { isMainHost } from "./helpcenter/hosts.ts";

export const DEMO_SLUG = "demo";

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function startPageRoutes(app: FastifyInstance, deps: { db: Db; config: Config }): void {
  const otherHost = helpCenterHomeForHost(deps);
  app.get("/", async (request, reply) => {
    // `/` on a workspace's custom domain is its Help Center; on an unknown host, a plain 404.
    if (!isMainHost(request, deps.config)) return otherHost(request, reply);
    const demo = await findWorkspaceBySlug(deps.db, DEMO_SLUG);
    const admin = demo ? await findFirstAdmin(deps.db, demo.id) : undefined;
    const demoSection = demo
      ? `<section aria-labelledby="demo"><h2 id="demo">Demo workspace: ${escape(demo.name)}</h2>
  <p>Sign in as the demo admin <strong>${escape(admin?.email ?? "")}</strong> with the password printed when
  Portico started (also kept in <code>data/demo-credentials.json</code>).</p></section>`
      : `<p>No demo workspace here. Create one with <code>npx portico workspace create --name … --admin-email … --admin-password …</code>.</p>`;
    return reply.type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portico</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:.75rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.5rem 1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px}
[role=status]{margin-top:1rem}</style></head>
<body><main><h1>Portico</h1><p>Self-hosted customer support with a live Tickets portal.</p>
${demoSection}
<section aria-labelledby="signin"><h2 id="signin">Teammate sign-in</h2>
<form id="f"><label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form><p role="status" id="status"></p></section>
<p><a href="/healthz">Health</a></p></main>
<script>
document.getElementById("f").addEventListener("submit", async (e) => {
  e.preventDefault();
  const status = document.getElementById("status");
  status.textContent = "Signing in…";
  const res = await fetch("/app/session", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: e.target.email.value, password: e.target.password.value }) });
  const body = await res.json();
  status.textContent = res.ok ? "Signed in as " + body.name + " (" + body.role + ") in " + body.workspace.name + "."
    : body.errors[0].message;
});
</script></body></html>`);
  });
}
