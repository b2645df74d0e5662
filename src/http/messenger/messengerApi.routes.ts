// The Messenger window's JSON API (/messenger/api/...), called by the iframe on this server's origin with
// the Messenger session as a bearer token: the session is the only key (no cookies, hence no CSRF).
// Everything answered follows rules 1 and 2: the contact's own conversations, public parts only, and the
// tickets of their tickets space as customers see them.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { Db, Executor } from "../../db/database.ts";
import type { Contact, Workspace } from "../../db/schema.ts";
import { findContact } from "../../domain/contacts/contact.repository.ts";
import { presentOwnContact } from "../../domain/contacts/contact.presenter.ts";
import {
  findConversation,
  isConversationParticipant,
  loadConversationView,
} from "../../domain/conversations/conversation.repository.ts";
import {
  presentCustomerConversation,
  presentInboxConversation,
} from "../../domain/conversations/conversation.presenter.ts";
import { addConversationPart, startConversation } from "../../domain/conversations/conversationCommands.ts";
import {
  countUnreadMessages,
  listInboxConversations,
  markConversationRead,
} from "../../domain/conversations/messengerInbox.repository.ts";
import { lastWorkspaceEventId } from "../../domain/events/outbox.repository.ts";
import { contactPassesAccessRules } from "../../domain/helpcenter/accessRules.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import type { JsonValue } from "../../domain/json.ts";
import { encodeCursor, pageRequest } from "../../domain/pagination.ts";
import {
  customerTicketTypes,
  joinAsCustomer,
  openTicketAsCustomer,
  presentTicketForCustomer,
  presentTicketRowsForCustomer,
  ticketConversationForCustomer,
  visibleCustomerTicket,
  type TicketFinder,
} from "../../domain/tickets/customerTickets.ts";
import { findPortalTicketByNumber } from "../../domain/tickets/ticket.repository.ts";
import {
  findMessengerTicketByNumber,
  listMessengerTickets,
} from "../../domain/tickets/messengerTickets.repository.ts";
import { listViewerCompanies } from "../../domain/tickets/portalList.repository.ts";
import type { PortalViewer } from "../../domain/tickets/ticket.policy.ts";
import type { AccessRuleSet } from "../../domain/helpcenter/accessRules.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import { helpCenterUrl } from "../../domain/workspaces/workspace.presenter.ts";
import { findSession } from "../../identity/sessions.ts";
import { clientAddress, tooManyAttempts, type AbuseLimiter } from "../abuseLimits.ts";
import { sendError } from "../errors.ts";
import { customerScope, idempotent } from "../idempotency.ts";
import { ticketNumberOf } from "../params.schema.ts";
import {
  conversationParams,
  createTicketBody,
  listQuery,
  messageBody,
  ticketNumberParams,
} from "./messengerApi.schema.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
  abuse: AbuseLimiter;
}

interface MessengerReader {
  workspace: Workspace;
  contact: Contact;
  viewer: PortalViewer;
  /** The portal's access rules when the portal could be theirs (on, and they are an identified user). */
  portalRules: AccessRuleSet | null;
}

/**
 * The session's contact, or undefined after answering 401. The session and the contact are read now;
 * the workspace and its portal rules come from the hot settings, before any transaction begins.
 */
async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  { db, settings }: Pick<Deps, "db" | "settings">,
) {
  const header = request.headers.authorization;
  const token = header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
  const session = token ? await findSession(db, token, "messenger") : undefined;
  const [workspace, contact] = session?.contact_id
    ? await Promise.all([
        settings.workspaceById(session.workspace_id),
        findContact(db, session.workspace_id, session.contact_id),
      ])
    : [undefined, undefined];
  if (!workspace || !contact) {
    sendError(reply, 401, "unauthorized", "The Messenger session has ended; boot the Messenger again.");
    return undefined;
  }
  const reader: MessengerReader = {
    workspace,
    contact,
    viewer: { workspaceId: workspace.id, contactId: contact.id },
    portalRules:
      workspace.portal_enabled && contact.role === "user"
        ? await settings.portalAccessRules(workspace.id)
        : null,
  };
  return reader;
}

const conversationNotFound = () => new DomainError("not_found", "This conversation does not exist.");

/** The conversation as its participant sees it; anyone else gets the answer for a missing one. */
async function participantConversation(db: Executor, viewer: PortalViewer, id: string) {
  const conversation = await findConversation(db, viewer.workspaceId, id);
  if (!conversation || !(await isConversationParticipant(db, viewer.workspaceId, id, viewer.contactId)))
    throw conversationNotFound();
  return conversation;
}

async function presentThread(db: Executor, viewer: PortalViewer, id: string) {
  const conversation = await participantConversation(db, viewer, id);
  return presentCustomerConversation(await loadConversationView(db, conversation), viewer.contactId);
}

/**
 * The Tickets portal link for the banner: only when the portal is on and this person may use it (an
 * identified user passing the access rules). Leads cannot sign in to the portal.
 */
async function portalLink(db: Executor, config: Config, reader: MessengerReader): Promise<string | null> {
  if (!reader.workspace.portal_enabled || reader.contact.role !== "user" || !reader.portalRules) return null;
  if (!(await contactPassesAccessRules(db, reader.workspace.id, reader.contact.id, reader.portalRules)))
    return null;
  return `${helpCenterUrl(reader.workspace, config)}/tickets`;
}

/**
 * The tickets a Messenger window may open: those of the contact's tickets space, and — for someone who may
 * use the portal — any ticket the portal shows them, which is what the portal's "Send us a message" hands
 * over. Everything else answers as a missing ticket.
 */
function messengerTicketFinder(config: Config, reader: MessengerReader): TicketFinder {
  return async (executor, viewer, ticketNumber) =>
    (await findMessengerTicketByNumber(executor, viewer, ticketNumber)) ??
    ((await portalLink(executor, config, reader))
      ? await findPortalTicketByNumber(executor, viewer, ticketNumber)
      : undefined);
}

async function ticketRows(
  { db, settings }: Pick<Deps, "db" | "settings">,
  viewer: PortalViewer,
  perPage: number,
  cursor: string | undefined,
) {
  const result = await listMessengerTickets(db, viewer, pageRequest(perPage, cursor));
  return {
    tickets: await presentTicketRowsForCustomer(db, settings, viewer.workspaceId, result.rows),
    next_cursor: result.next ? encodeCursor(result.next) : null,
  };
}

export function messengerApiRoutes(app: FastifyInstance, deps: Deps): void {
  const { db, config, settings, abuse } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get("/messenger/api/home", { schema: { hide: true } }, async (request, reply) => {
    const reader = await authenticate(request, reply, deps);
    if (!reader) return reply;
    const { viewer } = reader;
    // Read first: the window's live stream resumes from here, so nothing falls in between.
    const eventId = await lastWorkspaceEventId(db, viewer.workspaceId);
    const [conversations, tickets, unread, portalUrl, companies] = await Promise.all([
      listInboxConversations(db, viewer, 3),
      ticketRows(deps, viewer, 3, undefined),
      countUnreadMessages(db, viewer),
      portalLink(db, config, reader),
      listViewerCompanies(db, viewer),
    ]);
    return {
      workspace: { name: reader.workspace.name },
      contact: presentOwnContact(reader.contact),
      companies: companies.map((c) => ({ id: c.id, name: c.name })),
      conversations: conversations.map((c) => presentInboxConversation(c, viewer.contactId)),
      tickets: tickets.tickets,
      unread,
      portal_url: portalUrl,
      event_id: eventId,
    };
  });

  r.get("/messenger/api/conversations", { schema: { hide: true } }, async (request, reply) => {
    const reader = await authenticate(request, reply, deps);
    if (!reader) return reply;
    const [conversations, unread] = await Promise.all([
      listInboxConversations(db, reader.viewer, 100),
      countUnreadMessages(db, reader.viewer),
    ]);
    return {
      conversations: conversations.map((c) => presentInboxConversation(c, reader.viewer.contactId)),
      unread,
    };
  });

  r.post(
    "/messenger/api/conversations",
    { schema: { body: messageBody, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      const { viewer } = reader;
      if (reader.contact.role === "lead") {
        // Anonymous visitors are nobody's customers yet: how many threads they open is bounded.
        const opened = await abuse.take([
          { limit: "lead_conversations_per_visitor", scope: viewer.workspaceId, subject: viewer.contactId },
          { limit: "lead_conversations_per_ip", scope: "*", subject: clientAddress(request) },
          { limit: "lead_conversations_per_workspace", scope: viewer.workspaceId, subject: "all" },
        ]);
        if (!opened.ok) return tooManyAttempts(reply, opened);
      }
      return idempotent(request, reply, db, customerScope(viewer), async () => {
        const thread = await db.transaction().execute(async (trx) => {
          const conversation = await startConversation(trx, viewer.workspaceId, {
            contactId: viewer.contactId,
            body: request.body.body,
          });
          await markConversationRead(trx, viewer, conversation.id, conversation.created_at);
          return presentThread(trx, viewer, conversation.id);
        });
        return reply.code(201).send(thread);
      });
    },
  );

  r.get(
    "/messenger/api/conversations/:id",
    { schema: { params: conversationParams, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      return presentThread(db, reader.viewer, request.params.id);
    },
  );

  r.post(
    "/messenger/api/conversations/:id/reply",
    { schema: { params: conversationParams, body: messageBody, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      const { viewer } = reader;
      return idempotent(request, reply, db, customerScope(viewer), () =>
        db.transaction().execute(async (trx) => {
          await participantConversation(trx, viewer, request.params.id);
          const part = await addConversationPart(trx, viewer.workspaceId, {
            conversationId: request.params.id,
            author: { type: "user", contactId: viewer.contactId },
            partType: "comment",
            body: request.body.body,
          });
          // Writing means having read everything before it.
          await markConversationRead(trx, viewer, request.params.id, part.created_at);
          return presentThread(trx, viewer, request.params.id);
        }),
      );
    },
  );

  r.post(
    "/messenger/api/conversations/:id/read",
    { schema: { params: conversationParams, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      const { viewer } = reader;
      await participantConversation(db, viewer, request.params.id);
      await markConversationRead(db, viewer, request.params.id, Date.now());
      return { unread: await countUnreadMessages(db, viewer) };
    },
  );

  r.get(
    "/messenger/api/tickets",
    { schema: { querystring: listQuery, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      const page = await ticketRows(deps, reader.viewer, request.query.per_page ?? 25, request.query.cursor);
      return { ...page, portal_url: await portalLink(db, config, reader) };
    },
  );

  r.get(
    "/messenger/api/tickets/:number",
    { schema: { params: ticketNumberParams, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      const { viewer } = reader;
      const find = messengerTicketFinder(config, reader);
      const ticket = await visibleCustomerTicket(db, find, viewer, ticketNumberOf(request.params.number));
      const presented = await presentTicketForCustomer(db, viewer, ticket);
      // The ticket's conversation comes along once the contact takes part in it.
      return { ...presented, conversation: await ticketConversationForCustomer(db, viewer, ticket) };
    },
  );

  r.post(
    "/messenger/api/tickets/:number/join",
    { schema: { params: ticketNumberParams, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      const { viewer } = reader;
      return db.transaction().execute(async (trx) => {
        const find = messengerTicketFinder(config, reader);
        const presented = await joinAsCustomer(trx, find, viewer, ticketNumberOf(request.params.number));
        const ticket = await visibleCustomerTicket(trx, find, viewer, ticketNumberOf(request.params.number));
        return { ...presented, conversation: await ticketConversationForCustomer(trx, viewer, ticket) };
      });
    },
  );

  r.get("/messenger/api/ticket-types", { schema: { hide: true } }, async (request, reply) => {
    const reader = await authenticate(request, reply, deps);
    if (!reader) return reply;
    return { ticket_types: await customerTicketTypes(settings, reader.workspace.id) };
  });

  r.post(
    "/messenger/api/tickets",
    { schema: { body: createTicketBody, hide: true } },
    async (request, reply) => {
      const reader = await authenticate(request, reply, deps);
      if (!reader) return reply;
      const body = request.body;
      return idempotent(request, reply, db, customerScope(reader.viewer), async () => {
        const created = await db.transaction().execute((trx) =>
          openTicketAsCustomer(trx, reader.viewer, {
            ticketTypeId: body.ticket_type_id,
            companyId: body.company_id,
            attributes: body.attributes as Record<string, JsonValue>,
          }),
        );
        return reply.code(201).send({ ...created, conversation: null });
      });
    },
  );
}
