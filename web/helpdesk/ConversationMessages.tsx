// A conversation's messages as teammates read them (authors by name, notes marked internal): on the
// conversation's page, and on the page of the ticket it became, so converting loses nothing.
import { useId } from "react";
import { AbsoluteTime } from "../ui/format";
import { Link } from "../ui/navigation";
import { Loading, NotLoaded } from "./bits";
import { useConversation } from "./queries";
import type { Author, Conversation } from "./types";

export function authorName(author: Author): string {
  return author.name ?? author.email ?? (author.type === "bot" ? "Portico" : "Someone");
}

/** The first message (the conversation's source) and every part after it, oldest first. */
export function conversationMessages(conversation: Conversation) {
  return [
    ...(conversation.source
      ? [
          {
            id: conversation.source.id,
            part_type: "comment",
            body: conversation.source.body,
            author: conversation.source.author,
            created_at: conversation.created_at,
          },
        ]
      : []),
    ...conversation.conversation_parts.conversation_parts,
  ];
}

export function ConversationMessageList({ conversation }: { conversation: Conversation }) {
  return (
    <ol className="history">
      {conversationMessages(conversation).map((m) => (
        <li key={m.id} className={`history__item history__item--${m.part_type}`}>
          <p className="history__meta">
            <strong>{authorName(m.author)}</strong> · <AbsoluteTime at={m.created_at} />
            {m.part_type === "note" ? <span className="tag">Internal</span> : null}
          </p>
          {m.body ? <p className="history__body plain-text">{m.body}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** On a ticket's page: the messages of its own conversation, and the way to answer there. */
export function TicketConversationPanel({ conversationId }: { conversationId: string }) {
  const conversation = useConversation(conversationId);
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Conversation</h2>
      {conversation.isPending ? (
        <Loading what="the conversation" />
      ) : conversation.isError ? (
        <NotLoaded error={conversation.error} noun="conversation" />
      ) : (
        <>
          <ConversationMessageList conversation={conversation.data} />
          <p>
            <Link href={`/app/conversations/${conversationId}`}>Open the conversation to reply there</Link>
          </p>
        </>
      )}
    </section>
  );
}
