// The ticket page at /tickets/<number>: customer-facing details, history and replies, updated live.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useId, useState } from "react";
import { useAnnounce } from "./announcer";
import {
  errorMessage,
  fetchTicket,
  fetchTicketConversation,
  isNotFound,
  joinConversation,
  postReply,
} from "./api";
import { showTicketInMessenger } from "./messenger";
import { usePortal } from "./bootstrap";
import { AbsoluteTime, RelativeTime } from "./format";
import { rememberedListSearch } from "./listMemory";
import { applyTicketEvent, portalKeys, removeTicketFromLists } from "./queries";
import { Link, ticketListHref } from "./router";
import { CompanyLabel, StateBadge, TicketTypeLabel } from "./ticketBits";
import type { HistoryEntry, Ticket, TicketAttribute } from "./types";
import { useTicketEvents } from "./useTicketEvents";
import { authorLabel } from "../ui/authors";

const NO_ACCESS_MESSAGE = "This ticket does not exist or you no longer have access to it.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function safeHref(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function formatDate(value: unknown): string | null {
  let date: Date | null = null;
  // Unix seconds, as everywhere else in the portal API; large numbers are taken as milliseconds.
  if (typeof value === "number") date = new Date(value > 1e12 ? value : value * 1000);
  else if (typeof value === "string" && value.trim() !== "") date = new Date(value);
  if (!date || Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

function plainValue(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return value.toLocaleString();
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (isRecord(value)) {
    for (const key of ["label", "name", "value"]) {
      const inner = value[key];
      if (typeof inner === "string" || typeof inner === "number") return String(inner);
    }
  }
  return null;
}

function AttributeValue({ attribute }: { attribute: TicketAttribute }) {
  const { value, data_type: dataType } = attribute;
  const notSet = <span className="muted">Not set</span>;
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
    return notSet;
  }
  if (dataType === "boolean") return <>{value === true || value === "true" ? "Yes" : "No"}</>;
  if (dataType === "datetime") return <>{formatDate(value) ?? plainValue(value) ?? "Not set"}</>;
  if (dataType === "files") {
    const files = Array.isArray(value) ? value : [value];
    return (
      <ul className="attribute-files">
        {files.map((file, index) => {
          const name = (isRecord(file) ? plainValue(file.name) : plainValue(file)) ?? `File ${index + 1}`;
          const href = isRecord(file) ? safeHref(file.url) : null;
          return (
            <li key={index}>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {name}
                </a>
              ) : (
                name
              )}
            </li>
          );
        })}
      </ul>
    );
  }
  if (Array.isArray(value)) {
    const items = value.map(plainValue).filter((item): item is string => item !== null);
    return items.length > 0 ? <>{items.join(", ")}</> : notSet;
  }
  const text = plainValue(value);
  return text === null || text === "" ? notSet : <span className="plain-text">{text}</span>;
}

function authorName(entry: HistoryEntry): string {
  return authorLabel(entry.author);
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  let content: ReactNode;
  switch (entry.kind) {
    case "created":
      content = (
        <p className="history__summary">
          {entry.state ? (
            <>
              Opened as <StateBadge state={entry.state} />
            </>
          ) : (
            "Opened"
          )}
        </p>
      );
      break;
    case "state_change":
      content = (
        <p className="history__summary">
          {entry.state ? (
            <>
              State changed to <StateBadge state={entry.state} />
            </>
          ) : (
            "State changed"
          )}
        </p>
      );
      break;
    case "comment":
      content = (
        <>
          <p className="history__summary">
            <strong>{authorName(entry)}</strong> replied
          </p>
          {entry.body ? <p className="history__body plain-text">{entry.body}</p> : null}
        </>
      );
      break;
    default: {
      const _unknown: never = entry.kind;
      content = null;
    }
  }
  return (
    <li className={`history__entry history__entry--${entry.kind === "comment" ? "comment" : "state"}`}>
      {content}
      <p className="history__date">
        <AbsoluteTime at={entry.created_at} />
      </p>
    </li>
  );
}

function TicketDetails({ ticket }: { ticket: Ticket }) {
  const history = [...ticket.history].sort((a, b) => a.created_at - b.created_at);
  return (
    <>
      <p className="meta ticket-meta">
        <StateBadge state={ticket.state} srPrefix="State:" />
        <span className="ticket-number">#{ticket.ticket_id}</span>
        <TicketTypeLabel ticketType={ticket.ticket_type} />
        <CompanyLabel company={ticket.company} />
        <RelativeTime at={ticket.updated_at} prefix="Updated" />
      </p>

      <section className="panel" aria-labelledby="ticket-description">
        <h2 id="ticket-description">Description</h2>
        {ticket.description.trim() ? (
          <p className="plain-text">{ticket.description}</p>
        ) : (
          <p className="muted">No description.</p>
        )}
      </section>

      {ticket.attributes.length > 0 ? (
        <section className="panel" aria-labelledby="ticket-attributes">
          <h2 id="ticket-attributes">Details</h2>
          <dl className="attributes">
            {ticket.attributes.map((attribute) => (
              <div key={attribute.name} className="attributes__item">
                <dt>{attribute.name}</dt>
                <dd>
                  <AttributeValue attribute={attribute} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="ticket-history">
        <h2 id="ticket-history">History</h2>
        {history.length > 0 ? (
          <ol className="history">
            {history.map((entry) => (
              <HistoryItem key={`${entry.kind}-${entry.id}`} entry={entry} />
            ))}
          </ol>
        ) : (
          <p className="muted">No replies or state changes yet.</p>
        )}
      </section>
    </>
  );
}

/** Shows the ticket the server answered a write with, on this page and in any cached list. */
function useShowTicket(ticketNumber: number) {
  const queryClient = useQueryClient();
  return (ticket: Ticket) => {
    applyTicketEvent(queryClient, ticket, null);
    queryClient.setQueryData<Ticket>(portalKeys.ticket(ticketNumber), ticket);
  };
}

/** The messages of the ticket's conversation — a converted conversation keeps every one — for a participant. */
function ConversationMessages({ ticketNumber }: { ticketNumber: number }) {
  const { basePath } = usePortal();
  const query = useQuery({
    queryKey: portalKeys.conversation(ticketNumber),
    queryFn: ({ signal }) => fetchTicketConversation(basePath, ticketNumber, signal),
  });
  if (query.isPending) return <p className="muted">Loading the conversation…</p>;
  if (query.isError)
    return (
      <p className="notice notice--error" role="alert">
        {errorMessage(query.error)}
      </p>
    );
  const parts = query.data.conversation?.parts ?? [];
  if (parts.length === 0) return null;
  return (
    <ol className="history conversation" aria-label="Messages in this conversation">
      {parts.map((part) => (
        <li
          key={part.id}
          className={`history__entry history__entry--comment${part.author.is_you ? " history__entry--mine" : ""}`}
        >
          <p className="history__summary">
            <strong>{authorLabel(part.author)}</strong>
          </p>
          <p className="history__body plain-text">{part.body}</p>
          <p className="history__date">
            <AbsoluteTime at={part.created_at} />
          </p>
        </li>
      ))}
    </ol>
  );
}

function JoinConversation({ ticket }: { ticket: Ticket }) {
  const { basePath, csrfToken, messenger } = usePortal();
  const announce = useAnnounce();
  const show = useShowTicket(ticket.ticket_id);
  const open = useMutation({
    mutationFn: () => {
      if (!messenger) throw new Error("The Messenger is not available on this page.");
      return showTicketInMessenger(basePath, csrfToken, messenger, ticket.ticket_id);
    },
  });
  const join = useMutation({
    mutationFn: () => joinConversation(basePath, csrfToken, ticket.ticket_id),
    onSuccess(updated) {
      show(updated);
      announce("You're in this conversation. It opens in the Messenger.");
      if (messenger) open.mutate();
    },
  });
  if (!ticket.abilities.join && !ticket.abilities.open_conversation) return null;
  const failure = join.error ?? open.error;
  return (
    <section className="panel" aria-labelledby="ticket-conversation">
      <h2 id="ticket-conversation">Conversation</h2>
      {ticket.abilities.join ? (
        <>
          <p>Join the conversation behind this ticket to write to the team and follow it in the Messenger.</p>
          <button
            type="button"
            className="button"
            aria-disabled={join.isPending}
            onClick={() => {
              if (!join.isPending) join.mutate();
            }}
          >
            {join.isPending ? "Joining…" : "Join conversation"}
          </button>
        </>
      ) : (
        <>
          <ConversationMessages ticketNumber={ticket.ticket_id} />
          <p>{"You're in this conversation: write to the team in the Messenger."}</p>
          {messenger ? (
            <button
              type="button"
              className="button"
              aria-disabled={open.isPending}
              onClick={() => {
                if (!open.isPending) open.mutate();
              }}
            >
              {open.isPending ? "Opening…" : "Send us a message"}
            </button>
          ) : null}
        </>
      )}
      {failure ? (
        <p className="notice notice--error" role="alert">
          {errorMessage(failure)}
        </p>
      ) : null}
    </section>
  );
}

function ReplyForm({ ticket }: { ticket: Ticket }) {
  const { basePath, csrfToken } = usePortal();
  const announce = useAnnounce();
  const show = useShowTicket(ticket.ticket_id);
  const fieldId = useId();
  const [body, setBody] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (text: string) => postReply(basePath, csrfToken, ticket.ticket_id, text),
    onSuccess(updated) {
      show(updated);
      setBody("");
      announce("Your reply was sent.");
    },
    onError(error) {
      setProblem(errorMessage(error));
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (send.isPending) return;
    if (body.trim() === "") {
      setProblem("Write a reply before sending it.");
      return;
    }
    setProblem(null);
    send.mutate(body);
  }
  if (!ticket.abilities.reply) return null;
  return (
    <section className="panel" aria-labelledby="ticket-reply">
      <h2 id="ticket-reply">Reply</h2>
      <form className="reply-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={fieldId}>Your reply</label>
          <textarea
            id={fieldId}
            rows={4}
            value={body}
            maxLength={65_536}
            aria-invalid={problem !== null}
            aria-describedby={problem ? `${fieldId}-error` : undefined}
            onChange={(event) => setBody(event.target.value)}
          />
        </div>
        {problem ? (
          <p id={`${fieldId}-error`} className="notice notice--error" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={send.isPending}>
          {send.isPending ? "Sending…" : "Send"}
        </button>
      </form>
    </section>
  );
}

function describeChange(previous: Ticket | undefined, next: Ticket): string {
  if (!previous) return "This ticket is available again.";
  const messages: string[] = [];
  if (previous.state.label !== next.state.label) messages.push(`This ticket is now ${next.state.label}.`);
  const known = new Set(previous.history.map((entry) => `${entry.kind}-${entry.id}`));
  for (const entry of next.history) {
    if (entry.kind === "comment" && !entry.author.is_you && !known.has(`${entry.kind}-${entry.id}`)) {
      messages.push(`New reply from ${authorName(entry)}.`);
    }
  }
  return messages.length > 0 ? messages.join(" ") : "This ticket was updated.";
}

export function TicketPage({ ticketNumber }: { ticketNumber: number }) {
  const { basePath, workspace } = usePortal();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  // When the ticket was taken away live; a newer successful load or event shows it again.
  const [removedAt, setRemovedAt] = useState<number | null>(null);

  const query = useQuery({
    queryKey: portalKeys.ticket(ticketNumber),
    queryFn: ({ signal }) => fetchTicket(basePath, ticketNumber, signal),
  });

  useTicketEvents(basePath, [ticketNumber], {
    onTicket(ticket) {
      if (ticket.ticket_id !== ticketNumber) {
        applyTicketEvent(queryClient, ticket, null);
        return;
      }
      const previous = queryClient.getQueryData<Ticket>(portalKeys.ticket(ticketNumber));
      const wasGone = removedAt !== null || isNotFound(query.error);
      applyTicketEvent(queryClient, ticket, null);
      queryClient.setQueryData<Ticket>(portalKeys.ticket(ticketNumber), ticket);
      // A new message in its conversation comes as a ticket event too: fetch the messages again.
      void queryClient.invalidateQueries({ queryKey: portalKeys.conversation(ticketNumber) });
      announce(describeChange(wasGone ? undefined : previous, ticket));
    },
    onTicketRemoved(removedNumber) {
      removeTicketFromLists(queryClient, removedNumber, null);
      if (removedNumber !== ticketNumber) return;
      setRemovedAt(Date.now());
      announce(NO_ACCESS_MESSAGE);
    },
    onAccessChanged() {
      void queryClient.invalidateQueries({ queryKey: portalKeys.all });
    },
  });

  const gone =
    (removedAt !== null && query.dataUpdatedAt <= removedAt) ||
    (isNotFound(query.error) && query.errorUpdatedAt >= query.dataUpdatedAt);
  const ticket = gone ? undefined : query.data;

  const title = ticket
    ? ticket.title.trim() || "Untitled ticket"
    : gone
      ? "Ticket not available"
      : query.isError
        ? "Could not load this ticket"
        : `Ticket #${ticketNumber}`;

  useEffect(() => {
    document.title = ticket
      ? `#${ticket.ticket_id} ${title} · ${workspace.name}`
      : `${title} · ${workspace.name}`;
  }, [ticket, title, workspace.name]);

  const backHref = ticketListHref(basePath, rememberedListSearch());

  let body: ReactNode;
  if (gone) {
    body = (
      <div className="notice notice--error" role="alert">
        <p>{NO_ACCESS_MESSAGE}</p>
        <p>
          <Link href={backHref}>Back to all tickets</Link>
        </p>
      </div>
    );
  } else if (ticket) {
    body = (
      <>
        {query.isError ? (
          <p className="notice notice--error" role="alert">
            {errorMessage(query.error)}
          </p>
        ) : null}
        <TicketDetails ticket={ticket} />
        <JoinConversation ticket={ticket} />
        <ReplyForm ticket={ticket} />
      </>
    );
  } else if (query.isError) {
    body = (
      <div className="notice notice--error" role="alert">
        <p>{errorMessage(query.error)}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  } else {
    body = (
      <p className="status-message" aria-busy="true">
        Loading ticket…
      </p>
    );
  }

  return (
    <article className="ticket-page" aria-labelledby="ticket-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href={backHref}>
          <span aria-hidden="true">←</span>
          All tickets
        </Link>
      </nav>
      <h1 id="ticket-title" className="page-title" tabIndex={-1}>
        {title}
      </h1>
      {body}
    </article>
  );
}
