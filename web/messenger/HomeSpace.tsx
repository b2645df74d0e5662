// Home: a greeting, the way to start a conversation, and the person's latest conversations and tickets.
import { useQuery } from "@tanstack/react-query";
import { useMessenger, queryKeys } from "./App";
import { ErrorNotice, Loading } from "./bits";
import { ConversationRow } from "./MessagesSpace";
import { TicketRowButton } from "./TicketsSpace";

export function HomeSpace() {
  const { api, navigate } = useMessenger();
  const home = useQuery({ queryKey: queryKeys.home, queryFn: ({ signal }) => api.home(signal) });
  if (home.isPending) return <Loading what="the Messenger" />;
  if (home.isError) return <ErrorNotice error={home.error} retry={() => void home.refetch()} />;
  const { contact, workspace, conversations, tickets } = home.data;
  const firstName = contact.name?.trim().split(/\s+/)[0];
  return (
    <div className="space">
      <section className="greeting" aria-labelledby="greeting-title">
        <h2 id="greeting-title">{firstName ? `Hi ${firstName}` : "Hi there"}</h2>
        <p>How can {workspace.name} help?</p>
      </section>
      <section className="card">
        <h3>Send us a message</h3>
        <p className="muted">We reply here, in the Messenger.</p>
        <button type="button" className="button" onClick={() => navigate({ newConversation: true })}>
          Send us a message
        </button>
      </section>
      {conversations.length > 0 ? (
        <section className="card" aria-labelledby="recent-messages">
          <h3 id="recent-messages">Recent messages</h3>
          <ul className="rows">
            {conversations.map((c) => (
              <li key={c.id}>
                <ConversationRow conversation={c} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="recent-tickets">
        <h3 id="recent-tickets">Your tickets</h3>
        {tickets.length === 0 ? (
          <p className="muted">No tickets yet.</p>
        ) : (
          <ul className="rows">
            {tickets.map((t) => (
              <li key={t.ticket_id}>
                <TicketRowButton ticket={t} />
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          className="button button--secondary"
          onClick={() => navigate({ newTicket: true })}
        >
          Submit a ticket
        </button>
      </section>
    </div>
  );
}
