// A ticket's linked conversation and tickets, and linking more, following the valid pairs: a customer
// ticket takes one conversation and trackers or back-office tickets; those take customer tickets.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useId, useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { Link } from "../ui/navigation";
import { api, errorMessage } from "./api";
import { StateBadge } from "./bits";
import { useConversation, useTicket } from "./queries";
import { plainText } from "./text";
import { useTicketWrite } from "./ticketWrite";
import type { CategoryName, Conversation, ConversationList, LinkedObject, Ticket, TicketList } from "./types";

/** Which categories of ticket a ticket of `category` may be linked to. */
export function linkableCategories(category: CategoryName): CategoryName[] {
  return category === "Customer" ? ["Tracker", "Back-office"] : ["Customer"];
}

const CATEGORY_SEARCH: Record<CategoryName, string> = {
  Customer: "customer",
  "Back-office": "back_office",
  Tracker: "tracker",
};

function LinkedTicket({ id }: { id: string }) {
  const ticket = useTicket(id);
  if (ticket.isPending) return <span className="muted">Loading ticket…</span>;
  if (ticket.isError) return <span className="muted">A ticket that is gone</span>;
  const t = ticket.data;
  return (
    <span>
      <Link href={`/app/tickets/${t.id}`}>
        #{t.ticket_id} {String(t.ticket_attributes._default_title_ ?? "")}
      </Link>{" "}
      <span className="muted">({t.category})</span> <StateBadge state={t.ticket_state} />
    </span>
  );
}

function LinkedConversation({ id }: { id: string }) {
  const conversation = useConversation(id);
  const title = conversation.data
    ? conversation.data.title?.trim() ||
      plainText(conversation.data.source?.body ?? "").slice(0, 80) ||
      "Conversation"
    : "Conversation";
  return <Link href={`/app/conversations/${id}`}>Conversation: {title}</Link>;
}

export function LinkedObjects({ ticket }: { ticket: Ticket }) {
  const headingId = useId();
  const links: LinkedObject[] = ticket.linked_objects.data;
  const canTakeConversation = ticket.category !== "Customer" || !links.some((l) => l.type === "conversation");
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Linked</h2>
      {links.length === 0 ? <p className="muted">Nothing linked yet.</p> : null}
      <ul className="plain-list">
        {links.map((l) => (
          <li key={`${l.type}:${l.id}`}>
            {l.type === "ticket" ? <LinkedTicket id={l.id} /> : <LinkedConversation id={l.id} />}
          </li>
        ))}
      </ul>
      <LinkTicketForm ticket={ticket} />
      {canTakeConversation ? <LinkConversationForm ticket={ticket} /> : null}
    </section>
  );
}

function LinkTicketForm({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  const announce = useAnnounce();
  const [text, setText] = useState("");
  const deferred = useDeferredValue(text.trim());
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const categories = linkableCategories(ticket.category);
  const linkedIds = new Set(ticket.linked_objects.data.map((l) => l.id));
  const candidates = useQuery({
    queryKey: ["tickets", "link-candidates", ticket.category, deferred],
    enabled: deferred.length > 0,
    queryFn: () =>
      api.post<TicketList>("/tickets/search", {
        query: {
          operator: "AND",
          value: [
            { field: "category", operator: "IN", value: categories.map((c) => CATEGORY_SEARCH[c]) },
            { field: "title", operator: "~", value: deferred },
          ],
        },
        pagination: { per_page: 8 },
      }),
  });
  const link = useMutation({
    mutationFn: (otherId: string) =>
      write(() => api.post<Ticket>(`/tickets/${ticket.id}/links`, { type: "ticket", id: otherId })),
    onSuccess: () => {
      setText("");
      setError(null);
      announce("Ticket linked.");
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const results = (candidates.data?.tickets ?? []).filter((t) => t.id !== ticket.id && !linkedIds.has(t.id));
  return (
    <div className="link-form">
      <div className="field">
        <label htmlFor={id}>Link a {categories.join(" or ").toLowerCase()} ticket</label>
        <input
          id={id}
          type="search"
          placeholder="Words in its title"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {deferred && candidates.isSuccess && results.length === 0 ? (
        <p className="muted">No ticket to link matches.</p>
      ) : null}
      {results.length > 0 ? (
        <ul className="plain-list">
          {results.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className="button button--quiet"
                disabled={link.isPending}
                onClick={() => link.mutate(t.id)}
              >
                Link #{t.ticket_id} {String(t.ticket_attributes._default_title_ ?? "")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function conversationLabel(conversation: Conversation): string {
  return (
    conversation.title?.trim() || plainText(conversation.source?.body ?? "").slice(0, 80) || "Conversation"
  );
}

function LinkConversationForm({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  const announce = useAnnounce();
  const [text, setText] = useState("");
  const deferred = useDeferredValue(text.trim());
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const linkedIds = new Set(ticket.linked_objects.data.map((l) => l.id));
  const candidates = useQuery({
    queryKey: ["conversations", "link-candidates", deferred],
    enabled: deferred.length > 0,
    queryFn: () =>
      api.post<ConversationList>("/conversations/search", {
        query: {
          operator: "OR",
          value: [
            { field: "title", operator: "~", value: deferred },
            { field: "source.body", operator: "~", value: deferred },
          ],
        },
        pagination: { per_page: 8 },
      }),
  });
  const link = useMutation({
    mutationFn: (conversationId: string) =>
      write(() =>
        api.post<Ticket>(`/tickets/${ticket.id}/links`, { type: "conversation", id: conversationId }),
      ),
    onSuccess: () => {
      setText("");
      setError(null);
      announce("Conversation linked.");
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const results = (candidates.data?.conversations ?? []).filter((c) => !linkedIds.has(c.id));
  return (
    <div className="link-form">
      <div className="field">
        <label htmlFor={id}>Link a conversation</label>
        <input
          id={id}
          type="search"
          placeholder="Words in its title or first message"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {deferred && candidates.isSuccess && results.length === 0 ? (
        <p className="muted">No conversation to link matches.</p>
      ) : null}
      {results.length > 0 ? (
        <ul className="plain-list">
          {results.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="button button--quiet"
                disabled={link.isPending}
                onClick={() => link.mutate(c.id)}
              >
                Link “{conversationLabel(c)}”
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
