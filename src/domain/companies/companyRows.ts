// The API's company objects loaded and presented: one company, or a list with its member counts in one query.
import type { Executor } from "../../db/database.ts";
import type { Company } from "../../db/schema.ts";
import { presentCompany } from "./company.presenter.ts";
import { countMembersOfCompanies } from "./company.repository.ts";

export async function presentCompanyRow(db: Executor, company: Company) {
  return (await presentCompanyRows(db, company.workspace_id, [company]))[0]!;
}

/** A page (or any list) of companies, in their order. */
export async function presentCompanyRows(db: Executor, workspaceId: string, companies: readonly Company[]) {
  const members = await countMembersOfCompanies(
    db,
    workspaceId,
    companies.map((c) => c.id),
  );
  return companies.map((c) => presentCompany(c, members.get(c.id) ?? 0));
}
