// GET /: a small start page. With the demo workspace seeded it tells a newcomer where to go, and
// GET /demo/product stands in for the demo customer's own product: a page with the Messenger snippet,
// booted for the demo person (in two companies) with the user_hash their server would compute.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { findFirstAdmin } from "../domain/teammates/teammate.repository.ts";
import { findContactByExternalId } from "../domain/contacts/contact.repository.ts";
import { activeIdentitySecrets } from "../domain/workspaces/identitySecrets.ts";
import { userHashOf } from "../identity/endUserVerification.ts";
import { findWorkspaceBySlug } from "../domain/workspaces/workspace.repository.ts";
import { helpCenterHomeForHost } from "./helpcenter/helpCenter.routes.ts";
import { isMainHost } from "./helpcenter/hosts.ts";

/** The seeded person who belongs to two companies (demoWorkspace.ts). */
const DEMO_PERSON = "pat";

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function startPageRoutes(app: FastifyInstance, deps: { db: Db; config: Config }): void {
  const otherHost = helpCenterHomeForHost(deps);
  app.get("/", async (request, reply) => {
    // `/` on a workspace's custom domain is its Help Center; on an unknown host, a plain 404.
    if (!isMainHost(request, deps.config)) return otherHost(request, reply);
    const demo = await findWorkspaceBySlug(deps.db, deps.config.demoSlug);
    const admin = demo ? await findFirstAdmin(deps.db, demo.id) : undefined;
    const demoSection = demo
      ? `<section aria-labelledby="demo"><h2 id="demo">Demo workspace: ${escape(demo.name)}</h2>
  <ul>
  <li><a href="/app">Open the Help Desk</a> and sign in as the demo admin <strong>${escape(admin?.email ?? "")}</strong>
  with the password printed when Portico started (also kept in <code>data/demo-credentials.json</code>).</li>
  <li><a href="/demo/product">Open the demo customer's product</a> with the Messenger booted for Pat, who belongs to two companies.</li>
  <li><a href="/help/${escape(demo.slug)}">Open the demo Help Center</a>.</li>
  </ul></section>`
      : `<p>No demo workspace here. Create one with <code>npx portico workspace create --name … --admin-email … --admin-password …</code>.</p>`;
    const nonce = randomBytes(16).toString("base64");
    return reply
      .type("text/html; charset=utf-8")
      .header(
        "content-security-policy",
        `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'`,
      ).send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portico</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
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

  app.get("/demo/product", async (request, reply) => {
    if (!isMainHost(request, deps.config)) return reply.code(404).type("text/plain").send("Not Found");
    const demo = await findWorkspaceBySlug(deps.db, deps.config.demoSlug);
    const pat = demo ? await findContactByExternalId(deps.db, demo.id, DEMO_PERSON) : undefined;
    const [secret] = demo ? await activeIdentitySecrets(deps.db, deps.config.secretKey, demo.id) : [];
    if (!demo || !pat || !secret) return reply.code(404).type("text/plain").send("No demo workspace here.");
    // What the customer's server does: sign the logged-in user's id with the workspace's identity secret.
    const settings = {
      workspace_id: demo.id,
      user_id: DEMO_PERSON,
      name: pat.name,
      email: pat.email,
      user_hash: userHashOf(secret, DEMO_PERSON),
    };
    const json = JSON.stringify(settings).replace(/</g, "\\u003c");
    const nonce = randomBytes(16).toString("base64");
    // The stand-in for a customer's product: its own inline settings, the loader and the Messenger frame.
    const csp = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "frame-src 'self'",
      "connect-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; ");
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("content-security-policy", csp).send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Analytics (demo product)</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}</style></head>
<body><main><h1>Acme Analytics</h1>
<p>This page plays the demo customer's own product. You are logged in here as <strong>${escape(pat.name ?? DEMO_PERSON)}</strong>;
the Messenger in the corner was booted for that person with a verified <code>user_hash</code>.</p>
<p><a href="/">Back to the start page</a></p></main>
<script nonce="${nonce}">window.porticoSettings = ${json};</script>
<script src="/messenger.js" async></script></body></html>`);
  });
}
