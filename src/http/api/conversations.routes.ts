// /api/conversations: start (contact-initiated), get, reply, search, participants, convert to ticket.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Executor } from "../../db/database.ts";
import type { Conversation } from "../../db/schema.ts";
import { presentConversation } from "../../domain/conversations/conversation.presenter.ts";
import {
  findConversation,
  listConversationParts,
  loadConversationView,
  loadConversationViews,
} from "../../domain/conversations/conversation.repository.ts";
import {
  addConversationParticipant,
  addConversationPart,
  removeConversationParticipant,
  startConversation,
} from "../../domain/conversations/conversationCommands.ts";
import { DomainError } from "../../domain/errors.ts";
import { seconds, type JsonValue } from "../../domain/json.ts";
import { pageRequest, presentPages } from "../../domain/pagination.ts";
import { searchConversations } from "../../domain/search/search.repository.ts";
import { convertConversationToTicket } from "../../domain/tickets/ticketCreator.ts";
import { actingAdmin, apiContext, type ApiDeps } from "./api.plugin.ts";
import { replyBody, searchBody } from "./common.schema.ts";
import {
  attachCustomerBody,
  conversationParams,
  convertBody,
  createConversationBody,
  participantParams,
} from "./conversations.schema.ts";
import { resolveAdmin, resolveContact, resolveReplyAuthor } from "./references.ts";
import { presentTicketRow } from "../../domain/tickets/ticketRows.ts";

/** admin_id from an optional, unvalidated body: a string or a number, anything else ignored. */
function adminIdOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const value = (body as Record<string, unknown>).admin_id;
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

export async function presentConversationRow(db: Executor, conversation: Conversation) {
  return presentConversation(await loadConversationView(db, conversation));
}

export function conversationRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const notFound = () => new DomainError("not_found", "Conversation not found");

  async function load(trx: Executor, workspaceId: string, id: string): Promise<Conversation> {
    const conversation = await findConversation(trx, workspaceId, id);
    if (!conversation) throw notFound();
    return conversation;
  }

  r.post(
    "/conversations",
    { schema: { body: createConversationBody, tags: ["Conversations"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const conversation = await db.transaction().execute(async (trx) => {
        const contact = await resolveContact(
          trx,
          workspaceId,
          { id: request.body.from.id },
          { field: "from.id" },
        );
        return startConversation(trx, workspaceId, { contactId: contact.id, body: request.body.body });
      });
      const [first] = await listConversationParts(db, workspaceId, conversation.id);
      return {
        type: "user_message" as const,
        id: first!.id,
        created_at: seconds(conversation.created_at),
        body: first!.body,
        message_type: "inapp" as const,
        conversation_id: conversation.id,
      };
    },
  );

  r.get(
    "/conversations/:id",
    { schema: { params: conversationParams, tags: ["Conversations"] } },
    async (request) =>
      presentConversationRow(db, await load(db, apiContext(request).workspaceId, request.params.id)),
  );

  r.post(
    "/conversations/:id/reply",
    { schema: { params: conversationParams, body: replyBody, tags: ["Conversations"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const body = request.body;
      const conversation = await db.transaction().execute(async (trx) => {
        const conversation = await load(trx, workspaceId, request.params.id);
        const { author, messageType } = await resolveReplyAuthor(
          trx,
          workspaceId,
          body,
          apiContext(request).teammateId,
        );
        await addConversationPart(trx, workspaceId, {
          conversationId: conversation.id,
          author,
          partType: messageType,
          body: body.body,
        });
        return (await findConversation(trx, workspaceId, conversation.id))!;
      });
      return presentConversationRow(db, conversation);
    },
  );

  r.post(
    "/conversations/search",
    { schema: { body: searchBody, tags: ["Conversations"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const req = pageRequest(request.body.pagination?.per_page, request.body.pagination?.starting_after);
      const result = await searchConversations(db, workspaceId, request.body.query, req);
      return {
        type: "conversation.list" as const,
        conversations: (await loadConversationViews(db, workspaceId, result.rows)).map(presentConversation),
        total_count: result.totalCount,
        pages: presentPages(result, req.perPage, result.totalCount),
      };
    },
  );

  r.post(
    "/conversations/:id/customers",
    { schema: { params: conversationParams, body: attachCustomerBody, tags: ["Conversations"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const conversation = await db.transaction().execute(async (trx) => {
        const conversation = await load(trx, workspaceId, request.params.id);
        await resolveAdmin(trx, workspaceId, request.body.admin_id);
        const contact = await resolveContact(trx, workspaceId, request.body.customer, { field: "customer" });
        await addConversationParticipant(trx, workspaceId, {
          conversationId: conversation.id,
          contactId: contact.id,
        });
        return conversation;
      });
      return presentConversationRow(db, conversation);
    },
  );

  r.delete(
    "/conversations/:id/customers/:contact_id",
    // No body schema: clients send this DELETE with or without a body; admin_id is optional anyway.
    { schema: { params: participantParams, tags: ["Conversations"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const conversation = await db.transaction().execute(async (trx) => {
        const conversation = await load(trx, workspaceId, request.params.id);
        await resolveAdmin(trx, workspaceId, adminIdOf(request.body));
        await removeConversationParticipant(trx, workspaceId, {
          conversationId: conversation.id,
          contactId: request.params.contact_id,
        });
        return conversation;
      });
      return presentConversationRow(db, conversation);
    },
  );

  r.post(
    "/conversations/:id/convert",
    { schema: { params: conversationParams, body: convertBody, tags: ["Conversations"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const ticket = await db.transaction().execute(async (trx) => {
        const conversation = await load(trx, workspaceId, request.params.id);
        return convertConversationToTicket(trx, workspaceId, {
          conversationId: conversation.id,
          ticketTypeId: String(request.body.ticket_type_id),
          attributes: (request.body.attributes ?? {}) as Record<string, JsonValue>,
          author: await actingAdmin(request, trx, undefined),
        });
      });
      return presentTicketRow(db, ticket);
    },
  );
}
