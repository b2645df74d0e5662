// The Help Center on a workspace's custom domain (by Host) and at /help/<slug> on the main host:
// who is signed in (portal session, or the Messenger cookie forwarded by the cookie domain), JWT
// single sign-on, one-time e-mailed links, the cookie-forwarding report, the home (collections, articles,
// the Tickets card) and article pages.
import { randomBytes } from "node:crypto";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import type { Contact } from "../../db/schema.ts";
import { findContact } from "../../domain/contacts/contact.repository.ts";
import { contactPassesAccessRules } from "../../domain/helpcenter/accessRules.repository.ts";
import {
  findCollection,
  findPublishedArticle,
  listArticlesOfCollection,
  listCollections,
} from "../../domain/helpcenter/articles.repository.ts";
import { recordCookieForwarding } from "../../domain/workspaces/cookieForwarding.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import type { Mailer } from "../../identity/mailer.ts";
import { createSignInLink, signInWithJwt, signInWithLink } from "../../identity/portalSignIn.ts";
import {
  deleteSession,
  findSession,
  MESSENGER_SESSION_TTL_MS,
  PORTAL_SESSION_TTL_MS,
  renewSession,
} from "../../identity/sessions.ts";
import { clientAddress, tooManyAttempts, type AbuseLimiter } from "../abuseLimits.ts";
import { csrfTokenFor, isValidCsrfToken } from "../../identity/csrf.ts";
import { hostOnlyCookieName } from "../cookies.ts";
import { sendError } from "../errors.ts";
import { isForeignOrigin } from "../sameSite.ts";
import type { WebAssets } from "../webAssets.ts";
import {
  articleParams,
  cookieReportBody,
  slugArticleParams,
  emailLinkBody,
  linkTokenBody,
  linkTokenQuery,
  signOutBody,
  slugParams,
  ssoJwtBody,
} from "./helpCenter.schema.ts";
import { customDomainMount, plainNotFound, slugMount, type HelpCenterMount } from "./hosts.ts";
import {
  articlePage,
  confirmLinkPage,
  helpCenterHomePage,
  linkSentPage,
  pageCsp,
  type PageContext,
} from "./pages.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
  mailer: Mailer;
  abuse: AbuseLimiter;
  /** The built web assets, for the site stylesheet; null when they are not built. */
  web: WebAssets | null;
}

export const messengerCookieName = (workspaceId: string) => `portico-session-${workspaceId}`;
export const portalCookieName = (workspaceId: string) => `portico-hc-${workspaceId}`;

/** The contact this browser is signed in as here: a portal session first, else the Messenger's. */
export async function helpCenterViewer(
  request: FastifyRequest,
  reply: FastifyReply,
  mount: HelpCenterMount,
  db: Db,
): Promise<Contact | undefined> {
  const { workspace } = mount;
  const portalToken = request.cookies[portalCookieName(workspace.id)];
  const portal = portalToken ? await findSession(db, portalToken, "portal") : undefined;
  if (portal && portal.workspace_id === workspace.id && portal.contact_id) {
    await renewSession(db, portal, PORTAL_SESSION_TTL_MS);
    return findContact(db, workspace.id, portal.contact_id);
  }
  const messengerToken = request.cookies[messengerCookieName(workspace.id)];
  const messenger = messengerToken ? await findSession(db, messengerToken, "messenger") : undefined;
  if (!messenger || messenger.workspace_id !== workspace.id || !messenger.contact_id) return undefined;
  const contact = await findContact(db, workspace.id, messenger.contact_id);
  // Only a verified user is "signed in"; an anonymous lead's cookie names nobody.
  if (contact?.role !== "user") return undefined;
  await renewSession(db, messenger, MESSENGER_SESSION_TTL_MS);
  if (mount.custom && workspace.cookie_domain) {
    // Renewed on use: the cookie lives on the cookie domain, readable by the Messenger loader.
    reply.setCookie(messengerCookieName(workspace.id), messengerToken!, {
      domain: workspace.cookie_domain,
      path: "/",
      sameSite: "lax",
      secure: mount.secure,
      maxAge: MESSENGER_SESSION_TTL_MS / 1000,
    });
  }
  return contact;
}

/** `return_to` must stay on this host; answers a path (never an absolute URL), or null when refused. */
function safeReturnTo(
  raw: string | undefined,
  request: FastifyRequest,
  mount: HelpCenterMount,
): string | null {
  if (raw === undefined || raw.trim() === "") return mount.basePath || "/";
  const here = `${request.protocol}://${request.host}`;
  let url: URL;
  try {
    url = new URL(raw, here);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.host !== request.host) return null;
  return url.pathname + url.search + url.hash;
}

/** The portal cookie's name as set: __Host- prefixed on an HTTPS custom domain (read back unprefixed). */
function portalCookieSetName(mount: HelpCenterMount): string {
  return hostOnlyCookieName(portalCookieName(mount.workspace.id), {
    secure: mount.secure,
    path: mount.basePath || "/",
  });
}

function setPortalCookie(reply: FastifyReply, mount: HelpCenterMount, token: string) {
  // Host-only (no Domain): the portal session belongs to this Help Center host alone.
  reply.setCookie(portalCookieSetName(mount), token, {
    path: mount.basePath || "/",
    httpOnly: true,
    sameSite: "lax",
    secure: mount.secure,
    maxAge: PORTAL_SESSION_TTL_MS / 1000,
  });
}

export async function helpCenterRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (hc) => {
    // HTML forms post form-encoded bodies; this parser exists only inside the Help Center routes.
    hc.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    registerMounted(hc, deps);
  });
}

type Resolve = (request: FastifyRequest) => Promise<HelpCenterMount | undefined>;

function registerMounted(app: FastifyInstance, deps: Deps): void {
  const { db, config, settings, mailer, abuse, web } = deps;
  const sendPage = (reply: FastifyReply, mount: HelpCenterMount, render: (page: PageContext) => string) =>
    sendHelpCenterPage(reply, mount, web, render);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const byHost: Resolve = (request) => customDomainMount(request, settings, config);
  const bySlug: Resolve = (request) =>
    slugMount(request, settings, config, (request.params as { slug: string }).slug);

  for (const [prefix, resolve, params] of [
    ["", byHost, {}],
    ["/help/:slug", bySlug, slugParams],
  ] as const) {
    if (prefix !== "") {
      r.get(prefix, { schema: { params } }, async (request, reply) => {
        const mount = await resolve(request);
        return mount ? sendHome(request, reply, mount, deps) : plainNotFound(reply);
      });
    }

    r.post(`${prefix}/sso/jwt`, { schema: { body: ssoJwtBody, params } }, async (request, reply) => {
      const mount = await resolve(request);
      if (!mount) return plainNotFound(reply);
      const returnTo = safeReturnTo(request.body.return_to, request, mount);
      if (returnTo === null) {
        return sendError(
          reply,
          400,
          "parameter_invalid",
          "return_to must be on this Help Center's host.",
          "return_to",
        );
      }
      const attempt = await abuse.take([
        { limit: "sso_failures_per_ip", scope: "*", subject: clientAddress(request) },
        { limit: "sso_failures_per_workspace", scope: mount.workspace.id, subject: "all" },
      ]);
      if (!attempt.ok) return tooManyAttempts(reply, attempt);
      const result = await signInWithJwt(db, config.secretKey, mount.workspace, request.body.jwt);
      if (result.ok) await attempt.release();
      if (!result.ok) {
        request.log.info({ workspace: mount.workspace.id, reason: result.reason }, "sso refused");
        return sendError(reply, 401, "unauthorized", `Single sign-on refused: ${result.reason}.`);
      }
      setPortalCookie(reply, mount, result.sessionToken);
      return reply.code(303).header("location", returnTo).send();
    });

    // Sign out of this Help Center: the portal session ends, and so does a Messenger session the
    // product forwarded here (its cookie lives on the cookie domain, which this host may clear). The
    // product signs the person in again on its next boot, as it would after any Messenger shutdown.
    r.post(`${prefix}/sso/signout`, { schema: { params, body: signOutBody } }, async (request, reply) => {
      const mount = await resolve(request);
      if (!mount) return plainNotFound(reply);
      if (isForeignOrigin(request, config))
        return sendError(reply, 403, "forbidden", "Requests from another site are not allowed.");
      const { workspace } = mount;
      const held = sessionCookies(request, workspace.id);
      if (
        held.length > 0 &&
        !held.some((token) => isValidCsrfToken(config.secretKey, token, request.body.csrf_token))
      ) {
        return sendError(reply, 403, "forbidden", "This page has expired; reload it and sign out again.");
      }
      const portalToken = request.cookies[portalCookieName(workspace.id)];
      if (portalToken) await deleteSession(db, portalToken);
      reply.clearCookie(portalCookieSetName(mount), { path: mount.basePath || "/", secure: mount.secure });
      const messengerToken = request.cookies[messengerCookieName(workspace.id)];
      const messenger = messengerToken ? await findSession(db, messengerToken, "messenger") : undefined;
      if (messenger?.workspace_id === workspace.id) {
        await deleteSession(db, messengerToken!);
        if (mount.custom && workspace.cookie_domain)
          reply.clearCookie(messengerCookieName(workspace.id), {
            path: "/",
            domain: workspace.cookie_domain,
          });
      }
      return reply
        .code(303)
        .header("location", mount.basePath || "/")
        .send();
    });

    r.post(`${prefix}/sso/email`, { schema: { body: emailLinkBody, params } }, async (request, reply) => {
      const mount = await resolve(request);
      if (!mount) return plainNotFound(reply);
      const asked = await abuse.take([
        {
          limit: "link_emails_per_address",
          scope: mount.workspace.id,
          subject: request.body.email.trim().toLowerCase(),
        },
        { limit: "link_emails_per_ip", scope: "*", subject: clientAddress(request) },
        { limit: "link_emails_per_workspace", scope: mount.workspace.id, subject: "all" },
      ]);
      if (!asked.ok) return tooManyAttempts(reply, asked);
      const link = await createSignInLink(db, mount.workspace, request.body.email);
      if (link) {
        const url = `${mount.homeUrl}/sso/link?token=${link.token}`;
        try {
          await mailer.send({
            to: link.contact.email!,
            subject: `Sign in to ${mount.workspace.name} Help Center`,
            text: `Open this link to sign in to ${mount.workspace.name} Help Center. It works once, within 15 minutes:\n\n${url}\n\nIf you did not ask for it, ignore this e-mail.`,
          });
        } catch (error) {
          request.log.error({ err: error }, "sign-in link e-mail failed");
        }
      }
      // The same answer whether or not the address is known.
      return sendPage(reply, mount, (page) => linkSentPage(page));
    });

    r.get(
      `${prefix}/sso/link`,
      { schema: { querystring: linkTokenQuery, params } },
      async (request, reply) => {
        const mount = await resolve(request);
        if (!mount) return plainNotFound(reply);
        return sendPage(reply, mount, (page) => confirmLinkPage(page, request.query.token));
      },
    );

    r.post(`${prefix}/sso/link`, { schema: { body: linkTokenBody, params } }, async (request, reply) => {
      const mount = await resolve(request);
      if (!mount) return plainNotFound(reply);
      const attempt = await abuse.take([
        { limit: "link_failures_per_ip", scope: "*", subject: clientAddress(request) },
      ]);
      if (!attempt.ok) return tooManyAttempts(reply, attempt);
      const result = await signInWithLink(db, mount.workspace, request.body.token);
      if (result.ok) await attempt.release();
      if (!result.ok) return sendError(reply, 400, "parameter_invalid", `Sign-in refused: ${result.reason}.`);
      setPortalCookie(reply, mount, result.sessionToken);
      return reply
        .code(303)
        .header("location", mount.basePath || "/")
        .send();
    });

    r.get(
      `${prefix}/articles/:id`,
      { schema: { params: prefix === "" ? articleParams : slugArticleParams } },
      async (request, reply) => {
        const mount = await resolve(request);
        if (!mount) return plainNotFound(reply);
        const { id } = request.params as { id: string };
        // Drafts and other workspaces' articles answer exactly as missing ones.
        const article = await findPublishedArticle(db, mount.workspace.id, id);
        if (!article) return plainNotFound(reply);
        const collection = await findCollection(db, mount.workspace.id, article.collection_id);
        return sendPage(reply, mount, (page) => articlePage(page, article, collection));
      },
    );
  }

  // The custom domain's cookie-forwarding report (the Messenger cookie never reaches /help/<slug>).
  r.post("/cookie-report", { schema: { body: cookieReportBody } }, async (request, reply) => {
    const mount = await byHost(request);
    if (!mount) return plainNotFound(reply);
    const reported = await abuse.take([
      { limit: "cookie_reports_per_ip", scope: mount.workspace.id, subject: clientAddress(request) },
    ]);
    if (!reported.ok) return tooManyAttempts(reply, reported);
    const name = messengerCookieName(mount.workspace.id);
    if (request.body.cookie_name !== name || request.cookies[name] !== undefined)
      return reply.code(204).send();
    const cause = request.headers.cookie ? "proxy_filters_cookies" : "proxy_strips_cookies";
    await db
      .transaction()
      .execute((trx) => recordCookieForwarding(trx, mount.workspace, "not_working", cause));
    return reply.code(204).send();
  });
}

/** Sends a Help Center page with a fresh CSP nonce: only scripts carrying it may run. */
function sendHelpCenterPage(
  reply: FastifyReply,
  mount: HelpCenterMount,
  web: WebAssets | null,
  render: (page: PageContext) => string,
) {
  const nonce = randomBytes(16).toString("base64");
  return reply
    .type("text/html; charset=utf-8")
    .header("content-security-policy", pageCsp(nonce))
    .send(
      render({
        workspace: mount.workspace,
        basePath: mount.basePath,
        nonce,
        styles: web ? web.styleLinks("site") : "",
      }),
    );
}

/** Where the home shows the Tickets card, or null: portal on, card on, viewer signed in and let in. */
async function ticketsCardPosition(
  { db, settings }: Pick<Deps, "db" | "settings">,
  mount: HelpCenterMount,
  viewer: Contact | undefined,
) {
  const { workspace } = mount;
  if (!workspace.portal_enabled || !workspace.portal_home_card || !viewer) return null;
  const rules = await settings.portalAccessRules(workspace.id);
  if (!(await contactPassesAccessRules(db, workspace.id, viewer.id, rules))) return null;
  return workspace.portal_home_card_position === 0 ? 0 : 1;
}

/** The Help Center session cookies this request holds for a workspace: the portal's, the Messenger's. */
function sessionCookies(request: FastifyRequest, workspaceId: string): string[] {
  return [
    request.cookies[portalCookieName(workspaceId)],
    request.cookies[messengerCookieName(workspaceId)],
  ].filter((token): token is string => typeof token === "string" && token !== "");
}

async function sendHome(
  request: FastifyRequest,
  reply: FastifyReply,
  mount: HelpCenterMount,
  { db, config, settings, web }: Pick<Deps, "db" | "config" | "settings" | "web">,
) {
  const viewer = await helpCenterViewer(request, reply, mount, db);
  // The session helpCenterViewer prefers (the portal's, else the forwarded Messenger's) signs the form.
  const [signingSession] = sessionCookies(request, mount.workspace.id);
  const signOutToken = signingSession ? csrfTokenFor(config.secretKey, signingSession) : "";
  let cookieCheck: { cookieName: string; received: boolean } | undefined;
  if (mount.custom) {
    const cookieName = messengerCookieName(mount.workspace.id);
    const received = request.cookies[cookieName] !== undefined;
    if (received) {
      await db.transaction().execute((trx) => recordCookieForwarding(trx, mount.workspace, "working", null));
    }
    cookieCheck = { cookieName, received };
  }
  const collections = await Promise.all(
    (await listCollections(db, mount.workspace.id)).map(async (collection) => ({
      collection,
      articles: await listArticlesOfCollection(db, mount.workspace.id, collection.id, {
        publishedOnly: true,
      }),
    })),
  );
  const cardPosition = await ticketsCardPosition({ db, settings }, mount, viewer);
  reply.header("cache-control", "private, no-store");
  return sendHelpCenterPage(reply, mount, web, (page) =>
    helpCenterHomePage({
      ...page,
      viewer,
      signOutToken,
      collections,
      ticketsCardPosition: cardPosition,
      cookieCheck,
    }),
  );
}

/** GET / on a host other than the main one: that workspace's Help Center, or a plain 404. */
export function helpCenterHomeForHost(deps: Pick<Deps, "db" | "config" | "settings" | "web">) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const mount = await customDomainMount(request, deps.settings, deps.config);
    return mount ? sendHome(request, reply, mount, deps) : plainNotFound(reply);
  };
}
