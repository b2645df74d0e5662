// The first-run pages: the start page (main host) that takes a newcomer to every surface by clicks alone,
// and the demo customer's own product (app.<cookie domain>) — the Messenger booted with a user_hash its
// server computed, and a "Support tickets" link that signs the person in to the Help Center by JWT SSO.
import { escapeHtml } from "../helpcenter/pages.ts";

/** JSON inside a <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

const FAVICON = `<link rel="icon" href="/favicon.svg" type="image/svg+xml">`;

function head(title: string, extra: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${FAVICON}
${extra}
</head>`;
}

/** The start page's policy: this host's styles and scripts carrying the response's nonce only. */
export function startPageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join("; ");
}

export interface StartPageDemo {
  name: string;
  adminEmail: string;
  /** Shown (and filled in) only to a browser on this machine; null otherwise. */
  adminPassword: string | null;
  person: { name: string; companies: string[] };
  /** The demo product's page that signs the person in to the Help Center and opens the portal. */
  portalSignInUrl: string;
  productUrl: string;
  helpCenterUrl: string;
}

function listOfNames(names: string[]): string {
  const escaped = names.map((n) => `<strong>${escapeHtml(n)}</strong>`);
  return escaped.length <= 1 ? escaped.join("") : `${escaped.slice(0, -1).join(", ")} and ${escaped.at(-1)}`;
}

function demoSection(demo: StartPageDemo): string {
  const { person } = demo;
  const passwordHint = demo.adminPassword
    ? `<dl class="credentials"><dt>E-mail</dt><dd>${escapeHtml(demo.adminEmail)}</dd><dt>Password</dt><dd>${escapeHtml(demo.adminPassword)}</dd></dl>`
    : `<p class="muted">Use the password printed when Portico started (also kept in <code>data/demo-credentials.json</code>).</p>`;
  return `<section aria-labelledby="demo"><h2 id="demo" class="section-title">Try the demo workspace: ${escapeHtml(demo.name)}</h2>
<div class="cards cards--three">
<section class="card card--accent" aria-labelledby="try-portal"><h3 id="try-portal">The Tickets portal</h3>
<p>Every ticket of ${listOfNames(person.companies)} as <strong>${escapeHtml(person.name)}</strong>, who belongs to ${person.companies.length === 1 ? "it" : "each of them"}. The demo product signs ${escapeHtml(person.name.split(" ")[0] ?? person.name)} in to the Help Center by JWT single sign-on, as yours would.</p>
<a class="button" href="${escapeHtml(demo.portalSignInUrl)}">Open the portal as ${escapeHtml(person.name)}</a></section>
<section class="card" aria-labelledby="try-helpdesk"><h3 id="try-helpdesk">The Help Desk</h3>
<p>The support team's inbox, tickets, companies and settings, as the demo admin.</p>
${passwordHint}
${signInForm(demo.adminEmail, demo.adminPassword, "Sign in to the Help Desk")}</section>
<section class="card" aria-labelledby="try-product"><h3 id="try-product">The customer's product</h3>
<p>The demo product with the Messenger in its corner, booted for ${escapeHtml(person.name)} and verified by the product's server. Its Help Center link signs ${escapeHtml(person.name.split(" ")[0] ?? person.name)} in by the Messenger's cookie.</p>
<a class="button" href="${escapeHtml(demo.productUrl)}">Open the product</a></section>
</div>
<p>Also: <a href="${escapeHtml(demo.helpCenterUrl)}">the demo Help Center</a> and its articles, and <a href="/api/docs">the REST API's documentation</a>.</p>
</section>`;
}

function signInForm(email: string, password: string | null, submitLabel: string): string {
  return `<form id="signin-form" class="form" aria-label="Teammate sign-in">
<div class="field"><label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}"></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required value="${escapeHtml(password ?? "")}"></div>
<button type="submit" class="button">${escapeHtml(submitLabel)}</button>
<p role="status" id="signin-status" class="status-line"></p></form>`;
}

export function startPageHtml(input: { nonce: string; styles: string; demo: StartPageDemo | null }): string {
  const { nonce, styles, demo } = input;
  const body = demo
    ? demoSection(demo)
    : `<section class="card" aria-labelledby="signin"><h2 id="signin">Teammate sign-in</h2>
${signInForm("", null, "Sign in")}</section>`;
  return `${head("Portico", styles)}
<body><a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="container site-header__inner"><a class="site-header__brand" href="/">Portico</a>
<p class="site-header__viewer">Self-hosted customer support</p></div></header>
<main id="main" class="container site-main" tabindex="-1">
<div class="hero"><h1 class="page-title">Welcome to Portico</h1>
<p>Customer support around a live Tickets portal: customers see every ticket of every company they belong to, and join the conversation behind it.${demo ? " The demo below is the real thing on this machine — its Help Center is live with the portal on, identity verification is enforced, and its product signs people in." : ""}</p></div>
${body}
<section aria-labelledby="own" class="stack"><h2 id="own" class="section-title">Your own workspace</h2>
<p>Create one with <code>npx portico workspace create --name … --admin-email … --admin-password …</code>; the README says, step by step, how to put its Help Center and portal on your own domain.</p></section>
</main>
<footer class="container site-footer"><a href="/healthz">Health</a></footer>
<script nonce="${escapeHtml(nonce)}">
document.getElementById("signin-form").addEventListener("submit", async function (event) {
  event.preventDefault();
  var form = event.target;
  var status = document.getElementById("signin-status");
  status.textContent = "Signing in…";
  try {
    var response = await fetch("/app/session", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.email.value, password: form.password.value }) });
    var body = await response.json();
    if (!response.ok) { status.textContent = body.errors[0].message; return; }
    status.textContent = "Signed in as " + (body.name || body.email) + ". Opening the Help Desk…";
    location.assign("/app/inbox");
  } catch (error) {
    status.textContent = "Could not reach Portico. Is it still running?";
  }
});
</script></body></html>`;
}

/** The demo product's policy: its own nonce, and Portico's origin for the Messenger (loader, boot, window). */
export function productPageCsp(nonce: string, porticoOrigin: string, helpCenterOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${porticoOrigin}`,
    `style-src 'nonce-${nonce}'`,
    `connect-src ${porticoOrigin}`,
    `frame-src ${porticoOrigin}`,
    "img-src 'self' data:",
    `form-action ${helpCenterOrigin}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join("; ");
}

/** Deliberately not Portico's look: this page stands for someone else's product. */
const PRODUCT_STYLE = `body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#14213d;background:#f4f1ea}
a{color:#0b6e4f}header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1.25rem;background:#14213d;color:#fff}
header a{color:#fff}.brand{font-weight:800;font-size:1.2rem;margin-right:auto}nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav a{display:inline-block;padding:.6rem 0}main{max-width:60rem;margin:0 auto;padding:1.25rem}
.tiles{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));margin:1.25rem 0}
.tile{background:#fff;border-radius:12px;padding:1rem;border:1px solid #ded8c8}.tile b{display:block;font-size:1.8rem}
.note{background:#fff;border-left:4px solid #0b6e4f;padding:.75rem 1rem;border-radius:6px}
.note p{margin:.5rem 0}button{font:inherit;padding:.6rem 1.1rem;border-radius:8px;border:0;background:#0b6e4f;color:#fff;cursor:pointer}`;

export interface ProductPageInput {
  nonce: string;
  productName: string;
  person: { name: string; companies: string[] };
  /** What the product's server computed for this person: window.porticoSettings. */
  messengerSettings: Record<string, string>;
  loaderUrl: string;
  helpCenterUrl: string;
  startPageUrl: string;
  cookieDomain: string;
}

export function productPageHtml(input: ProductPageInput): string {
  const { nonce, person } = input;
  const nonceAttr = `nonce="${escapeHtml(nonce)}"`;
  return `${head(`${input.productName} — dashboard`, `<style ${nonceAttr}>${PRODUCT_STYLE}</style>`)}
<body><header><span class="brand">${escapeHtml(input.productName)}</span>
<nav aria-label="Product"><a href="/">Dashboard</a><a href="${escapeHtml(input.helpCenterUrl)}/">Help Center</a><a href="/support">Support tickets</a></nav>
<span>Signed in as <strong>${escapeHtml(person.name)}</strong></span></header>
<main><h1>Good morning, ${escapeHtml(person.name.split(" ")[0] ?? person.name)}</h1>
<div class="tiles" aria-label="This week"><div class="tile"><b>12,480</b>page views</div><div class="tile"><b>3.2%</b>conversion</div><div class="tile"><b>18</b>reports shared</div></div>
<section class="note" aria-labelledby="about"><h2 id="about">This page plays the demo customer's own product</h2>
<p>You are signed in here as ${escapeHtml(person.name)} (${escapeHtml(person.companies.join(", "))}). Its server computed the Messenger's <code>user_hash</code>, so the Messenger in the corner is verified, with identity verification enforced.</p>
<p>The Messenger keeps its session in a cookie on <code>${escapeHtml(input.cookieDomain)}</code>: open the <a href="${escapeHtml(input.helpCenterUrl)}/">Help Center</a> and it knows you (cookie forwarding). <a href="/support">Support tickets</a> signs you in there by JWT single sign-on instead.</p>
<p><a href="${escapeHtml(input.startPageUrl)}">Back to Portico's start page</a></p></section></main>
<script ${nonceAttr}>window.porticoSettings = ${scriptJson(input.messengerSettings)};</script>
<script ${nonceAttr} src="${escapeHtml(input.loaderUrl)}" async></script></body></html>`;
}

/** The product's hand-off to the Help Center: a form posting a fresh SSO JWT, sent at once by script. */
export function supportHandOffHtml(input: {
  nonce: string;
  productName: string;
  ssoUrl: string;
  jwt: string;
  returnTo: string;
}): string {
  const nonceAttr = `nonce="${escapeHtml(input.nonce)}"`;
  return `${head(`${input.productName} — opening support`, `<style ${nonceAttr}>${PRODUCT_STYLE}</style>`)}
<body><main><h1>Opening your support tickets…</h1>
<form id="sso" method="post" action="${escapeHtml(input.ssoUrl)}">
<input type="hidden" name="jwt" value="${escapeHtml(input.jwt)}">
<input type="hidden" name="return_to" value="${escapeHtml(input.returnTo)}">
<p>${escapeHtml(input.productName)} signs you in to the Help Center with single sign-on.</p>
<button type="submit">Continue to the Help Center</button></form></main>
<script ${nonceAttr}>document.getElementById("sso").submit();</script></body></html>`;
}
