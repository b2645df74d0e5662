// /api/contacts: create, read, update, delete, search, find by external id, and company memberships.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Contact } from "../../db/schema.ts";
import { listCompaniesByIds, listMembershipsOfContact } from "../../domain/companies/company.repository.ts";
import { addMembership, removeMembership } from "../../domain/companies/companyCommands.ts";
import { presentCompanyRow, presentCompanyRows } from "../../domain/companies/companyRows.ts";
import { presentContactRow, presentContactRows } from "../../domain/contacts/contactRows.ts";
import { findContact, findContactByExternalId } from "../../domain/contacts/contact.repository.ts";
import {
  createContact,
  deleteContact,
  updateContact,
  type ContactInput,
} from "../../domain/contacts/contactCommands.ts";
import { DomainError, invalid } from "../../domain/errors.ts";
import type { JsonObject } from "../../domain/json.ts";
import { pageRequest, presentPages } from "../../domain/pagination.ts";
import { searchContacts } from "../../domain/search/search.repository.ts";
import { apiContext, type ApiDeps } from "./api.plugin.ts";
import { searchBody } from "./common.schema.ts";
import {
  attachCompanyBody,
  contactBody,
  contactParams,
  externalIdParams,
  membershipParams,
} from "./contacts.schema.ts";
import { resolveCompany } from "./references.ts";

type ContactBody = {
  role?: "user" | "lead";
  external_id?: string | null;
  email?: string | null;
  name?: string | null;
  custom_attributes?: Record<string, unknown>;
};

function inputOf(body: ContactBody): ContactInput {
  return {
    role: body.role,
    externalId: body.external_id,
    email: body.email,
    name: body.name,
    attributes: body.custom_attributes as JsonObject | undefined,
  };
}

export function contactRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const notFound = () => new DomainError("not_found", "User Not Found");

  async function loadContact(workspaceId: string, id: string): Promise<Contact> {
    const contact = await findContact(db, workspaceId, id);
    if (!contact) throw notFound();
    return contact;
  }

  r.post("/contacts", { schema: { body: contactBody, tags: ["Contacts"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    if (Object.keys(request.body ?? {}).length === 0) {
      throw invalid("email", "A contact needs at least one of email, external_id, role or name.");
    }
    const contact = await db
      .transaction()
      .execute((trx) => createContact(trx, workspaceId, inputOf(request.body)));
    return presentContactRow(db, contact);
  });

  r.get("/contacts/:id", { schema: { params: contactParams, tags: ["Contacts"] } }, async (request) =>
    presentContactRow(db, await loadContact(apiContext(request).workspaceId, request.params.id)),
  );

  r.put(
    "/contacts/:id",
    { schema: { params: contactParams, body: contactBody, tags: ["Contacts"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const contact = await db
        .transaction()
        .execute((trx) => updateContact(trx, workspaceId, request.params.id, inputOf(request.body)));
      return presentContactRow(db, contact);
    },
  );

  r.delete("/contacts/:id", { schema: { params: contactParams, tags: ["Contacts"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const contact = await loadContact(workspaceId, request.params.id);
    await db.transaction().execute((trx) => deleteContact(trx, workspaceId, contact.id));
    return { id: contact.id, external_id: contact.external_id, type: "contact" as const, deleted: true };
  });

  r.get(
    "/contacts/find_by_external_id/:external_id",
    { schema: { params: externalIdParams, tags: ["Contacts"] } },
    async (request) => {
      const contact = await findContactByExternalId(
        db,
        apiContext(request).workspaceId,
        request.params.external_id,
      );
      if (!contact) throw notFound();
      return presentContactRow(db, contact);
    },
  );

  r.post("/contacts/search", { schema: { body: searchBody, tags: ["Contacts"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const req = pageRequest(request.body.pagination?.per_page, request.body.pagination?.starting_after);
    const result = await searchContacts(db, workspaceId, request.body.query, req);
    return {
      type: "list" as const,
      data: await presentContactRows(db, workspaceId, result.rows),
      total_count: result.totalCount,
      pages: presentPages(result, req.perPage, result.totalCount),
    };
  });

  r.post(
    "/contacts/:id/companies",
    { schema: { params: contactParams, body: attachCompanyBody, tags: ["Contacts"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const company = await db.transaction().execute(async (trx) => {
        const contact = await findContact(trx, workspaceId, request.params.id);
        if (!contact) throw notFound();
        const company = await resolveCompany(trx, workspaceId, request.body.id);
        await addMembership(trx, workspaceId, {
          companyId: company.id,
          contactId: contact.id,
          role: request.body.role,
        });
        return company;
      });
      return presentCompanyRow(db, company);
    },
  );

  r.get(
    "/contacts/:id/companies",
    { schema: { params: contactParams, tags: ["Contacts"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const contact = await loadContact(workspaceId, request.params.id);
      const memberships = await listMembershipsOfContact(db, workspaceId, contact.id);
      const companies = await listCompaniesByIds(
        db,
        workspaceId,
        memberships.map((m) => m.company_id),
      );
      const data = await presentCompanyRows(db, workspaceId, companies);
      // The SDK reads this list from `companies` (Intercom's shape for this endpoint), not `data`.
      return {
        type: "list" as const,
        companies: data,
        total_count: data.length,
        pages: { type: "pages" as const, page: 1, per_page: Math.max(1, data.length), total_pages: 1 },
      };
    },
  );

  r.delete(
    "/contacts/:id/companies/:company_id",
    { schema: { params: membershipParams, tags: ["Contacts"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const company = await db.transaction().execute(async (trx) => {
        const contact = await findContact(trx, workspaceId, request.params.id);
        if (!contact) throw notFound();
        const company = await resolveCompany(trx, workspaceId, request.params.company_id);
        if (!(await removeMembership(trx, workspaceId, { companyId: company.id, contactId: contact.id }))) {
          throw new DomainError("company_not_found", "The contact is not a member of this company");
        }
        return company;
      });
      return presentCompanyRow(db, company);
    },
  );
}
