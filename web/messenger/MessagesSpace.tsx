// Messages: the person's conversations, one thread with its live replies, and starting a new one.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { RelativeTime } from "../portal/format";
import { authorLabel } from "../ui/authors";
import { queryKeys, useMessenger } from "./App";
import { BackButton, Composer, ErrorNotice, Loading } from "./bits";
import type { ConversationSummary, ConversationThread } from "./types";

export function ConversationRow({ conversation }: { conversation: ConversationSummary }) {
  const { navigate } = useMessenger();
  const last = conversation.last_message;
  return (
    <button type="button" className="row" onClick={() => navigate({ conversation: conversation.id })}>
      <span className="row__main">
        <span className="row__title">{conversation.title ?? (last ? last.body : "Conversation")}</span>
        {last ? (
          <span className="row__meta">
            {authorLabel(last.author)}: {last.body.length > 80 ? `${last.body.slice(0, 80)}…` : last.body}
          </span>
        ) : null}
      </span>
      <span className="row__side">
        <RelativeTime at={conversation.updated_at} />
        {conversation.unread > 0 ? (
          <span className="count-badge">
            {conversation.unread}
            <span className="sr-only"> unread</span>
          </span>
        ) : null}
      </span>
    </button>
  );
}

export function MessagesSpace() {
  const { api, navigate } = useMessenger();
  const list = useQuery({
    queryKey: queryKeys.conversations,
    queryFn: ({ signal }) => api.conversations(signal),
  });
  return (
    <div className="space">
      <div className="space__head">
        <h2>Messages</h2>
        <button type="button" className="button" onClick={() => navigate({ newConversation: true })}>
          New message
        </button>
      </div>
      {list.isPending ? (
        <Loading what="your messages" />
      ) : list.isError ? (
        <ErrorNotice error={list.error} retry={() => void list.refetch()} />
      ) : list.data.conversations.length === 0 ? (
        <p className="empty">No messages yet. Send us one and we will answer here.</p>
      ) : (
        <ul className="rows">
          {list.data.conversations.map((c) => (
            <li key={c.id}>
              <ConversationRow conversation={c} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The parts of a conversation, newest at the bottom, announced politely as they arrive. */
export function Thread({ conversation }: { conversation: ConversationThread }) {
  const end = useRef<HTMLLIElement>(null);
  const count = conversation.parts.length;
  useEffect(() => {
    // Braces matter: Chromium's scrollIntoView returns a promise, which React would take for a clean-up.
    void end.current?.scrollIntoView({ block: "end" });
  }, [count]);
  return (
    <ol className="thread" role="log" aria-live="polite" aria-label="Messages in this conversation">
      {conversation.parts.map((part) => (
        <li key={part.id} className={`bubble bubble--${part.author.is_you ? "mine" : "theirs"}`}>
          <span className="bubble__author">{authorLabel(part.author)}</span>
          <p className="bubble__body">{part.body}</p>
          <RelativeTime at={part.created_at} />
        </li>
      ))}
      <li ref={end} className="thread__end" aria-hidden="true" />
    </ol>
  );
}

/** Marks what the person has in front of them as read while the window is open. */
export function useMarkRead(conversationId: string | null, newestPartId: string | undefined) {
  const { api, visible } = useMessenger();
  const client = useQueryClient();
  useEffect(() => {
    if (!conversationId || !visible || newestPartId === undefined) return;
    // Not cancelled on clean-up: the count must refresh even when the window closes meanwhile.
    api
      .markRead(conversationId)
      .then(() => client.invalidateQueries({ queryKey: queryKeys.conversations }))
      .catch(() => {
        // The badge stays until the next successful read; nothing the person must act on.
      });
  }, [api, client, conversationId, newestPartId, visible]);
}

export function ConversationView({ id }: { id: string }) {
  const { api, navigate } = useMessenger();
  const client = useQueryClient();
  const thread = useQuery({
    queryKey: queryKeys.conversation(id),
    queryFn: ({ signal }) => api.conversation(id, signal),
  });
  useMarkRead(thread.data ? id : null, thread.data?.parts.at(-1)?.id);
  return (
    <div className="space space--thread">
      <BackButton label="All messages" onClick={() => navigate({ space: "messages" })} />
      {thread.isPending ? (
        <Loading what="the conversation" />
      ) : thread.isError ? (
        <ErrorNotice error={thread.error} retry={() => void thread.refetch()} />
      ) : (
        <>
          <h2 className="sr-only">Conversation</h2>
          <Thread conversation={thread.data} />
          <Composer
            label="Your message"
            placeholder="Write a reply…"
            submitLabel="Send"
            onSend={async (body) => {
              const updated = await api.reply(id, body);
              client.setQueryData(queryKeys.conversation(id), updated);
              void client.invalidateQueries({ queryKey: queryKeys.conversations });
            }}
          />
        </>
      )}
    </div>
  );
}

export function NewConversation() {
  const { api, navigate } = useMessenger();
  const client = useQueryClient();
  return (
    <div className="space space--thread">
      <BackButton label="All messages" onClick={() => navigate({ space: "messages" })} />
      <h2>New message</h2>
      <p className="muted">Tell us what you need; the team answers here.</p>
      <Composer
        label="Your message"
        placeholder="Write your message…"
        submitLabel="Send"
        onSend={async (body) => {
          const conversation = await api.startConversation(body);
          client.setQueryData(queryKeys.conversation(conversation.id), conversation);
          void client.invalidateQueries({ queryKey: queryKeys.conversations });
          void client.invalidateQueries({ queryKey: queryKeys.home });
          navigate({ conversation: conversation.id });
        }}
      />
    </div>
  );
}
