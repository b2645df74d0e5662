// A contact's profile: who they are, the companies they belong to (with their role), and their tickets.
import { useQuery } from "@tanstack/react-query";
import { Link } from "../../ui/navigation";
import { api } from "../api";
import type { TicketList } from "../types";
import { displayName, formatDate, QueryStatus, RecordStatus } from "./bits";
import type { CompanyRecord, ContactRecord } from "./directoryTypes";
import { TicketTable } from "./TicketTable";

export function ContactPage({ contactId }: { contactId: string }) {
  const id = encodeURIComponent(contactId);
  const contact = useQuery({
    queryKey: ["contact", contactId],
    queryFn: ({ signal }) => api.get<ContactRecord>(`/contacts/${id}`, signal),
  });
  const companies = useQuery({
    queryKey: ["contact", contactId, "companies"],
    queryFn: ({ signal }) => api.get<{ companies: CompanyRecord[] }>(`/contacts/${id}/companies`, signal),
  });
  const tickets = useQuery({
    queryKey: ["tickets", "contact", contactId],
    queryFn: () =>
      api.post<TicketList>("/tickets/search", {
        query: { field: "contact_ids", operator: "=", value: contactId },
        pagination: { per_page: 50 },
        sort: { field: "updated_at", order: "descending" },
      }),
  });

  if (!contact.data) {
    return (
      <RecordStatus
        query={contact}
        noun="Contact"
        what="the contact"
        missing="There is no such person in this workspace."
        backHref="/app/contacts"
        backLabel="Back to contacts"
      />
    );
  }
  const person = contact.data;
  const roles = new Map(person.companies.data.map((m) => [m.id, m.role ?? "member"]));
  return (
    <article aria-labelledby="contact-title">
      <p>
        <Link href="/app/contacts">← All contacts</Link>
      </p>
      <h1 id="contact-title" tabIndex={-1}>
        {displayName(person)}
      </h1>
      <dl className="details" aria-label="Contact details">
        <dt>E-mail</dt>
        <dd>{person.email ?? "—"}</dd>
        <dt>User ID</dt>
        <dd>{person.external_id ?? "—"}</dd>
        <dt>Type</dt>
        <dd>{person.role === "lead" ? "Lead" : "User"}</dd>
        <dt>Created</dt>
        <dd>{formatDate(person.created_at)}</dd>
      </dl>

      <section aria-labelledby="contact-companies-title">
        <h2 id="contact-companies-title">Companies</h2>
        {!companies.data ? (
          <QueryStatus isPending={companies.isPending} error={companies.error} what="the companies" />
        ) : companies.data.companies.length === 0 ? (
          <p className="notice">This person belongs to no company.</p>
        ) : (
          <ul>
            {companies.data.companies.map((c) => (
              <li key={c.id}>
                <Link href={`/app/companies/${encodeURIComponent(c.id)}`}>{c.name || "Unnamed company"}</Link>{" "}
                <span className="muted">({roles.get(c.id) === "manager" ? "Manager" : "Member"})</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="contact-tickets-title">
        <h2 id="contact-tickets-title">Tickets</h2>
        {!tickets.data ? (
          <QueryStatus isPending={tickets.isPending} error={tickets.error} what="the tickets" />
        ) : tickets.data.tickets.length === 0 ? (
          <p className="notice">This person takes part in no ticket.</p>
        ) : (
          <TicketTable
            tickets={tickets.data.tickets}
            caption="Tickets this person takes part in"
            column={{ label: "Company", cell: (t) => t.company?.name ?? "No company" }}
          >
            {tickets.data.total_count > tickets.data.tickets.length && (
              <p className="muted">
                Showing the {tickets.data.tickets.length} most recently updated of {tickets.data.total_count}{" "}
                tickets.
              </p>
            )}
          </TicketTable>
        )}
      </section>
    </article>
  );
}
