// A company's profile: its details, its members with their role, and tabs with every ticket of the
// company (filtered by state) and the conversations its members take part in.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, useRef } from "react";
import { Link, navigate } from "../../ui/navigation";
import { api } from "../api";
import { MoreButton, SelectField, STATE_CATEGORY_LABELS } from "../bits";
import type { ConversationList, StateCategory, TicketList } from "../types";
import { displayName, formatDate, QueryStatus, RecordStatus } from "./bits";
import type { CompanyRecord, ContactList } from "./directoryTypes";
import { TicketTable } from "./TicketTable";

const PER_PAGE = 25;
const TABS = [
  { id: "tickets", label: "Tickets" },
  { id: "conversations", label: "Conversations" },
] as const;
type TabId = (typeof TABS)[number]["id"];

const isStateCategory = (value: string | null): value is StateCategory =>
  value !== null && Object.hasOwn(STATE_CATEGORY_LABELS, value);

export function CompanyPage({ companyId, search }: { companyId: string; search: string }) {
  const params = new URLSearchParams(search);
  const tab: TabId = params.get("tab") === "conversations" ? "conversations" : "tickets";
  const stateParam = params.get("state");
  const state = isStateCategory(stateParam) ? stateParam : null;
  const path = `/app/companies/${encodeURIComponent(companyId)}`;

  const company = useQuery({
    queryKey: ["company", companyId],
    queryFn: ({ signal }) => api.get<CompanyRecord>(`/companies/${encodeURIComponent(companyId)}`, signal),
  });

  function setView(next: { tab?: TabId; state?: StateCategory | null }) {
    const query = new URLSearchParams();
    const nextTab = next.tab ?? tab;
    if (nextTab !== "tickets") query.set("tab", nextTab);
    const nextState = next.state === undefined ? state : next.state;
    if (nextState) query.set("state", nextState);
    const qs = query.toString();
    navigate(qs ? `${path}?${qs}` : path, { replace: true });
  }

  if (!company.data) {
    return (
      <RecordStatus
        query={company}
        noun="Company"
        what="the company"
        missing="There is no such company in this workspace."
        backHref="/app/companies"
        backLabel="Back to companies"
      />
    );
  }

  const c = company.data;
  return (
    <article aria-labelledby="company-title">
      <p>
        <Link href="/app/companies">← All companies</Link>
      </p>
      <h1 id="company-title" tabIndex={-1}>
        {c.name || "Unnamed company"}
      </h1>
      <dl className="details" aria-label="Company details">
        <dt>Company ID</dt>
        <dd>{c.company_id ?? "—"}</dd>
        <dt>Plan</dt>
        <dd>{c.plan?.name ?? "—"}</dd>
        <dt>Size</dt>
        <dd>{c.size ?? "—"}</dd>
        <dt>Website</dt>
        <dd>{c.website ?? "—"}</dd>
        <dt>Industry</dt>
        <dd>{c.industry ?? "—"}</dd>
        <dt>Monthly spend</dt>
        <dd>{c.monthly_spend}</dd>
        <dt>People</dt>
        <dd>{c.user_count}</dd>
        <dt>Created</dt>
        <dd>{formatDate(c.created_at)}</dd>
      </dl>
      <Members companyId={companyId} />
      <Tabs current={tab} onSelect={(next) => setView({ tab: next })} />
      <div role="tabpanel" id={`company-panel-${tab}`} aria-labelledby={`company-tab-${tab}`} tabIndex={0}>
        {tab === "tickets" ? (
          <CompanyTickets companyId={companyId} state={state} onState={(next) => setView({ state: next })} />
        ) : (
          <CompanyConversations companyId={companyId} />
        )}
      </div>
    </article>
  );
}

function Tabs({ current, onSelect }: { current: TabId; onSelect: (tab: TabId) => void }) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab moves on into the panel.
  function onKeyDown(event: KeyboardEvent, index: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + TABS.length) % TABS.length;
    onSelect(TABS[next]!.id);
    refs.current[next]?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label="Company activity">
      {TABS.map((t, index) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[index] = el;
          }}
          type="button"
          role="tab"
          id={`company-tab-${t.id}`}
          aria-selected={current === t.id}
          aria-controls={`company-panel-${t.id}`}
          tabIndex={current === t.id ? 0 : -1}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => onKeyDown(e, index)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

function Members({ companyId }: { companyId: string }) {
  const members = useQuery({
    queryKey: ["company", companyId, "members"],
    queryFn: ({ signal }) =>
      api.get<ContactList>(`/companies/${encodeURIComponent(companyId)}/contacts?per_page=150`, signal),
  });
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {!members.data ? (
        <QueryStatus isPending={members.isPending} error={members.error} what="the members" />
      ) : members.data.data.length === 0 ? (
        <p className="notice">Nobody belongs to this company yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="sr-only">Members of the company</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {members.data.data.map((person) => {
                const role = person.companies.data.find((m) => m.id === companyId)?.role ?? "member";
                return (
                  <tr key={person.id}>
                    <td>
                      <Link href={`/app/contacts/${encodeURIComponent(person.id)}`}>
                        {displayName(person)}
                      </Link>
                    </td>
                    <td>{person.email ?? "—"}</td>
                    <td>{role === "manager" ? "Manager" : "Member"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {members.data.total_count > members.data.data.length && (
            <p className="muted">
              Showing {members.data.data.length} of {members.data.total_count} members.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function CompanyTickets({
  companyId,
  state,
  onState,
}: {
  companyId: string;
  state: StateCategory | null;
  onState: (state: StateCategory | null) => void;
}) {
  const tickets = useInfiniteQuery({
    queryKey: ["tickets", "company", companyId, state],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const byCompany = { field: "company_id", operator: "=", value: companyId };
      return api.post<TicketList>("/tickets/search", {
        query: state
          ? { operator: "AND", value: [byCompany, { field: "state", operator: "=", value: state }] }
          : byCompany,
        pagination: { per_page: PER_PAGE, ...(pageParam ? { starting_after: pageParam } : {}) },
        sort: { field: "updated_at", order: "descending" },
      });
    },
    getNextPageParam: (last) => last.pages.next?.starting_after,
  });
  const rows = tickets.data?.pages.flatMap((p) => p.tickets) ?? [];
  const total = tickets.data?.pages[0]?.total_count;
  return (
    <>
      <div className="toolbar">
        <SelectField
          id="company-ticket-state"
          label="State"
          value={state ?? ""}
          options={STATE_CATEGORY_LABELS}
          onChange={(value) => onState(isStateCategory(value) ? value : null)}
          first={<option value="">All states</option>}
        />
        {total !== undefined && (
          <p className="muted" role="status">
            {total === 1 ? "1 ticket" : `${total} tickets`}
          </p>
        )}
      </div>
      {!tickets.data ? (
        <QueryStatus isPending={tickets.isPending} error={tickets.error} what="the company's tickets" />
      ) : rows.length === 0 ? (
        <p className="notice">
          {state
            ? `This company has no ${STATE_CATEGORY_LABELS[state].toLowerCase()} tickets.`
            : "This company has no tickets."}
        </p>
      ) : (
        <TicketTable
          tickets={rows}
          caption="Tickets of the company"
          column={{ label: "Type", cell: (t) => t.ticket_type.name }}
        />
      )}
      {tickets.hasNextPage && (
        <p>
          <MoreButton list={tickets} label="Show more tickets" />
        </p>
      )}
    </>
  );
}

const CONVERSATION_STATES = { open: "Open", closed: "Closed", snoozed: "Snoozed" } as const;

function CompanyConversations({ companyId }: { companyId: string }) {
  const conversations = useInfiniteQuery({
    queryKey: ["conversations", "company", companyId],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      api.post<ConversationList>("/conversations/search", {
        query: { field: "company_id", operator: "=", value: companyId },
        pagination: { per_page: PER_PAGE, ...(pageParam ? { starting_after: pageParam } : {}) },
      }),
    getNextPageParam: (last) => last.pages.next?.starting_after,
  });
  const rows = conversations.data?.pages.flatMap((p) => p.conversations) ?? [];
  if (!conversations.data) {
    return (
      <QueryStatus
        isPending={conversations.isPending}
        error={conversations.error}
        what="the company's conversations"
      />
    );
  }
  if (rows.length === 0) return <p className="notice">No member of this company has a conversation.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="data-table">
          <caption className="sr-only">Conversations of the company's members</caption>
          <thead>
            <tr>
              <th scope="col">Conversation</th>
              <th scope="col">State</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/app/conversations/${encodeURIComponent(c.id)}`}>
                    {c.title || stripTags(c.source?.body) || "Conversation"}
                  </Link>
                </td>
                <td>{CONVERSATION_STATES[c.state]}</td>
                <td>{formatDate(c.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {conversations.hasNextPage && (
        <p>
          <MoreButton list={conversations} label="Show more conversations" />
        </p>
      )}
    </>
  );
}

/** The first words of a message body (sanitized HTML from the server) as plain text. */
function stripTags(html: string | null | undefined): string {
  if (!html) return "";
  const text = new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
