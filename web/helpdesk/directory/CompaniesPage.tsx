// The Companies list: every company of the workspace, newest first, or those whose name matches a search.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "../../ui/navigation";
import { api } from "../api";
import type { CompanySummary } from "../types";
import { MoreButton } from "../bits";
import { ListSearch, QueryStatus } from "./bits";
import type { CompanyList, CompanyRecord } from "./directoryTypes";

const PER_PAGE = 50;
/** The server answers at most this many name matches. */
const SEARCH_LIMIT = 20;

type Row = Pick<CompanyRecord, "id" | "company_id" | "name"> & Partial<CompanyRecord>;

export function CompaniesPage({ search }: { search: string }) {
  const q = new URLSearchParams(search).get("q")?.trim() ?? "";

  const companies = useInfiniteQuery({
    queryKey: ["companies", "list", q],
    initialPageParam: "",
    queryFn: async ({
      pageParam,
      signal,
    }): Promise<{ rows: Row[]; next: string | null; total: number | null }> => {
      if (q) {
        const found = await api.get<{ data: CompanySummary[] }>(
          `/company_suggestions?q=${encodeURIComponent(q)}`,
          signal,
        );
        return { rows: found.data, next: null, total: null };
      }
      const after = pageParam ? `&starting_after=${encodeURIComponent(pageParam)}` : "";
      const page = await api.get<CompanyList>(`/companies?per_page=${PER_PAGE}${after}`, signal);
      return {
        rows: page.data,
        next: page.pages?.next?.starting_after ?? null,
        total: page.total_count ?? null,
      };
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });

  const rows = companies.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = companies.data?.pages[0]?.total ?? null;

  return (
    <section aria-labelledby="companies-title">
      <div className="page-header">
        <h1 id="companies-title" tabIndex={-1}>
          Companies
        </h1>
        {total !== null && <p className="muted">{total === 1 ? "1 company" : `${total} companies`}</p>}
      </div>
      <ListSearch path="/app/companies" q={q} inputId="company-search" label="Search companies by name" />
      {companies.data ? (
        rows.length === 0 ? (
          <p className="notice">{q ? `No company's name contains “${q}”.` : "There are no companies yet."}</p>
        ) : (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="sr-only">{q ? `Companies matching “${q}”` : "Companies"}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Company ID</th>
                  {!q && <th scope="col">People</th>}
                  {!q && <th scope="col">Plan</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((company) => (
                  <tr key={company.id}>
                    <td>
                      <Link href={`/app/companies/${encodeURIComponent(company.id)}`}>
                        {company.name || "Unnamed company"}
                      </Link>
                    </td>
                    <td>{company.company_id ?? "—"}</td>
                    {!q && <td>{company.user_count ?? 0}</td>}
                    {!q && <td>{company.plan?.name ?? "—"}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <QueryStatus isPending={companies.isPending} error={companies.error} what="the companies" />
      )}
      {q && rows.length >= SEARCH_LIMIT && (
        <p className="muted">
          Showing the first {SEARCH_LIMIT} matches. Type more of the name to narrow them down.
        </p>
      )}
      {companies.hasNextPage && (
        <p>
          <MoreButton list={companies} label="Show more companies" />
        </p>
      )}
    </section>
  );
}
