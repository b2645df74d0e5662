// The Help Center's HTML pages (minimal until the portal UI of issue #6): who is signed in, sign-in by
// e-mailed link, and the cookie-forwarding check that runs in the visitor's browser.
import type { Contact, Workspace } from "../../db/schema.ts";

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON inside a <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function layout(workspace: Workspace, title: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(workspace.name)} Help Center</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:.75rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.5rem 1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px}</style>
</head><body><main><h1>${escapeHtml(workspace.name)} Help Center</h1>
${body}</main>${script}</body></html>`;
}

export interface HomePageInput {
  workspace: Workspace;
  basePath: string;
  viewer: Contact | undefined;
  /** On the custom domain: the Messenger cookie's name and whether this request carried it. */
  cookieCheck?: { cookieName: string; received: boolean };
}

export function helpCenterHomePage({ workspace, basePath, viewer, cookieCheck }: HomePageInput): string {
  const who = viewer ? (viewer.name ?? viewer.email ?? "you") : undefined;
  const body = who
    ? `<p role="status">Signed in as <strong>${escapeHtml(who)}</strong></p>`
    : `<section aria-labelledby="signin"><h2 id="signin">Sign in</h2>
<p>Open this Help Center from ${escapeHtml(workspace.name)}'s product to be signed in, or get a one-time sign-in link by e-mail.</p>
<form method="post" action="${escapeHtml(basePath)}/sso/email"><label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">E-mail me a sign-in link</button></form></section>`;
  // The browser holds the Messenger cookie but this request came without it: something between the
  // browser and Portico (a proxy, a CDN) dropped it. Tell the server, which tells the admin.
  const script = cookieCheck
    ? `<script>
(function () {
  var check = ${scriptJson({ ...cookieCheck, report: `${basePath}/cookie-report` })};
  var held = document.cookie.split("; ").some(function (c) { return c.indexOf(check.cookieName + "=") === 0; });
  if (held && !check.received) {
    fetch(check.report, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" },
      body: JSON.stringify({ cookie_name: check.cookieName }) });
  }
})();
</script>`
    : "";
  return layout(workspace, "Home", body, script);
}

export function linkSentPage(workspace: Workspace): string {
  return layout(
    workspace,
    "Check your e-mail",
    `<p role="status">If that address belongs to an account here, a sign-in link is on its way. It works once, within 15 minutes.</p>`,
  );
}

export function confirmLinkPage(workspace: Workspace, basePath: string, token: string): string {
  // A form, not a GET that signs in: mail scanners that open links must not use the link up.
  return layout(
    workspace,
    "Sign in",
    `<form method="post" action="${escapeHtml(basePath)}/sso/link"><input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Sign in to ${escapeHtml(workspace.name)} Help Center</button></form>`,
  );
}
