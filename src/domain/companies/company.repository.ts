// Company and membership queries.
import type { Executor } from "../../db/database.ts";
import type { Company, CompanyMembership } from "../../db/schema.ts";

export function findCompany(db: Executor, workspaceId: string, id: string): Promise<Company | undefined> {
  return db
    .selectFrom("companies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findCompanyByExternalId(db: Executor, workspaceId: string, externalId: string) {
  return db
    .selectFrom("companies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
}

export function listCompaniesByIds(
  db: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<Company[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("companies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .execute();
}

export function findMembership(
  db: Executor,
  workspaceId: string,
  companyId: string,
  contactId: string,
): Promise<CompanyMembership | undefined> {
  return db
    .selectFrom("company_memberships")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("company_id", "=", companyId)
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
}

export function listMembershipsOfContact(db: Executor, workspaceId: string, contactId: string) {
  return db
    .selectFrom("company_memberships")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("contact_id", "=", contactId)
    .orderBy("created_at")
    .orderBy("company_id")
    .execute();
}

/** Distinct ids of the companies any of these contacts belongs to, in a stable order. */
export async function listCompanyIdsOfContacts(
  db: Executor,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const rows = await db
    .selectFrom("company_memberships")
    .select("company_id")
    .distinct()
    .where("workspace_id", "=", workspaceId)
    .where("contact_id", "in", contactIds)
    .orderBy("company_id")
    .execute();
  return rows.map((r) => r.company_id);
}

export async function countMembers(db: Executor, workspaceId: string, companyId: string): Promise<number> {
  const row = await db
    .selectFrom("company_memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("company_id", "=", companyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
