// A conversation: its messages, a reply or note, its ticket, converting it to a customer ticket, and
// linking it to an existing ticket.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useAnnounce } from "../ui/announcer";
import { AbsoluteTime } from "../ui/format";
import { Link, navigate } from "../ui/navigation";
import { api, errorMessage } from "./api";
import { AttributeInput, type AttributeValue, editableAttributes } from "./AttributeEditor";
import { ErrorText, Loading, NotLoaded, StateBadge } from "./bits";
import { LinkSearch } from "./LinkSearch";
import { rememberedInboxHref } from "./inboxView";
import { useContact, useConversation, useTicket, useTicketTypes } from "./queries";
import { ConversationMessageList } from "./ConversationMessages";
import { ReplyComposer } from "./ReplyComposer";
import { conversationTitle } from "./text";
import type { Conversation, Ticket, TicketList } from "./types";

export function ConversationPage({ conversationId }: { conversationId: string }) {
  const conversation = useConversation(conversationId);
  if (conversation.isPending) return <Loading what="the conversation" />;
  if (conversation.isError) return <NotLoaded error={conversation.error} noun="conversation" />;
  return <ConversationView conversation={conversation.data} />;
}

function Participant({ id }: { id: string }) {
  const contact = useContact(id);
  const c = contact.data;
  return <li>{c ? (c.name ?? c.email ?? c.external_id ?? "A contact") : "Loading…"}</li>;
}

function ConversationView({ conversation }: { conversation: Conversation }) {
  const title = conversationTitle(conversation);
  const ticketLink = conversation.linked_objects.data.find((l) => l.type === "ticket");
  const participantsId = useId();
  const messagesId = useId();
  return (
    <article className="ticket">
      <p className="breadcrumb">
        <Link href={`${rememberedInboxHref()}`}>Inbox</Link> <span aria-hidden="true">›</span> Conversation
      </p>
      <header className="ticket__head">
        <h1 tabIndex={-1}>{title}</h1>
        <p className="muted">
          Conversation · {conversation.state} · started <AbsoluteTime at={conversation.created_at} />
        </p>
      </header>
      <div className="ticket__grid">
        <div className="ticket__main">
          <section className="panel" aria-labelledby={messagesId}>
            <h2 id={messagesId}>Messages</h2>
            <ConversationMessageList conversation={conversation} />
          </section>
          <ConversationComposer conversation={conversation} />
        </div>
        <aside className="ticket__side" aria-label="Conversation properties">
          <section className="panel" aria-labelledby={participantsId}>
            <h2 id={participantsId}>Participants</h2>
            <ul className="plain-list">
              {conversation.contacts.contacts.map((c) => (
                <Participant key={c.id} id={c.id} />
              ))}
            </ul>
          </section>
          {ticketLink ? (
            <ConversationTicket ticketId={ticketLink.id} />
          ) : (
            <ConvertForm conversation={conversation} />
          )}
          <LinkToTicket conversation={conversation} />
        </aside>
      </div>
    </article>
  );
}

function ConversationTicket({ ticketId }: { ticketId: string }) {
  const ticket = useTicket(ticketId);
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Ticket</h2>
      {ticket.data ? (
        <p>
          <Link href={`/app/tickets/${ticketId}`}>
            #{ticket.data.ticket_id} {String(ticket.data.ticket_attributes._default_title_ ?? "")}
          </Link>{" "}
          <StateBadge state={ticket.data.ticket_state} />
        </p>
      ) : (
        <p>
          <Link href={`/app/tickets/${ticketId}`}>Open the ticket</Link>
        </p>
      )}
    </section>
  );
}

function ConversationComposer({ conversation }: { conversation: Conversation }) {
  const queryClient = useQueryClient();
  return (
    <ReplyComposer
      radioName="conversation-kind"
      send={async (kind, body) => {
        const updated = await api.post<Conversation>(`/conversations/${conversation.id}/reply`, {
          message_type: kind,
          type: "admin",
          body,
        });
        queryClient.setQueryData(["conversation", conversation.id], updated);
        void queryClient.invalidateQueries({ queryKey: ["conversations"] });
      }}
    />
  );
}

/** Customer ticket types only: a conversation becomes a ticket its customers can follow. */
function ConvertForm({ conversation }: { conversation: Conversation }) {
  const types = useTicketTypes();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const customerTypes = (types.data ?? []).filter((t) => t.category === "Customer" && !t.archived);
  const [typeId, setTypeId] = useState("");
  const [title, setTitle] = useState("");
  const [values, setValues] = useState<Record<string, AttributeValue>>({});
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const typeFieldId = useId();
  const titleId = useId();
  const type = customerTypes.find((t) => t.id === typeId);
  const required = type
    ? editableAttributes(type.ticket_type_attributes.data).filter((a) => a.required_to_create)
    : [];
  const convert = useMutation({
    mutationFn: () =>
      api.post<Ticket>(`/conversations/${conversation.id}/convert`, {
        ticket_type_id: typeId,
        attributes: { ...values, ...(title.trim() ? { _default_title_: title.trim() } : {}) },
      }),
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: ["conversation", conversation.id] });
      void queryClient.invalidateQueries({ queryKey: ["tickets"] });
      announce(`Converted to ticket #${ticket.ticket_id}.`);
      navigate(`/app/tickets/${ticket.id}`);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Convert to a ticket</h2>
      {types.isPending ? <Loading what="ticket types" /> : null}
      {types.isSuccess && customerTypes.length === 0 ? (
        <p className="muted">
          There is no customer ticket type to convert to. An admin can add one in Settings.
        </p>
      ) : null}
      {customerTypes.length > 0 ? (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (!typeId) return setError("Choose a ticket type first.");
            convert.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={typeFieldId}>Ticket type</label>
            <select id={typeFieldId} value={typeId} onChange={(e) => setTypeId(e.target.value)}>
              <option value="">Choose a customer ticket type</option>
              {customerTypes.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={titleId}>Ticket title (optional)</label>
            <input
              id={titleId}
              value={title}
              placeholder="The conversation's first message"
              onChange={(e) => setTitle(e.target.value)}
            />
          </div>
          {required.map((attribute) => (
            <AttributeInput
              key={attribute.id}
              attribute={attribute}
              value={values[attribute.name]}
              onChange={(value) => setValues((v) => ({ ...v, [attribute.name]: value }))}
            />
          ))}
          <ErrorText message={error} />
          <button type="submit" className="button button--primary" disabled={convert.isPending}>
            {convert.isPending ? "Converting…" : "Convert to ticket"}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** Links this conversation to an existing ticket (a customer ticket without one, a back-office ticket or a tracker). */
function LinkToTicket({ conversation }: { conversation: Conversation }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Link to a ticket</h2>
      <LinkSearch<Ticket>
        label="Find a ticket"
        placeholder="Words in its title"
        noMatch="No ticket matches."
        queryKey={["tickets", "conversation-link-candidates"]}
        search={(words) =>
          api
            .post<TicketList>("/tickets/search", {
              query: { field: "title", operator: "~", value: words },
              pagination: { per_page: 8 },
            })
            .then((list) => list.tickets)
        }
        buttonLabel={(t) =>
          `Link to #${t.ticket_id} ${String(t.ticket_attributes._default_title_ ?? "")} (${t.category})`
        }
        link={async (ticketId) => {
          const ticket = await api.post<Ticket>(`/tickets/${ticketId}/links`, {
            type: "conversation",
            id: conversation.id,
          });
          void queryClient.invalidateQueries({ queryKey: ["conversation", conversation.id] });
          void queryClient.invalidateQueries({ queryKey: ["ticket", ticket.id] });
          return `Linked to ticket #${ticket.ticket_id}.`;
        }}
        alwaysList
      />
    </section>
  );
}
