// The SSE endpoints, one per audience: the Help Desk (teammate session), the Help Center portal
// (portal or forwarded Messenger session) and the Messenger (Messenger session token).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../db/database.ts";
import type { Config } from "../config.ts";
import type { HotSettings } from "../domain/workspaces/hotSettings.ts";
import { portalAccess } from "../http/portal/portalAccess.ts";
import {
  customDomainMount,
  plainNotFound,
  slugMount,
  type HelpCenterMount,
} from "../http/helpcenter/hosts.ts";
import { findPortalTicketIdsByNumbers } from "../domain/tickets/ticket.repository.ts";
import { findSession } from "../identity/sessions.ts";
import { sendError } from "../http/errors.ts";
import { currentTeammate, TEAMMATE_COOKIE } from "../http/helpdesk/session.routes.ts";
import { HelpDeskAudience, MessengerAudience, PortalAudience, type Audience } from "./audiences.ts";
import type { RealtimeHub } from "./hub.ts";

function lastEventIdOf(request: FastifyRequest): number | null {
  const header = request.headers["last-event-id"];
  const raw = typeof header === "string" ? header : (request.query as Record<string, unknown>).last_event_id;
  if (typeof raw !== "string" || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/** Ticket numbers the page already shows (`?tickets=12,15`), so removals can be announced for them. */
function shownTicketNumbers(request: FastifyRequest): number[] {
  const raw = (request.query as Record<string, unknown>).tickets;
  if (typeof raw !== "string" || raw === "") return [];
  return raw
    .split(",")
    .slice(0, 200)
    .map((n) => Number(n))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
}

function stream(
  hub: RealtimeHub,
  request: FastifyRequest,
  reply: FastifyReply,
  audience: Audience,
  sessionKey: string,
) {
  const admitted = hub.admit(sessionKey);
  if (!admitted.ok)
    return sendError(
      reply,
      admitted.status,
      admitted.status === 429 ? "rate_limit_exceeded" : "server_error",
      admitted.reason,
    );
  reply.hijack();
  reply.raw.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  hub.open(reply.raw, audience, sessionKey, lastEventIdOf(request));
}

export function realtimeRoutes(
  app: FastifyInstance,
  deps: { db: Db; config: Config; settings: HotSettings; hub: RealtimeHub },
): void {
  const { db, config, settings, hub } = deps;

  app.get("/app/events", async (request, reply) => {
    const current = await currentTeammate(request, { db, settings });
    if (!current) return sendError(reply, 401, "unauthorized", "Sign in first.");
    return stream(
      hub,
      request,
      reply,
      new HelpDeskAudience(current.workspace.id),
      request.cookies[TEAMMATE_COOKIE]!,
    );
  });

  /** The portal stream of a Help Center: its custom domain's `/events`, or `/help/<slug>/events`. */
  async function portalStream(
    request: FastifyRequest,
    reply: FastifyReply,
    mount: HelpCenterMount | undefined,
  ) {
    const access = await portalAccess(request, reply, mount, db, settings);
    if (!access.ok && access.reason === "no_portal") return plainNotFound(reply);
    if (!access.ok) return sendError(reply, 401, "unauthorized", "Sign in to the Help Center first.");
    const { viewer } = access;
    const audience = new PortalAudience(viewer.workspaceId, viewer.contactId);
    for (const t of await findPortalTicketIdsByNumbers(db, viewer, shownTicketNumbers(request))) {
      audience.known.set(t.id, t.ticket_number);
    }
    return stream(hub, request, reply, audience, `contact:${viewer.workspaceId}:${viewer.contactId}`);
  }

  app.get<{ Params: { slug: string } }>("/help/:slug/events", async (request, reply) =>
    portalStream(request, reply, await slugMount(request, settings, config, request.params.slug)),
  );
  app.get("/events", async (request, reply) =>
    portalStream(request, reply, await customDomainMount(request, settings, config)),
  );

  app.get<{ Querystring: { session_token?: string } }>("/messenger/events", async (request, reply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : request.query.session_token;
    const session = token ? await findSession(db, token, "messenger") : undefined;
    if (!token || !session?.contact_id)
      return sendError(reply, 401, "unauthorized", "Boot the Messenger first.");
    const audience = new MessengerAudience(session.workspace_id, session.contact_id);
    const shown = await findPortalTicketIdsByNumbers(
      db,
      { workspaceId: session.workspace_id, contactId: session.contact_id },
      shownTicketNumbers(request),
    );
    for (const t of shown) audience.known.set(t.id, t.ticket_number);
    return stream(hub, request, reply, audience, token);
  });
}
