// Company and membership writes. Memberships change only here (REST API, Help Desk, verified JWT claims).
import type { Executor } from "../../db/database.ts";
import type { Company, MembershipRole } from "../../db/schema.ts";
import { findContact } from "../contacts/contact.repository.ts";
import { invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { parseObject, type JsonObject } from "../json.ts";
import { findCompany, findCompanyByExternalId, findMembership } from "./company.repository.ts";

export interface CompanyFields {
  name?: string | null;
  plan?: string | null;
  size?: number | null;
  website?: string | null;
  industry?: string | null;
  monthlySpend?: number | null;
  attributes?: JsonObject;
  portalMemberVisibility?: "all" | "participating" | null;
}

function applyFields(company: Company, fields: CompanyFields): Company {
  const next = { ...company };
  const text = (field: string, value: string | null | undefined, max = 255) => {
    if (value === null || value === undefined) return null;
    const trimmed = value.trim();
    if (trimmed.length > max) throw invalid(field, `${field} must be at most ${max} characters`);
    return trimmed === "" ? null : trimmed;
  };
  if (fields.name !== undefined) next.name = text("name", fields.name);
  if (fields.plan !== undefined) next.plan = text("plan", fields.plan);
  if (fields.website !== undefined) next.website = text("website", fields.website, 2048);
  if (fields.industry !== undefined) next.industry = text("industry", fields.industry);
  if (fields.size !== undefined) {
    if (fields.size !== null && (!Number.isSafeInteger(fields.size) || fields.size < 0)) {
      throw invalid("size", "size must be a whole number of people");
    }
    next.size = fields.size;
  }
  if (fields.monthlySpend !== undefined) {
    if (fields.monthlySpend !== null && !Number.isFinite(fields.monthlySpend)) {
      throw invalid("monthly_spend", "monthly_spend must be a number");
    }
    next.monthly_spend = fields.monthlySpend;
  }
  if (fields.attributes !== undefined) {
    next.attributes = JSON.stringify({ ...parseObject(company.attributes), ...fields.attributes });
  }
  if (fields.portalMemberVisibility !== undefined) {
    const v = fields.portalMemberVisibility;
    if (v !== null && v !== "all" && v !== "participating") {
      throw invalid(
        "portal_member_visibility",
        'portal_member_visibility must be "all", "participating" or null',
      );
    }
    next.portal_member_visibility = v;
  }
  return next;
}

/** Creates the company with this external id, or updates it when it exists (Intercom's POST /companies). */
export async function upsertCompany(
  trx: Executor,
  workspaceId: string,
  externalId: string,
  fields: CompanyFields,
): Promise<{ company: Company; created: boolean }> {
  const id = externalId.trim();
  if (id === "") throw invalid("company_id", "company_id must not be empty");
  if (id.length > 255) throw invalid("company_id", "company_id must be at most 255 characters");
  const existing = await findCompanyByExternalId(trx, workspaceId, id);
  if (existing)
    return { company: await updateCompany(trx, workspaceId, existing.id, fields), created: false };
  const now = Date.now();
  const blank: Company = {
    workspace_id: workspaceId,
    id: newId(),
    external_id: id,
    name: null,
    plan: null,
    size: null,
    website: null,
    industry: null,
    monthly_spend: null,
    attributes: "{}",
    portal_member_visibility: null,
    created_at: now,
    updated_at: now,
  };
  const company = applyFields(blank, fields);
  await trx.insertInto("companies").values(company).execute();
  await appendEvent(trx, {
    workspaceId,
    type: "company.created",
    subjectType: "company",
    subjectId: company.id,
  });
  return { company, created: true };
}

export async function updateCompany(
  trx: Executor,
  workspaceId: string,
  id: string,
  fields: CompanyFields,
): Promise<Company> {
  const company = await findCompany(trx, workspaceId, id);
  if (!company) throw notFound("Company", "company_not_found");
  const next = applyFields(company, fields);
  next.updated_at = Date.now();
  const { workspace_id: _w, id: _i, external_id: _e, created_at: _c, ...columns } = next;
  await trx
    .updateTable("companies")
    .set(columns)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
  await appendEvent(trx, { workspaceId, type: "company.updated", subjectType: "company", subjectId: id });
  return next;
}

export async function deleteCompany(trx: Executor, workspaceId: string, id: string): Promise<void> {
  const company = await findCompany(trx, workspaceId, id);
  if (!company) throw notFound("Company", "company_not_found");
  const tickets = await trx
    .selectFrom("tickets")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("company_id", "=", id)
    .execute();
  const now = Date.now();
  await trx
    .updateTable("tickets")
    .set({ company_id: null, updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("company_id", "=", id)
    .execute();
  for (const ticket of tickets) {
    await appendEvent(trx, {
      workspaceId,
      type: "ticket.company_changed",
      subjectType: "ticket",
      subjectId: ticket.id,
      payload: { previous_company_id: id, company_id: null },
    });
  }
  await trx.deleteFrom("companies").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  await appendEvent(trx, { workspaceId, type: "company.deleted", subjectType: "company", subjectId: id });
}

export async function addMembership(
  trx: Executor,
  workspaceId: string,
  input: { companyId: string; contactId: string; role?: MembershipRole },
): Promise<void> {
  const role = input.role ?? "member";
  if (role !== "member" && role !== "manager") throw invalid("role", 'role must be "member" or "manager"');
  if (!(await findCompany(trx, workspaceId, input.companyId))) throw notFound("Company", "company_not_found");
  if (!(await findContact(trx, workspaceId, input.contactId))) throw notFound("Contact");
  const existing = await findMembership(trx, workspaceId, input.companyId, input.contactId);
  if (existing && existing.role === role) return;
  if (existing) {
    await trx
      .updateTable("company_memberships")
      .set({ role })
      .where("workspace_id", "=", workspaceId)
      .where("company_id", "=", input.companyId)
      .where("contact_id", "=", input.contactId)
      .execute();
  } else {
    await trx
      .insertInto("company_memberships")
      .values({
        workspace_id: workspaceId,
        company_id: input.companyId,
        contact_id: input.contactId,
        role,
        created_at: Date.now(),
      })
      .execute();
  }
  await appendEvent(trx, {
    workspaceId,
    type: "company_membership.created",
    subjectType: "company",
    subjectId: input.companyId,
    payload: { contact_id: input.contactId, role },
  });
}

export async function removeMembership(
  trx: Executor,
  workspaceId: string,
  input: { companyId: string; contactId: string },
): Promise<boolean> {
  const result = await trx
    .deleteFrom("company_memberships")
    .where("workspace_id", "=", workspaceId)
    .where("company_id", "=", input.companyId)
    .where("contact_id", "=", input.contactId)
    .executeTakeFirst();
  const removed = Number(result.numDeletedRows) > 0;
  if (removed) {
    await appendEvent(trx, {
      workspaceId,
      type: "company_membership.deleted",
      subjectType: "company",
      subjectId: input.companyId,
      payload: { contact_id: input.contactId },
    });
  }
  return removed;
}
