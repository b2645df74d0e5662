// /api/tickets: create, get, update, delete, reply, search (Intercom 2.14, 2.11 fields accepted).
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { DomainError, invalid } from "../../domain/errors.ts";
import type { JsonValue } from "../../domain/json.ts";
import { pageRequest, presentPages } from "../../domain/pagination.ts";
import { searchTickets, TICKET_SORT_FIELDS, type TicketSort } from "../../domain/search/search.repository.ts";
import { presentTicketPart } from "../../domain/tickets/ticket.presenter.ts";
import { findTicket } from "../../domain/tickets/ticket.repository.ts";
import { createTicket } from "../../domain/tickets/ticketCreator.ts";
import { replyToTicket } from "../../domain/tickets/ticketReplier.ts";
import { presentTicketRow, presentTicketRows } from "../../domain/tickets/ticketRows.ts";
import { firstStateOfCategory } from "../../domain/tickets/ticketState.repository.ts";
import { deleteTicket, updateTicket, type TicketChanges } from "../../domain/tickets/ticketUpdater.ts";
import { loadTicketView } from "../../domain/tickets/ticketView.ts";
import { TICKET_STATE_CATEGORIES, type TicketStateCategory } from "../../db/schema.ts";
import { actingAdmin, apiContext, type ApiDeps } from "./api.plugin.ts";
import { replyBody, searchBody } from "./common.schema.ts";
import { checkTimestamp, resolveCompany, resolveContact, resolveReplyAuthor } from "./references.ts";
import { createTicketBody, ticketParams, updateTicketBody } from "./tickets.schema.ts";

const ticketNotFound = () => new DomainError("ticket_not_found", "Ticket not found");

const unassigned = (value: string | number | undefined) =>
  value === undefined ? undefined : String(value) === "0" ? null : String(value);

export function ticketRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post("/tickets", { schema: { body: createTicketBody, tags: ["Tickets"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const body = request.body;
    const ticket = await db.transaction().execute(async (trx) => {
      const contactIds: string[] = [];
      for (const ref of body.contacts)
        contactIds.push((await resolveContact(trx, workspaceId, ref, { createByEmail: true })).id);
      const companyId =
        body.company_id === undefined
          ? undefined
          : body.company_id === null
            ? null
            : (await resolveCompany(trx, workspaceId, body.company_id)).id;
      return createTicket(trx, workspaceId, {
        ticketTypeId: String(body.ticket_type_id),
        contactIds,
        companyId,
        attributes: (body.ticket_attributes ?? {}) as Record<string, JsonValue>,
        author: await actingAdmin(request, trx, undefined),
        createdAt: checkTimestamp("created_at", body.created_at),
        linkedConversationId:
          body.conversation_to_link_id === undefined ? undefined : String(body.conversation_to_link_id),
        assigneeId: unassigned(body.assignment?.admin_assignee_id),
        isShared: body.is_shared,
      });
    });
    return presentTicketRow(db, ticket);
  });

  r.get("/tickets/:id", { schema: { params: ticketParams, tags: ["Tickets"] } }, async (request) => {
    const ticket = await findTicket(db, apiContext(request).workspaceId, request.params.id);
    if (!ticket) throw ticketNotFound();
    return presentTicketRow(db, ticket);
  });

  r.put(
    "/tickets/:id",
    { schema: { params: ticketParams, body: updateTicketBody, tags: ["Tickets"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const body = request.body;
      const ticket = await db.transaction().execute(async (trx) => {
        const current = await findTicket(trx, workspaceId, request.params.id);
        if (!current) throw ticketNotFound();
        const author = await actingAdmin(request, trx, body.admin_id ?? body.assignment?.admin_id);
        const changes: TicketChanges = {
          attributes: body.ticket_attributes as Record<string, JsonValue> | undefined,
          open: body.open,
          isShared: body.is_shared,
          snoozedUntil:
            body.snoozed_until === undefined
              ? undefined
              : body.snoozed_until === null
                ? null
                : body.snoozed_until * 1000,
          assigneeId: unassigned(body.assignee_id ?? body.assignment?.assignee_id),
        };
        if (body.ticket_state_id !== undefined) {
          changes.stateId = String(body.ticket_state_id);
        } else if (body.state !== undefined) {
          if (!TICKET_STATE_CATEGORIES.includes(body.state as TicketStateCategory)) {
            throw invalid("state", `state must be one of ${TICKET_STATE_CATEGORIES.join(", ")}`);
          }
          const state = await firstStateOfCategory(
            trx,
            workspaceId,
            current.ticket_type_id,
            body.state as TicketStateCategory,
          );
          if (!state)
            throw new DomainError(
              "ticket_state_id_invalid",
              `the ticket type has no ${body.state} state`,
              "state",
            );
          changes.stateId = state.id;
        }
        if (body.company_id !== undefined) {
          changes.companyId =
            body.company_id === null ? null : (await resolveCompany(trx, workspaceId, body.company_id)).id;
        }
        return updateTicket(trx, workspaceId, current.id, changes, author);
      });
      return presentTicketRow(db, ticket);
    },
  );

  r.delete("/tickets/:id", { schema: { params: ticketParams, tags: ["Tickets"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    await db.transaction().execute((trx) => deleteTicket(trx, workspaceId, request.params.id));
    return { id: request.params.id, object: "ticket" as const, deleted: true };
  });

  r.post(
    "/tickets/:id/reply",
    { schema: { params: ticketParams, body: replyBody, tags: ["Tickets"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const body = request.body;
      const part = await db.transaction().execute(async (trx) => {
        if (!(await findTicket(trx, workspaceId, request.params.id))) throw ticketNotFound();
        const { author, messageType } = await resolveReplyAuthor(
          trx,
          workspaceId,
          body,
          apiContext(request).teammateId,
        );
        return replyToTicket(trx, workspaceId, request.params.id, { author, messageType, body: body.body });
      });
      const ticket = (await findTicket(db, workspaceId, request.params.id))!;
      return presentTicketPart(await loadTicketView(db, ticket), part);
    },
  );

  r.post("/tickets/search", { schema: { body: searchBody, tags: ["Tickets"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const req = pageRequest(request.body.pagination?.per_page, request.body.pagination?.starting_after);
    const sort = request.body.sort;
    if (sort && !(TICKET_SORT_FIELDS as readonly string[]).includes(sort.field)) {
      throw invalid("sort.field", `tickets can be sorted by ${TICKET_SORT_FIELDS.join(", ")}`);
    }
    if (sort?.order !== undefined && sort.order !== "ascending" && sort.order !== "descending") {
      throw invalid("sort.order", 'sort.order must be "ascending" or "descending"');
    }
    const result = await searchTickets(
      db,
      workspaceId,
      request.body.query,
      req,
      sort
        ? {
            field: sort.field as TicketSort["field"],
            order: (sort.order ?? "descending") as "ascending" | "descending",
          }
        : undefined,
    );
    return {
      type: "ticket.list" as const,
      tickets: await presentTicketRows(db, workspaceId, result.rows),
      total_count: result.totalCount,
      pages: presentPages(result, req.perPage, result.totalCount),
    };
  });
}
