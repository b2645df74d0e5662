// Company and membership queries.
import { sql, type SqlBool } from "kysely";
import { groupBy, inChunks } from "../../db/batches.ts";
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
  return inChunks(ids, (chunk) =>
    db
      .selectFrom("companies")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", chunk)
      .execute(),
  );
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

/** The memberships of each of these contacts, each in listMembershipsOfContact's order (one query). */
export async function listMembershipsOfContacts(
  db: Executor,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, CompanyMembership[]>> {
  const rows = await inChunks(contactIds, (ids) =>
    db
      .selectFrom("company_memberships")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("contact_id", "in", ids)
      .orderBy("created_at")
      .orderBy("company_id")
      .execute(),
  );
  return groupBy(rows, (r) => r.contact_id);
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

/** How many members each of these companies has (companies without any are left out), in one query. */
export async function countMembersOfCompanies(
  db: Executor,
  workspaceId: string,
  companyIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await inChunks(companyIds, (ids) =>
    db
      .selectFrom("company_memberships")
      .select((eb) => ["company_id", eb.fn.countAll<number>().as("n")])
      .where("workspace_id", "=", workspaceId)
      .where("company_id", "in", ids)
      .groupBy("company_id")
      .execute(),
  );
  return new Map(rows.map((r) => [r.company_id, Number(r.n)]));
}

export function listCompaniesPage(
  db: Executor,
  workspaceId: string,
  after: { value: number | string; id: string } | null,
  limit: number,
) {
  let query = db.selectFrom("companies").selectAll().where("workspace_id", "=", workspaceId);
  if (after) {
    const value = Number(after.value);
    query = query.where((eb) =>
      eb.or([eb("created_at", "<", value), eb.and([eb("created_at", "=", value), eb("id", "<", after.id)])]),
    );
  }
  return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
}

export async function countCompanies(db: Executor, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom("companies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Members of a company, newest membership first, keyset on (created_at, contact id). */
export function listCompanyContactsPage(
  db: Executor,
  workspaceId: string,
  companyId: string,
  after: { value: number | string; id: string } | null,
  limit: number,
) {
  let query = db
    .selectFrom("company_memberships as m")
    .innerJoin("contacts as c", (j) =>
      j.onRef("c.workspace_id", "=", "m.workspace_id").onRef("c.id", "=", "m.contact_id"),
    )
    .selectAll("c")
    .select("m.created_at as joined_at")
    .where("m.workspace_id", "=", workspaceId)
    .where("m.company_id", "=", companyId);
  if (after) {
    const value = Number(after.value);
    query = query.where((eb) =>
      eb.or([
        eb("m.created_at", "<", value),
        eb.and([eb("m.created_at", "=", value), eb("c.id", "<", after.id)]),
      ]),
    );
  }
  return query.orderBy("m.created_at", "desc").orderBy("c.id", "desc").limit(limit).execute();
}

/** The oldest company with exactly this name (names are not unique). */
export function findCompanyByName(db: Executor, workspaceId: string, name: string) {
  return db
    .selectFrom("companies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("name", "=", name)
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
}

export async function listCompanyMemberIds(
  db: Executor,
  workspaceId: string,
  companyId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("company_memberships")
    .select("contact_id")
    .where("workspace_id", "=", workspaceId)
    .where("company_id", "=", companyId)
    .execute();
  return rows.map((r) => r.contact_id);
}

/** Companies whose name contains `text` (case-insensitive), by name: the Help Desk's company pickers. */
export function findCompaniesByNameContaining(
  db: Executor,
  workspaceId: string,
  text: string,
  limit: number,
) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom("companies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where(sql<SqlBool>`lower(name) like lower(cast(${pattern} as text)) escape '\\'`)
    .orderBy("name")
    .orderBy("id")
    .limit(limit)
    .execute();
}
