// The Tickets portal in the Help Center: the pages (a shell that loads the portal app) and the JSON
// the app reads, on the workspace's custom domain and under /help/<slug> on the main host.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import { lastWorkspaceEventId } from "../../domain/events/outbox.repository.ts";
import { pageRequest } from "../../domain/pagination.ts";
import { encodeCursor } from "../../domain/pagination.ts";
import {
  listPortalStateLabels,
  listPortalTickets,
  listViewerCompanies,
} from "../../domain/tickets/portalList.repository.ts";
import {
  customerTicketTypes,
  joinAsCustomer,
  openTicketAsCustomer,
  presentTicketForCustomer,
  presentTicketRowsForCustomer,
  replyAsCustomer,
  ticketConversationForCustomer,
  visibleCustomerTicket,
} from "../../domain/tickets/customerTickets.ts";
import { findPortalTicketByNumber } from "../../domain/tickets/ticket.repository.ts";
import { findSimilarOpenTickets } from "../../domain/tickets/similarTickets.repository.ts";
import type { JsonValue } from "../../domain/json.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import { sendError } from "../errors.ts";
import { customerScope, idempotent } from "../idempotency.ts";
import { ticketNumberOf } from "../params.schema.ts";
import { customDomainMount, plainNotFound, slugMount, type HelpCenterMount } from "../helpcenter/hosts.ts";
import type { WebAssets } from "../webAssets.ts";
import { portalAccess } from "./portalAccess.ts";
import { messengerCookieName } from "../helpcenter/helpCenter.routes.ts";
import { createSession, findSession, MESSENGER_SESSION_TTL_MS } from "../../identity/sessions.ts";
import { hasValidPortalCsrfToken, isForeignPortalOrigin, portalCsrfToken } from "./portalCsrf.ts";
import {
  createTicketBody,
  listQuery,
  replyBody,
  similarQuery,
  slugParams,
  ticketNumberParams,
} from "./portal.schema.ts";

const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; " +
  "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'";

/** The portal app's page also loads the Messenger (loader and window) from this server's main origin. */
function appPageCsp(config: Config): string {
  const main = new URL(config.publicUrl).origin;
  return PAGE_CSP.replace("script-src 'self'", `script-src 'self' ${main}`).replace(
    "frame-src 'self'",
    `frame-src 'self' ${main}`,
  );
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON that is safe inside a <script type="application/json"> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, "");

function messagePage(
  reply: FastifyReply,
  web: WebAssets | null,
  status: number,
  title: string,
  text: string,
  home: string,
) {
  return reply.code(status).header("content-security-policy", PAGE_CSP).type("text/html; charset=utf-8")
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${web ? web.styleLinks("site") : ""}</head><body><main class="container site-main"><h1 class="page-title">${escapeHtml(title)}</h1>
<div class="panel"><p>${escapeHtml(text)}</p></div>
<p><a href="${escapeHtml(home)}">Back to the Help Center</a></p></main></body></html>`);
}

export function portalRoutes(
  app: FastifyInstance,
  deps: { db: Db; config: Config; settings: HotSettings; web: WebAssets | null },
): void {
  const { db, config, settings, web } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const mountOf = (request: FastifyRequest, slug: string | undefined) =>
    slug === undefined
      ? customDomainMount(request, settings, config)
      : slugMount(request, settings, config, slug);

  async function page(request: FastifyRequest, reply: FastifyReply, mount: HelpCenterMount | undefined) {
    const access = await portalAccess(request, reply, mount, db, settings);
    if (!access.ok) {
      if (access.reason === "no_portal" || !mount) return plainNotFound(reply);
      const home = mount.basePath || "/";
      if (access.reason === "signed_out")
        return reply.redirect(`${home}?return_to=${encodeURIComponent(request.url)}`, 303);
      return messagePage(
        reply,
        web,
        403,
        "No access to tickets",
        `Your account cannot use the tickets portal of ${mount.workspace.name}. Ask its support team for access.`,
        home,
      );
    }
    if (!web)
      return messagePage(
        reply,
        web,
        503,
        "Portal unavailable",
        "The portal's files are not built yet; run npm run build:web.",
        mount!.basePath || "/",
      );
    const { viewer } = access;
    // Read before the app loads its data: its live stream resumes from here, so nothing falls between.
    const eventId = await lastWorkspaceEventId(db, viewer.workspaceId);
    const [stateLabels, companies] = await Promise.all([
      listPortalStateLabels(db, viewer.workspaceId),
      listViewerCompanies(db, viewer),
    ]);
    const bootstrap = {
      basePath: access.mount.basePath,
      workspace: { name: access.mount.workspace.name },
      viewer: { name: access.contact.name, email: access.contact.email },
      stateLabels,
      companies: companies.map((c) => ({ id: c.id, name: c.name })),
      eventId,
      csrfToken: portalCsrfToken(config, request, viewer.workspaceId),
      messenger: { loaderUrl: `${config.publicUrl}/messenger.js`, workspaceId: viewer.workspaceId },
    };
    const assets = web.entry("portal");
    return reply
      .header("content-security-policy", appPageCsp(config))
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tickets · ${escapeHtml(access.mount.workspace.name)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${assets.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join("\n")}
<script type="module" src="${assets.script}"></script></head>
<body><div id="portal-root"><p role="status">Loading your tickets…</p></div>
<script type="application/json" id="portal-bootstrap">${scriptJson(bootstrap)}</script></body></html>`);
  }

  /** The JSON API answers like the REST API: 404 for no portal, 401 signed out, 403 without access. */
  async function apiAccess(request: FastifyRequest, reply: FastifyReply, slug: string | undefined) {
    const access = await portalAccess(request, reply, await mountOf(request, slug), db, settings);
    if (access.ok) return access;
    if (access.reason === "no_portal") sendError(reply, 404, "not_found", "There is no tickets portal here.");
    else if (access.reason === "signed_out")
      sendError(reply, 401, "unauthorized", "Sign in to the Help Center first.");
    else sendError(reply, 403, "forbidden", "Your account cannot use this tickets portal.");
    return null;
  }

  /**
   * Writes also need a same-site Origin (checked first, before anything is read) and the X-CSRF-Token
   * header the page received in its bootstrap.
   */
  async function apiWriteAccess(request: FastifyRequest, reply: FastifyReply, slug: string | undefined) {
    if (isForeignPortalOrigin(request, config)) {
      sendError(reply, 403, "forbidden", "Requests from another site are not allowed.");
      return null;
    }
    const access = await apiAccess(request, reply, slug);
    if (!access) return null;
    if (!hasValidPortalCsrfToken(config, request, access.mount.workspace.id)) {
      sendError(reply, 403, "forbidden", "The X-CSRF-Token header is missing or wrong; reload the page.");
      return null;
    }
    return access;
  }

  for (const prefix of ["", "/help/:slug"]) {
    r.get(`${prefix}/tickets/new`, { schema: { params: slugParams, hide: true } }, async (request, reply) =>
      page(request, reply, await mountOf(request, request.params.slug)),
    );
    r.get(`${prefix}/tickets`, { schema: { params: slugParams, hide: true } }, async (request, reply) =>
      page(request, reply, await mountOf(request, request.params.slug)),
    );
    r.get(
      `${prefix}/tickets/:number`,
      { schema: { params: ticketNumberParams, hide: true } },
      async (request, reply) => page(request, reply, await mountOf(request, request.params.slug)),
    );

    r.get(
      `${prefix}/portal-api/tickets`,
      { schema: { params: slugParams, querystring: listQuery, hide: true } },
      async (request, reply) => {
        const access = await apiAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        const q = request.query;
        const req = pageRequest(q.per_page ?? 25, q.cursor);
        const states = q.state === undefined ? [] : Array.isArray(q.state) ? q.state : [q.state];
        const result = await listPortalTickets(
          db,
          viewer,
          {
            stateLabels: states,
            companyId: q.company,
            createdByMe: q.mine === "1",
            text: q.q,
            sort: q.sort ?? "updated",
          },
          req,
          states.length > 0 ? await settings.ticketStates(viewer.workspaceId) : undefined,
        );
        return {
          tickets: await presentTicketRowsForCustomer(
            db,
            settings,
            viewer.workspaceId,
            result.rows,
            result.companies,
          ),
          next_cursor: result.next ? encodeCursor(result.next) : null,
        };
      },
    );

    r.get(
      `${prefix}/portal-api/tickets/:number`,
      { schema: { params: ticketNumberParams, hide: true } },
      async (request, reply) => {
        const access = await apiAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        const ticket = await visibleCustomerTicket(
          db,
          findPortalTicketByNumber,
          viewer,
          ticketNumberOf(request.params.number),
        );
        return presentTicketForCustomer(db, viewer, ticket);
      },
    );

    r.get(
      `${prefix}/portal-api/tickets/:number/conversation`,
      { schema: { params: ticketNumberParams, hide: true } },
      async (request, reply) => {
        const access = await apiAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        const ticket = await visibleCustomerTicket(
          db,
          findPortalTicketByNumber,
          viewer,
          ticketNumberOf(request.params.number),
        );
        return { conversation: await ticketConversationForCustomer(db, viewer, ticket) };
      },
    );

    r.post(
      `${prefix}/portal-api/tickets/:number/replies`,
      { schema: { params: ticketNumberParams, body: replyBody, hide: true } },
      async (request, reply) => {
        const access = await apiWriteAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        return idempotent(request, reply, db, customerScope(viewer), () =>
          db
            .transaction()
            .execute((trx) =>
              replyAsCustomer(
                trx,
                findPortalTicketByNumber,
                viewer,
                ticketNumberOf(request.params.number),
                request.body.body,
              ),
            ),
        );
      },
    );

    r.post(
      `${prefix}/portal-api/tickets/:number/join`,
      { schema: { params: ticketNumberParams, hide: true } },
      async (request, reply) => {
        const access = await apiWriteAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        return db
          .transaction()
          .execute((trx) =>
            joinAsCustomer(trx, findPortalTicketByNumber, viewer, ticketNumberOf(request.params.number)),
          );
      },
    );

    // "Send us a message": the Messenger on this page runs as the same person. A Messenger session the
    // browser already holds for them (cookie forwarding) is reused; otherwise one is issued.
    r.post(
      `${prefix}/portal-api/messenger-session`,
      { schema: { params: slugParams, hide: true } },
      async (request, reply) => {
        const access = await apiWriteAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        const held = request.cookies[messengerCookieName(viewer.workspaceId)];
        const session = held ? await findSession(db, held, "messenger") : undefined;
        const token =
          session?.workspace_id === viewer.workspaceId && session.contact_id === viewer.contactId
            ? held!
            : await createSession(
                db,
                { workspaceId: viewer.workspaceId, kind: "messenger", contactId: viewer.contactId },
                MESSENGER_SESSION_TTL_MS,
              );
        return { session_token: token };
      },
    );

    r.get(
      `${prefix}/portal-api/ticket-types`,
      { schema: { params: slugParams, hide: true } },
      async (request, reply) => {
        const access = await apiAccess(request, reply, request.params.slug);
        if (!access) return reply;
        return { ticket_types: await customerTicketTypes(settings, access.mount.workspace.id) };
      },
    );

    r.get(
      `${prefix}/portal-api/similar`,
      { schema: { params: slugParams, querystring: similarQuery, hide: true } },
      async (request, reply) => {
        const access = await apiAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        const tickets = await findSimilarOpenTickets(db, viewer, {
          companyId: request.query.company || null,
          text: request.query.q,
          limit: 5,
        });
        return { tickets: await presentTicketRowsForCustomer(db, settings, viewer.workspaceId, tickets) };
      },
    );

    r.post(
      `${prefix}/portal-api/tickets`,
      { schema: { params: slugParams, body: createTicketBody, hide: true } },
      async (request, reply) => {
        const access = await apiWriteAccess(request, reply, request.params.slug);
        if (!access) return reply;
        const { viewer } = access;
        const body = request.body;
        return idempotent(request, reply, db, customerScope(viewer), async () => {
          const created = await db.transaction().execute((trx) =>
            openTicketAsCustomer(trx, viewer, {
              ticketTypeId: body.ticket_type_id,
              companyId: body.company_id,
              attributes: body.attributes as Record<string, JsonValue>,
            }),
          );
          return reply.code(201).send(created);
        });
      },
    );
  }
}
