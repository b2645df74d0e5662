// /api/companies: create-or-update by company_id, find, list, update, delete, members.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import {
  countCompanies,
  countMembers,
  findCompany,
  findCompanyByExternalId,
  findCompanyByName,
  listCompaniesPage,
  listCompanyContactsPage,
} from "../../domain/companies/company.repository.ts";
import {
  deleteCompany,
  updateCompany,
  upsertCompany,
  type CompanyFields,
} from "../../domain/companies/companyCommands.ts";
import { presentCompanyRow, presentCompanyRows } from "../../domain/companies/companyRows.ts";
import { presentContactRows } from "../../domain/contacts/contactRows.ts";
import { DomainError } from "../../domain/errors.ts";
import type { JsonObject } from "../../domain/json.ts";
import { pageRequest, presentPages, toPage } from "../../domain/pagination.ts";
import { apiContext, type ApiDeps } from "./api.plugin.ts";
import { pageQuery } from "./common.schema.ts";
import {
  companyParams,
  createCompanyBody,
  listCompaniesQuery,
  updateCompanyBody,
} from "./companies.schema.ts";

type CompanyBody = {
  name?: string | null;
  plan?: string | null;
  size?: number | null;
  website?: string | null;
  industry?: string | null;
  monthly_spend?: number | null;
  custom_attributes?: Record<string, unknown>;
  portal_member_visibility?: "all" | "participating" | null;
};

function fieldsOf(body: CompanyBody): CompanyFields {
  return {
    name: body.name,
    plan: body.plan,
    size: body.size,
    website: body.website,
    industry: body.industry,
    monthlySpend: body.monthly_spend,
    attributes: body.custom_attributes as JsonObject | undefined,
    portalMemberVisibility: body.portal_member_visibility,
  };
}

export function companyRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const notFound = () => new DomainError("company_not_found", "Company Not Found");

  r.post("/companies", { schema: { body: createCompanyBody, tags: ["Companies"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    const { company_id: externalId, ...rest } = request.body;
    if (!externalId) throw new DomainError("parameter_not_found", "company_id is required", "company_id");
    const { company } = await db
      .transaction()
      .execute((trx) => upsertCompany(trx, workspaceId, externalId, fieldsOf(rest)));
    return presentCompanyRow(db, company);
  });

  r.get(
    "/companies",
    { schema: { querystring: listCompaniesQuery, tags: ["Companies"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const { company_id: externalId, name } = request.query;
      if (externalId !== undefined) {
        const company = await findCompanyByExternalId(db, workspaceId, externalId);
        if (!company) throw notFound();
        return presentCompanyRow(db, company);
      }
      if (name !== undefined) {
        const company = await findCompanyByName(db, workspaceId, name);
        if (!company) throw notFound();
        return presentCompanyRow(db, company);
      }
      const req = pageRequest(request.query.per_page, request.query.starting_after);
      const [rows, total] = await Promise.all([
        listCompaniesPage(db, workspaceId, req.after, req.perPage + 1),
        countCompanies(db, workspaceId),
      ]);
      const page = toPage(rows, req, (c) => c.created_at);
      return {
        type: "list" as const,
        data: await presentCompanyRows(db, workspaceId, page.rows),
        total_count: total,
        pages: presentPages(page, req.perPage, total),
      };
    },
  );

  r.get("/companies/:id", { schema: { params: companyParams, tags: ["Companies"] } }, async (request) => {
    const company = await findCompany(db, apiContext(request).workspaceId, request.params.id);
    if (!company) throw notFound();
    return presentCompanyRow(db, company);
  });

  r.put(
    "/companies/:id",
    { schema: { params: companyParams, body: updateCompanyBody, tags: ["Companies"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const company = await db
        .transaction()
        .execute((trx) => updateCompany(trx, workspaceId, request.params.id, fieldsOf(request.body)));
      return presentCompanyRow(db, company);
    },
  );

  r.delete("/companies/:id", { schema: { params: companyParams, tags: ["Companies"] } }, async (request) => {
    const { workspaceId } = apiContext(request);
    await db.transaction().execute((trx) => deleteCompany(trx, workspaceId, request.params.id));
    return { id: request.params.id, object: "company" as const, deleted: true };
  });

  r.get(
    "/companies/:id/contacts",
    { schema: { params: companyParams, querystring: pageQuery, tags: ["Companies"] } },
    async (request) => {
      const { workspaceId } = apiContext(request);
      const company = await findCompany(db, workspaceId, request.params.id);
      if (!company) throw notFound();
      const req = pageRequest(request.query.per_page, request.query.starting_after);
      const [rows, total] = await Promise.all([
        listCompanyContactsPage(db, workspaceId, company.id, req.after, req.perPage + 1),
        countMembers(db, workspaceId, company.id),
      ]);
      const page = toPage(rows, req, (c) => c.joined_at);
      const data = await presentContactRows(
        db,
        workspaceId,
        page.rows.map(({ joined_at: _j, ...contact }) => contact),
      );
      return {
        type: "list" as const,
        data,
        total_count: total,
        pages: presentPages(page, req.perPage, total),
      };
    },
  );
}
