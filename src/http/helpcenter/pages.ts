// The Help Center's HTML pages: the home (collections and their published articles, the Tickets card,
// who is signed in), an article, sign-in by e-mailed link, and the cookie-forwarding check that runs in
// the visitor's browser. Every page is served with a Content-Security-Policy: the stylesheet is allowed by
// its hash, and a <script> runs only with this response's nonce.
import { createHash } from "node:crypto";
import type { Contact, HelpArticle, HelpCollection, Workspace } from "../../db/schema.ts";
import { renderMarkdown } from "../../domain/helpcenter/markdown.ts";

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON inside a <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

const PAGE_STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;overflow-wrap:anywhere}
a{color:#1d4ed8}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
label{display:block;margin-top:.75rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.5rem 1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px}
.site-title{font-size:1.5rem;font-weight:700;color:inherit;text-decoration:none}
.card{border:1px solid #c7d2fe;background:#eef2ff;border-radius:8px;padding:1rem;margin:1.5rem 0}
.card a{display:inline-block;padding:.5rem 0;font-weight:600}
.signed-in{display:flex;flex-wrap:wrap;align-items:center;gap:0 1rem}.signed-in p{margin:0}.signed-in button{margin-top:0;padding:.25rem .75rem;background:#fff;color:#1d4ed8;border:1px solid #1d4ed8}
.collection ul{padding-left:1.25rem}.collection li{margin:.4rem 0}
article img{max-width:100%;height:auto}article pre{overflow-x:auto}`;
/** The one stylesheet, allowed by its hash: pages without a script stay byte-for-byte the same. */
const PAGE_STYLE_HASH = `sha256-${createHash("sha256").update(PAGE_STYLE).digest("base64")}`;

/** The policy every Help Center page is sent with; `nonce` is fresh for each response. */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src '${PAGE_STYLE_HASH}'`,
    // Article images are absolute http(s) URLs (markdown.ts refuses anything else).
    "img-src 'self' https: http:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function layout(page: PageContext, title: string, body: string, script = ""): string {
  const { workspace, basePath } = page;
  const home = basePath || "/";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(workspace.name)} Help Center</title>
<style>${PAGE_STYLE}</style>
</head><body><header><a class="site-title" href="${escapeHtml(home)}">${escapeHtml(workspace.name)} Help Center</a></header>
<main>
${body}</main>${script}</body></html>`;
}

/** What every page needs: whose Help Center, where it is mounted, and this response's CSP nonce. */
export interface PageContext {
  workspace: Workspace;
  basePath: string;
  nonce: string;
}

export interface CollectionWithArticles {
  collection: HelpCollection;
  /** Published articles only, in their set order. */
  articles: HelpArticle[];
}

export interface HomePageInput extends PageContext {
  viewer: Contact | undefined;
  /** The sign-out form's CSRF token (for the session the viewer is signed in with). */
  signOutToken: string;
  collections: CollectionWithArticles[];
  /** Where the Tickets card goes (0 before the collections, 1 after), or null when it is not shown. */
  ticketsCardPosition: number | null;
  /** On the custom domain: the Messenger cookie's name and whether this request carried it. */
  cookieCheck?: { cookieName: string; received: boolean };
}

function collectionsSection(basePath: string, collections: CollectionWithArticles[]): string {
  const withArticles = collections.filter((c) => c.articles.length > 0);
  if (withArticles.length === 0) {
    return `<section aria-labelledby="articles"><h2 id="articles">Articles</h2><p>No articles yet.</p></section>`;
  }
  const items = withArticles
    .map(({ collection, articles }) => {
      const headingId = `collection-${escapeHtml(collection.id)}`;
      const description = collection.description ? `<p>${escapeHtml(collection.description)}</p>` : "";
      const links = articles
        .map(
          (a) =>
            `<li><a href="${escapeHtml(`${basePath}/articles/${encodeURIComponent(a.id)}`)}">${escapeHtml(a.title)}</a></li>`,
        )
        .join("\n");
      return `<section class="collection" aria-labelledby="${headingId}"><h3 id="${headingId}">${escapeHtml(collection.name)}</h3>
${description}<ul>
${links}
</ul></section>`;
    })
    .join("\n");
  return `<section aria-labelledby="articles"><h2 id="articles">Articles</h2>
${items}</section>`;
}

function ticketsCard(basePath: string): string {
  return `<section class="card" aria-labelledby="tickets-card"><h2 id="tickets-card">Tickets</h2>
<p>Follow every ticket of your companies and join the conversation.</p>
<a href="${escapeHtml(`${basePath}/tickets`)}">See your tickets</a></section>`;
}

export function helpCenterHomePage(input: HomePageInput): string {
  const { workspace, basePath, nonce, viewer, collections, ticketsCardPosition, cookieCheck, signOutToken } =
    input;
  const who = viewer ? (viewer.name ?? viewer.email ?? "you") : undefined;
  const signIn = who
    ? `<div class="signed-in"><p role="status">Signed in as <strong>${escapeHtml(who)}</strong></p>
<form method="post" action="${escapeHtml(basePath)}/sso/signout"><input type="hidden" name="csrf_token" value="${escapeHtml(signOutToken)}"><button type="submit">Sign out</button></form></div>`
    : `<section aria-labelledby="signin"><h2 id="signin">Sign in</h2>
<p>Open this Help Center from ${escapeHtml(workspace.name)}'s product to be signed in, or get a one-time sign-in link by e-mail.</p>
<form method="post" action="${escapeHtml(basePath)}/sso/email"><label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">E-mail me a sign-in link</button></form></section>`;
  const sections = [collectionsSection(basePath, collections)];
  if (ticketsCardPosition !== null) {
    sections.splice(ticketsCardPosition === 0 ? 0 : 1, 0, ticketsCard(basePath));
  }
  const body = `<h1>How can we help?</h1>
${signIn}
${sections.join("\n")}`;
  // The browser holds the Messenger cookie but this request came without it: something between the
  // browser and Portico (a proxy, a CDN) dropped it. Tell the server, which tells the admin.
  const script = cookieCheck
    ? `<script nonce="${escapeHtml(nonce)}">
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
  return layout(input, "Home", body, script);
}

/** A published article; its Markdown becomes HTML through renderMarkdown only (no author HTML). */
export function articlePage(
  page: PageContext,
  article: HelpArticle,
  collection: HelpCollection | undefined,
): string {
  const home = page.basePath || "/";
  const crumbs = `<nav aria-label="Breadcrumb"><a href="${escapeHtml(home)}">All articles</a>${
    collection ? ` › ${escapeHtml(collection.name)}` : ""
  }</nav>`;
  return layout(
    page,
    article.title,
    `${crumbs}
<article aria-labelledby="article-title"><h1 id="article-title">${escapeHtml(article.title)}</h1>
${renderMarkdown(article.body_markdown)}</article>`,
  );
}

export function linkSentPage(page: PageContext): string {
  return layout(
    page,
    "Check your e-mail",
    `<p role="status">If that address belongs to an account here, a sign-in link is on its way. It works once, within 15 minutes.</p>`,
  );
}

export function confirmLinkPage(page: PageContext, token: string): string {
  const { workspace, basePath } = page;
  // A form, not a GET that signs in: mail scanners that open links must not use the link up.
  return layout(
    page,
    "Sign in",
    `<form method="post" action="${escapeHtml(basePath)}/sso/link"><input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Sign in to ${escapeHtml(workspace.name)} Help Center</button></form>`,
  );
}
