// The Contacts list: every person of the workspace, newest first, or those whose name or e-mail matches.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "../../ui/navigation";
import { api } from "../api";
import { MoreButton } from "../bits";
import { displayName, ListSearch, QueryStatus } from "./bits";
import type { ContactList } from "./directoryTypes";

const PER_PAGE = 50;

/** The search DSL query for the list: everyone (both roles) or a name/e-mail that contains the words. */
function contactQuery(q: string) {
  if (!q) return { field: "role", operator: "IN", value: ["user", "lead"] };
  return {
    operator: "OR",
    value: [
      { field: "name", operator: "~", value: q },
      { field: "email", operator: "~", value: q },
      { field: "external_id", operator: "=", value: q },
    ],
  };
}

export function ContactsPage({ search }: { search: string }) {
  const q = new URLSearchParams(search).get("q")?.trim() ?? "";
  const contacts = useInfiniteQuery({
    queryKey: ["contacts", "list", q],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      api.post<ContactList>("/contacts/search", {
        query: contactQuery(q),
        pagination: { per_page: PER_PAGE, ...(pageParam ? { starting_after: pageParam } : {}) },
      }),
    getNextPageParam: (last) => last.pages?.next?.starting_after,
  });

  const rows = contacts.data?.pages.flatMap((p) => p.data) ?? [];
  const total = contacts.data?.pages[0]?.total_count;
  return (
    <section aria-labelledby="contacts-title">
      <div className="page-header">
        <h1 id="contacts-title" tabIndex={-1}>
          Contacts
        </h1>
        {total !== undefined && <p className="muted">{total === 1 ? "1 person" : `${total} people`}</p>}
      </div>
      <ListSearch
        path="/app/contacts"
        q={q}
        inputId="contact-search"
        label="Search by name, e-mail or user ID"
      />
      {!contacts.data ? (
        <QueryStatus isPending={contacts.isPending} error={contacts.error} what="the contacts" />
      ) : rows.length === 0 ? (
        <p className="notice">{q ? `Nobody matches “${q}”.` : "There are no contacts yet."}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">{q ? `Contacts matching “${q}”` : "Contacts"}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">User ID</th>
                <th scope="col">Type</th>
                <th scope="col">Companies</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link href={`/app/contacts/${encodeURIComponent(person.id)}`}>{displayName(person)}</Link>
                  </td>
                  <td>{person.email ?? "—"}</td>
                  <td>{person.external_id ?? "—"}</td>
                  <td>{person.role === "lead" ? "Lead" : "User"}</td>
                  <td>{person.companies.data.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {contacts.hasNextPage && (
        <p>
          <MoreButton list={contacts} label="Show more contacts" />
        </p>
      )}
    </section>
  );
}
