// The Help Desk's JSON: the Intercom-compatible API mounted again at /app/api with the teammate's
// session instead of a token (writes need the CSRF header and a same-site Origin), plus the few routes
// the Help Desk needs that the API lacks (company choices, teammates, participants, links, trackers).
import { createHash } from "node:crypto";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import {
  findCompaniesByNameContaining,
  listCompaniesByIds,
  listCompanyIdsOfContacts,
} from "../../domain/companies/company.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { listTeammates } from "../../domain/teammates/teammate.repository.ts";
import { presentCompanySummary } from "../../domain/tickets/ticket.presenter.ts";
import { findTicket, listTicketContactIds } from "../../domain/tickets/ticket.repository.ts";
import { linkTicket } from "../../domain/tickets/ticketLinker.ts";
import { presentTicketRow, presentTicketRows } from "../../domain/tickets/ticketRows.ts";
import { applyTrackerStateToLinkedTickets } from "../../domain/tickets/trackerCascade.ts";
import { addTicketContacts, removeTicketContact } from "../../domain/tickets/ticketUpdater.ts";
import {
  actingAdmin,
  apiContext,
  apiPlugin,
  type ApiAuthenticator,
  type ApiDeps,
} from "../api/api.plugin.ts";
import { resolveContact } from "../api/references.ts";
import {
  addContactBody,
  applyTrackerStateBody,
  companySuggestionsQuery,
  linkBody,
  ticketContactParams,
  ticketParams,
} from "./helpDeskApi.schema.ts";
import { authenticateTeammate, authenticateTeammateWrite } from "./teammateAuth.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The teammate's session cookie; every write also needs the CSRF header and a same-site Origin. */
export function teammateSessionAuthenticator(deps: ApiDeps): ApiAuthenticator {
  return async (request, reply) => {
    const current = SAFE_METHODS.has(request.method)
      ? await authenticateTeammate(request, reply, deps)
      : await authenticateTeammateWrite(request, reply, deps);
    if (!current) return undefined;
    // Counted per session; the key is a digest so no session token sits in the rate-limit store.
    const digest = createHash("sha256").update(current.sessionToken).digest("hex").slice(0, 32);
    return {
      workspaceId: current.workspace.id,
      tokenId: null,
      teammateId: current.teammate.id,
      rateKey: `session:${digest}`,
    };
  };
}

const ticketNotFound = () => new DomainError("ticket_not_found", "Ticket not found");

/** Routes only the Help Desk needs; they run behind the same authenticator as the API mount. */
export function helpDeskOnlyRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get("/teammates", async (request) => ({
    type: "list" as const,
    data: (await listTeammates(db, apiContext(request).workspaceId)).map((t) => ({
      type: "admin" as const,
      id: t.id,
      name: t.name,
      email: t.email,
      role: t.role,
    })),
  }));

  r.get("/company_suggestions", { schema: { querystring: companySuggestionsQuery } }, async (request) => {
    const companies = await findCompaniesByNameContaining(
      db,
      apiContext(request).workspaceId,
      (request.query.q ?? "").trim(),
      20,
    );
    return { type: "list" as const, data: companies.map(presentCompanySummary) };
  });

  // DESIGN rule 3: the companies of the ticket's participants, and whether a person already chose.
  r.get("/tickets/:id/company_choices", { schema: { params: ticketParams } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const ticket = await findTicket(db, workspaceId, request.params.id);
    if (!ticket) throw ticketNotFound();
    const ids = await listCompanyIdsOfContacts(
      db,
      workspaceId,
      await listTicketContactIds(db, workspaceId, ticket.id),
    );
    const companies = (await listCompaniesByIds(db, workspaceId, ids)).sort(
      (a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.id.localeCompare(b.id),
    );
    return {
      type: "list" as const,
      data: companies.map(presentCompanySummary),
      company_id: ticket.company_id,
      chosen_by_teammate: ticket.company_chosen === 1,
    };
  });

  r.post(
    "/tickets/:id/contacts",
    { schema: { params: ticketParams, body: addContactBody } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      if (request.body.id === undefined && request.body.email === undefined) {
        throw new DomainError("parameter_not_found", "a contact needs an id or an email", "id");
      }
      const ticket = await db.transaction().execute(async (trx) => {
        if (!(await findTicket(trx, workspaceId, request.params.id))) throw ticketNotFound();
        const contact = await resolveContact(trx, workspaceId, request.body, { field: "id" });
        return addTicketContacts(trx, workspaceId, request.params.id, [contact.id]);
      });
      return presentTicketRow(db, ticket);
    },
  );

  r.delete(
    "/tickets/:id/contacts/:contact_id",
    { schema: { params: ticketContactParams } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const ticket = await db.transaction().execute(async (trx) => {
        if (!(await findTicket(trx, workspaceId, request.params.id))) throw ticketNotFound();
        return removeTicketContact(trx, workspaceId, request.params.id, request.params.contact_id);
      });
      return presentTicketRow(db, ticket);
    },
  );

  r.post("/tickets/:id/links", { schema: { params: ticketParams, body: linkBody } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const ticket = await db
      .transaction()
      .execute((trx) => linkTicket(trx, workspaceId, request.params.id, request.body));
    return presentTicketRow(db, (await findTicket(db, workspaceId, ticket.id))!);
  });

  r.post(
    "/tickets/:id/linked_tickets/apply_state",
    { schema: { params: ticketParams, body: applyTrackerStateBody } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const moved = await db.transaction().execute(async (trx) => {
        if (!(await findTicket(trx, workspaceId, request.params.id))) throw ticketNotFound();
        const author = await actingAdmin(request, trx, undefined);
        return applyTrackerStateToLinkedTickets(
          trx,
          workspaceId,
          request.params.id,
          author,
          request.body.ticket_ids,
        );
      });
      return {
        type: "ticket.list" as const,
        tickets: await presentTicketRows(db, workspaceId, moved),
        total_count: moved.length,
      };
    },
  );
}

/** Mounts the API at /app/api for the signed-in teammate, with the Help-Desk-only routes beside it. */
export async function helpDeskApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(
    (scoped) =>
      apiPlugin(scoped, deps, {
        authenticate: teammateSessionAuthenticator(deps),
        hideFromDocs: true,
        extraRoutes: (routes) => helpDeskOnlyRoutes(routes, deps),
      }),
    { prefix: "/app/api" },
  );
}
