// A ticket's linked conversation and tickets, and linking more, following the valid pairs: a customer
// ticket takes one conversation and trackers or back-office tickets; those take customer tickets.
import { useId } from "react";
import { Link } from "../ui/navigation";
import { api } from "./api";
import { StateBadge } from "./bits";
import { LinkSearch } from "./LinkSearch";
import { useConversation, useTicket } from "./queries";
import { conversationTitle } from "./text";
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
  const title = conversation.data ? conversationTitle(conversation.data) : "Conversation";
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
  const categories = linkableCategories(ticket.category);
  const linkedIds = new Set(ticket.linked_objects.data.map((l) => l.id));
  return (
    <div className="link-form">
      <LinkSearch<Ticket>
        label={`Link a ${categories.join(" or ").toLowerCase()} ticket`}
        placeholder="Words in its title"
        noMatch="No ticket to link matches."
        queryKey={["tickets", "link-candidates", ticket.category]}
        search={(words) =>
          api
            .post<TicketList>("/tickets/search", {
              query: {
                operator: "AND",
                value: [
                  { field: "category", operator: "IN", value: categories.map((c) => CATEGORY_SEARCH[c]) },
                  { field: "title", operator: "~", value: words },
                ],
              },
              pagination: { per_page: 8 },
            })
            .then((list) => list.tickets)
        }
        keep={(t) => t.id !== ticket.id && !linkedIds.has(t.id)}
        buttonLabel={(t) => `Link #${t.ticket_id} ${String(t.ticket_attributes._default_title_ ?? "")}`}
        link={async (otherId) => {
          await write(() => api.post<Ticket>(`/tickets/${ticket.id}/links`, { type: "ticket", id: otherId }));
          return "Ticket linked.";
        }}
      />
    </div>
  );
}

function LinkConversationForm({ ticket }: { ticket: Ticket }) {
  const write = useTicketWrite(ticket.id);
  const linkedIds = new Set(ticket.linked_objects.data.map((l) => l.id));
  return (
    <div className="link-form">
      <LinkSearch<Conversation>
        label="Link a conversation"
        placeholder="Words in its title or first message"
        noMatch="No conversation to link matches."
        queryKey={["conversations", "link-candidates"]}
        search={(words) =>
          api
            .post<ConversationList>("/conversations/search", {
              query: {
                operator: "OR",
                value: [
                  { field: "title", operator: "~", value: words },
                  { field: "source.body", operator: "~", value: words },
                ],
              },
              pagination: { per_page: 8 },
            })
            .then((list) => list.conversations)
        }
        keep={(c) => !linkedIds.has(c.id)}
        buttonLabel={(c) => `Link “${conversationTitle(c)}”`}
        link={async (conversationId) => {
          await write(() =>
            api.post<Ticket>(`/tickets/${ticket.id}/links`, { type: "conversation", id: conversationId }),
          );
          return "Conversation linked.";
        }}
      />
    </div>
  );
}
