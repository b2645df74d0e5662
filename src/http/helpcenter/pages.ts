// The Help Center's HTML pages: the home (collections and their published articles, the Tickets card,
// who is signed in), an article, sign-in by e-mailed link, and the cookie-forwarding check that runs in
// the visitor's browser. They share the Tickets portal's look (the site stylesheet) and are served with a
// Content-Security-Policy: styles from this host only, and a <script> runs only with this response's nonce.
import type { Contact, HelpArticle, HelpCollection, Workspace } from "../../db/schema.ts";
import { renderMarkdown } from "../../domain/helpcenter/markdown.ts";

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON inside a <script>: `<` escaped so no value can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The policy every Help Center page is sent with; `nonce` is fresh for each response. */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // The site stylesheet (web/site/site.css, built with the apps) from this host; no inline styles.
    "style-src 'self'",
    // Article images are absolute http(s) URLs (markdown.ts refuses anything else).
    "img-src 'self' https: http:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function layout(
  page: PageContext,
  title: string,
  body: string,
  options: { script?: string; header?: string } = {},
): string {
  const { workspace, basePath } = page;
  const home = basePath || "/";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(workspace.name)} Help Center</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${page.styles}
</head><body><a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="container site-header__inner">
<a class="site-header__brand" href="${escapeHtml(home)}">${escapeHtml(workspace.name)} Help Center</a>${options.header ?? ""}
</div></header>
<main id="main" class="container site-main" tabindex="-1">
${body}</main>${options.script ?? ""}</body></html>`;
}

/** What every page needs: whose Help Center, where it is mounted, this response's CSP nonce, the styles. */
export interface PageContext {
  workspace: Workspace;
  basePath: string;
  nonce: string;
  /** The `<link>` elements of the site stylesheet (empty when the web assets are not built). */
  styles: string;
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
    return `<section aria-labelledby="articles"><h2 id="articles" class="section-title">Articles</h2><p class="muted">No articles yet.</p></section>`;
  }
  const items = withArticles
    .map(({ collection, articles }) => {
      const headingId = `collection-${escapeHtml(collection.id)}`;
      const description = collection.description
        ? `<p class="muted">${escapeHtml(collection.description)}</p>`
        : "";
      const links = articles
        .map(
          (a) =>
            `<li><a href="${escapeHtml(`${basePath}/articles/${encodeURIComponent(a.id)}`)}">${escapeHtml(a.title)}</a></li>`,
        )
        .join("\n");
      return `<section class="card collection" aria-labelledby="${headingId}"><h3 id="${headingId}">${escapeHtml(collection.name)}</h3>
${description}<ul class="link-list">
${links}
</ul></section>`;
    })
    .join("\n");
  return `<section aria-labelledby="articles"><h2 id="articles" class="section-title">Articles</h2>
<div class="cards cards--two">
${items}</div></section>`;
}

function ticketsCard(basePath: string): string {
  return `<section class="card card--accent tickets-card" aria-labelledby="tickets-card"><h2 id="tickets-card">Tickets</h2>
<p>Follow every ticket of your companies and join the conversation.</p>
<a class="button" href="${escapeHtml(`${basePath}/tickets`)}">See your tickets</a></section>`;
}

export function helpCenterHomePage(input: HomePageInput): string {
  const { workspace, basePath, nonce, viewer, collections, ticketsCardPosition, cookieCheck, signOutToken } =
    input;
  const who = viewer ? (viewer.name ?? viewer.email ?? "you") : undefined;
  const header = who
    ? `<div class="site-header__actions"><p class="site-header__viewer" role="status">Signed in as <strong>${escapeHtml(who)}</strong></p>
<form method="post" action="${escapeHtml(basePath)}/sso/signout"><input type="hidden" name="csrf_token" value="${escapeHtml(signOutToken)}"><button type="submit" class="link-button">Sign out</button></form></div>`
    : "";
  const signIn = who
    ? ""
    : `<section class="card sign-in" aria-labelledby="signin"><h2 id="signin">Sign in</h2>
<p>Open this Help Center from ${escapeHtml(workspace.name)}'s product to be signed in, or get a one-time sign-in link by e-mail.</p>
<form class="form" method="post" action="${escapeHtml(basePath)}/sso/email"><div class="field"><label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="email" required></div>
<button type="submit" class="button">E-mail me a sign-in link</button></form></section>`;
  const sections = [collectionsSection(basePath, collections)];
  if (ticketsCardPosition !== null) {
    sections.splice(ticketsCardPosition === 0 ? 0 : 1, 0, ticketsCard(basePath));
  }
  const body = `<div class="hero"><h1 class="page-title">How can we help?</h1>
<p>Articles from the ${escapeHtml(workspace.name)} team${ticketsCardPosition !== null ? ", and every ticket of your companies" : ""}.</p></div>
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
  return layout(input, "Home", body, { script, header });
}

/** A published article; its Markdown becomes HTML through renderMarkdown only (no author HTML). */
export function articlePage(
  page: PageContext,
  article: HelpArticle,
  collection: HelpCollection | undefined,
): string {
  const home = page.basePath || "/";
  const crumbs = `<nav aria-label="Breadcrumb" class="breadcrumb"><a href="${escapeHtml(home)}"><span aria-hidden="true">←</span> All articles</a>${
    collection ? ` <span class="muted">· ${escapeHtml(collection.name)}</span>` : ""
  }</nav>`;
  return layout(
    page,
    article.title,
    `${crumbs}
<article class="panel article" aria-labelledby="article-title"><h1 id="article-title" class="page-title">${escapeHtml(article.title)}</h1>
<div class="article__body">${renderMarkdown(article.body_markdown)}</div></article>`,
  );
}

export function linkSentPage(page: PageContext): string {
  return layout(
    page,
    "Check your e-mail",
    `<div class="panel"><h1 class="page-title">Check your e-mail</h1><p role="status">If that address belongs to an account here, a sign-in link is on its way. It works once, within 15 minutes.</p></div>`,
  );
}

export function confirmLinkPage(page: PageContext, token: string): string {
  const { workspace, basePath } = page;
  // A form, not a GET that signs in: mail scanners that open links must not use the link up.
  return layout(
    page,
    "Sign in",
    `<div class="panel stack"><h1 class="page-title">Sign in</h1><form method="post" action="${escapeHtml(basePath)}/sso/link"><input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit" class="button">Sign in to ${escapeHtml(workspace.name)} Help Center</button></form></div>`,
  );
}
