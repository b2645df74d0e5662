// A ticket as teammates work it: title and description, state (internal labels), assignee, company
// (rule 3 choices), sharing, type attributes, participants, reply or note, history, and links.
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { AbsoluteTime, RelativeTime } from "../ui/format";
import { Link, navigate } from "../ui/navigation";
import { api, errorMessage } from "./api";
import { AttributeEditor } from "./AttributeEditor";
import {
  companyName,
  ErrorNotice,
  ErrorText,
  Loading,
  NotLoaded,
  STATE_CATEGORY_LABELS,
  StateBadge,
  teammateName,
} from "./bits";
import { neighbourInList, rememberedInboxHref } from "./inboxView";
import { TicketConversationPanel } from "./ConversationMessages";
import { LinkedObjects } from "./LinkedObjects";
import { useCompanyChoices, useContact, useTeammates, useTicket } from "./queries";
import { useShortcuts } from "./shortcuts";
import { ReplyComposer } from "./ReplyComposer";
import { useTicketUpdate, useTicketWrite } from "./ticketWrite";
import type { Ticket, TicketPart } from "./types";

export function titleOf(ticket: Ticket): string {
  return String(ticket.ticket_attributes._default_title_ ?? "") || "(no title)";
}

export function TicketPage({ ticketId }: { ticketId: string }) {
  const ticket = useTicket(ticketId);
  useShortcuts({
    j: () => {
      const next = neighbourInList(ticketId, 1);
      if (next) navigate(`/app/tickets/${next}`);
    },
    k: () => {
      const previous = neighbourInList(ticketId, -1);
      if (previous) navigate(`/app/tickets/${previous}`);
    },
  });

  if (ticket.isPending) return <Loading what="the ticket" />;
  if (ticket.isError) return <NotLoaded error={ticket.error} noun="ticket" />;
  return <TicketView ticket={ticket.data} />;
}

function TicketView({ ticket }: { ticket: Ticket }) {
  useEffect(() => {
    document.title = `#${ticket.ticket_id} ${titleOf(ticket)}`;
  }, [ticket]);
  return (
    <article className="ticket">
      <p className="breadcrumb">
        <Link href={rememberedInboxHref()}>Inbox</Link> <span aria-hidden="true">›</span> Ticket #
        {ticket.ticket_id}
      </p>
      <header className="ticket__head">
        <h1 tabIndex={-1}>
          <span className="muted">#{ticket.ticket_id}</span> {titleOf(ticket)}
        </h1>
        <p className="muted">
          {ticket.category} ticket · {ticket.ticket_type.name} · {ticket.open ? "Open" : "Closed"} · created{" "}
          <RelativeTime at={ticket.created_at} />
        </p>
      </header>
      <div className="ticket__grid">
        <div className="ticket__main">
          <DetailsEditor ticket={ticket} />
          {ticket.linked_objects.data
            .filter((l) => l.type === "conversation")
            .map((l) => (
              <TicketConversationPanel key={l.id} conversationId={l.id} />
            ))}
          <Composer ticket={ticket} />
          <History parts={ticket.ticket_parts.ticket_parts} />
        </div>
        <aside className="ticket__side" aria-label="Ticket properties">
          <StatePicker ticket={ticket} />
          <AssigneePicker ticket={ticket} />
          <CompanyPicker ticket={ticket} />
          <SharingToggle ticket={ticket} />
          <OpenToggle ticket={ticket} />
          <AttributeEditor ticket={ticket} />
          <Participants ticket={ticket} />
          <LinkedObjects ticket={ticket} />
        </aside>
      </div>
    </article>
  );
}

function DetailsEditor({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(titleOf(ticket));
  const [description, setDescription] = useState(
    String(ticket.ticket_attributes._default_description_ ?? ""),
  );
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const descriptionId = useId();
  const save = useMutation({
    mutationFn: () =>
      write(() =>
        api.put<Ticket>(`/tickets/${ticket.id}`, {
          ticket_attributes: { _default_title_: title, _default_description_: description },
        }),
      ),
    onSuccess: () => {
      setEditing(false);
      setError(null);
      announce("Title and description saved.");
    },
    onError: (e) => setError(errorMessage(e)),
  });

  if (!editing) {
    const text = String(ticket.ticket_attributes._default_description_ ?? "");
    return (
      <section className="panel" aria-labelledby={`${titleId}-h`}>
        <div className="panel__head">
          <h2 id={`${titleId}-h`}>Description</h2>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setTitle(titleOf(ticket));
              setDescription(text);
              setEditing(true);
            }}
          >
            Edit title and description
          </button>
        </div>
        {text ? <p className="plain-text">{text}</p> : <p className="muted">No description.</p>}
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby={`${titleId}-h`}>
      <h2 id={`${titleId}-h`}>Edit title and description</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={titleId}>Title</label>
          <input id={titleId} required value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={descriptionId}>Description</label>
          <textarea id={descriptionId} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        {error ? <ErrorNotice error={null}>{error}</ErrorNotice> : null}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function StatePicker({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  const announce = useAnnounce();
  const id = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  const [offerCascade, setOfferCascade] = useState(false);
  useShortcuts({ s: () => selectRef.current?.focus() });
  const states = ticket.ticket_type.ticket_states.data;
  const linkedCustomerTickets = ticket.linked_objects.data.filter(
    (l) => l.type === "ticket" && l.category === "Customer",
  );
  const { change, error, setError } = useTicketUpdate(
    ticket,
    (stateId: string) => ({ ticket_state_id: stateId }),
    (updated) => {
      if (updated.category === "Tracker" && linkedCustomerTickets.length > 0) setOfferCascade(true);
      return `State changed to ${updated.ticket_state.internal_label}.`;
    },
  );
  const cascade = useMutation({
    mutationFn: () =>
      write(() => api.post<{ total_count: number }>(`/tickets/${ticket.id}/linked_tickets/apply_state`)),
    onSuccess: (result) => {
      setOfferCascade(false);
      announce(`${result.total_count} linked ticket${result.total_count === 1 ? "" : "s"} moved.`);
    },
    onError: (e) => setError(errorMessage(e)),
  });

  return (
    <div className="field">
      <label htmlFor={id}>State</label>
      <select
        id={id}
        ref={selectRef}
        value={ticket.ticket_state.id}
        disabled={change.isPending}
        onChange={(e) => change.mutate(e.target.value)}
      >
        {states.map((state) => (
          <option key={state.id} value={state.id}>
            {state.internal_label === STATE_CATEGORY_LABELS[state.category]
              ? state.internal_label
              : `${state.internal_label} (${STATE_CATEGORY_LABELS[state.category]})`}
          </option>
        ))}
      </select>
      <span>
        <StateBadge state={ticket.ticket_state} /> <CustomerStateHint ticket={ticket} />
      </span>
      <ErrorText message={error} inline />
      {offerCascade ? (
        <div className="notice" role="group" aria-label="Linked tickets">
          <p>
            This tracker has {linkedCustomerTickets.length} linked customer ticket
            {linkedCustomerTickets.length === 1 ? "" : "s"}. Move{" "}
            {linkedCustomerTickets.length === 1 ? "it" : "them"} to “
            {STATE_CATEGORY_LABELS[ticket.ticket_state.category]}” too?
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              disabled={cascade.isPending}
              onClick={() => cascade.mutate()}
            >
              Move linked tickets
            </button>
            <button type="button" className="button" onClick={() => setOfferCascade(false)}>
              Leave them
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** What customers read of the state — only where customers see the ticket at all (never a tracker). */
function CustomerStateHint({ ticket }: { ticket: Ticket }) {
  const label = ticket.ticket_state.external_label;
  switch (ticket.category) {
    case "Tracker":
      return null;
    case "Back-office":
      return (
        <span className="muted">
          {ticket.is_shared ? `Customers see “${label}”` : `Customers would see “${label}” once it is shared`}
        </span>
      );
    case "Customer":
      return <span className="muted">Customers see “{label}”</span>;
  }
}

function AssigneePicker({ ticket }: { ticket: Ticket }) {
  const teammates = useTeammates();
  const id = useId();
  const { change, error } = useTicketUpdate(
    ticket,
    (assigneeId: string) => ({ assignee_id: assigneeId }),
    (updated) => `Assigned to ${teammateName(teammates.data, updated.admin_assignee_id)}.`,
  );
  return (
    <div className="field">
      <label htmlFor={id}>Assignee</label>
      <select
        id={id}
        value={ticket.admin_assignee_id}
        disabled={change.isPending}
        onChange={(e) => change.mutate(e.target.value)}
      >
        <option value="0">Unassigned</option>
        {(teammates.data ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.name ?? t.email}
          </option>
        ))}
        {ticket.admin_assignee_id !== "0" &&
        !teammates.data?.some((t) => t.id === ticket.admin_assignee_id) ? (
          <option value={ticket.admin_assignee_id}>
            {teammates.isPending ? "Loading…" : "A former teammate"}
          </option>
        ) : null}
      </select>
      <ErrorText message={error} inline />
    </div>
  );
}

/** Rule 3: the companies of the participants; one is preselected by the server, several wait for a pick. */
function CompanyPicker({ ticket }: { ticket: Ticket }) {
  const choices = useCompanyChoices(ticket.id);
  const id = useId();
  const hintId = useId();
  const { change, error } = useTicketUpdate(
    ticket,
    (companyId: string | null) => ({ company_id: companyId }),
    (updated) => `Company set to ${companyName(updated.company)}.`,
  );
  const options = choices.data?.data ?? [];
  const current = ticket.company;
  const hint = choices.isPending
    ? "Loading the participants' companies…"
    : options.length === 0
      ? "The participants belong to no company."
      : options.length === 1
        ? "The one company of the participants."
        : `The participants belong to ${options.length} companies: pick the one this ticket is about.`;
  return (
    <div className="field">
      <label htmlFor={id}>Company</label>
      <select
        id={id}
        aria-describedby={hintId}
        value={ticket.company_id ?? ""}
        disabled={change.isPending}
        onChange={(e) => change.mutate(e.target.value === "" ? null : e.target.value)}
      >
        <option value="">No company</option>
        {options.map((company) => (
          <option key={company.id} value={company.id}>
            {companyName(company)}
          </option>
        ))}
        {current && !options.some((c) => c.id === current.id) ? (
          <option value={current.id}>{companyName(current)}</option>
        ) : null}
      </select>
      <span id={hintId} className="muted">
        {hint}
      </span>
      {choices.isError ? <span className="error-text">The company choices could not be loaded.</span> : null}
      <ErrorText message={error} inline />
    </div>
  );
}

function SharingToggle({ ticket }: { ticket: Ticket }) {
  const { change, error } = useTicketUpdate(
    ticket,
    (shared: boolean) => ({ is_shared: shared }),
    (updated) => (updated.is_shared ? "Shared with customers." : "No longer shared with customers."),
  );
  if (ticket.category !== "Back-office") {
    return (
      <p className="muted">
        {ticket.category === "Customer"
          ? "Customer tickets are always shared with their customers."
          : "Trackers are never shown to customers."}
      </p>
    );
  }
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={ticket.is_shared}
          disabled={change.isPending}
          onChange={(e) => change.mutate(e.target.checked)}
        />
        Shared with customers
      </label>
      <ErrorText message={error} inline />
    </div>
  );
}

function OpenToggle({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  const announce = useAnnounce();
  const change = useMutation({
    mutationFn: (open: boolean) => write(() => api.put<Ticket>(`/tickets/${ticket.id}`, { open })),
    onSuccess: (updated) => announce(updated.open ? "Ticket reopened." : "Ticket closed."),
  });
  return (
    <div className="field">
      <button
        type="button"
        className="button"
        disabled={change.isPending}
        onClick={() => change.mutate(!ticket.open)}
      >
        {ticket.open ? "Close ticket" : "Reopen ticket"}
      </button>
      <ErrorText message={change.isError ? errorMessage(change.error) : null} inline />
    </div>
  );
}

function Participant({ id, onRemove }: { id: string; onRemove: () => void }) {
  const contact = useContact(id);
  const c = contact.data;
  const name = c
    ? (c.name ?? c.email ?? c.external_id ?? "A contact")
    : contact.isError
      ? "A contact"
      : "Loading…";
  return (
    <li className="participant">
      <span className="participant__name">
        {name}
        {c?.name && c.email ? <span className="muted"> ({c.email})</span> : null}
      </span>
      <button type="button" className="button button--quiet" onClick={onRemove}>
        Remove<span className="sr-only"> {name}</span>
      </button>
    </li>
  );
}

function Participants({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  const announce = useAnnounce();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const emailId = useId();
  const headingId = useId();
  const add = useMutation({
    mutationFn: (address: string) =>
      write(() => api.post<Ticket>(`/tickets/${ticket.id}/contacts`, { email: address })),
    onSuccess: () => {
      setEmail("");
      setError(null);
      announce("Participant added.");
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (contactId: string) =>
      write(() => api.delete<Ticket>(`/tickets/${ticket.id}/contacts/${contactId}`)),
    onSuccess: () => announce("Participant removed."),
    onError: (e) => setError(errorMessage(e)),
  });
  const contacts = ticket.contacts.contacts;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Participants</h2>
      {contacts.length === 0 ? <p className="muted">No participants.</p> : null}
      <ul className="plain-list">
        {contacts.map((c) => (
          <Participant key={c.id} id={c.id} onRemove={() => remove.mutate(c.id)} />
        ))}
      </ul>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (email.trim()) add.mutate(email.trim());
        }}
      >
        <div className="field">
          <label htmlFor={emailId}>Add a participant by e-mail</label>
          <div className="search__row">
            <input id={emailId} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            <button type="submit" className="button" disabled={add.isPending}>
              Add
            </button>
          </div>
        </div>
      </form>
      <ErrorText message={error} />
    </section>
  );
}

function Composer({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  return (
    <ReplyComposer
      radioName={`kind-${ticket.id}`}
      // Trackers have no customers to reply to.
      canReply={ticket.category !== "Tracker"}
      send={(kind, body) =>
        write(() =>
          api.post<TicketPart>(`/tickets/${ticket.id}/reply`, { message_type: kind, type: "admin", body }),
        )
      }
    />
  );
}

const PART_LABELS: Record<string, string> = {
  comment: "replied",
  note: "added a note",
  ticket_created: "created the ticket",
  ticket_state_updated_by_admin: "changed the state",
  ticket_state_updated_by_user: "changed the state",
  ticket_attribute_updated_by_admin: "changed",
  ticket_company_updated: "changed the company",
};

function History({ parts }: { parts: TicketPart[] }) {
  const headingId = useId();
  const newestFirst = [...parts].reverse();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>History</h2>
      {parts.length === 0 ? <p className="muted">Nothing has happened yet.</p> : null}
      <ol className="history">
        {newestFirst.map((part) => (
          <li key={part.id} className={`history__item history__item--${part.part_type}`}>
            <p className="history__meta">
              <strong>
                {part.author.name ??
                  part.author.email ??
                  (part.author.type === "bot" ? "Portico" : "Someone")}
              </strong>{" "}
              {PART_LABELS[part.part_type] ?? part.part_type.replaceAll("_", " ")}
              {part.part_type === "ticket_attribute_updated_by_admin" && part.body ? ` ${part.body}` : ""}
              {part.ticket_state &&
              part.previous_ticket_state &&
              part.ticket_state !== part.previous_ticket_state
                ? `: ${STATE_CATEGORY_LABELS[part.previous_ticket_state]} → ${STATE_CATEGORY_LABELS[part.ticket_state]}`
                : ""}{" "}
              · <AbsoluteTime at={part.created_at} />
              {part.part_type === "note" ? <span className="tag">Internal</span> : null}
            </p>
            {part.body && part.part_type !== "ticket_attribute_updated_by_admin" ? (
              <p className="history__body plain-text">{part.body}</p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
