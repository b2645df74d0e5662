// The Messenger window: three spaces (Home, Messages, Tickets) and the views inside them, kept live by the
// Messenger's event stream; the unread count goes to the launcher badge.
import { openLiveStream } from "../ui/liveStream";
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState } from "react";
import { NowProvider } from "../portal/format";
import { ApiError, MessengerApi } from "./api";
import { ConversationView, MessagesSpace, NewConversation } from "./MessagesSpace";
import { HomeSpace } from "./HomeSpace";
import { NewTicketForm, TicketsSpace, TicketView } from "./TicketsSpace";
import type { Route } from "./types";

export interface WindowControl {
  close(): void;
  reportUnread(count: number): void;
  /** Called with the window's visibility and the route the page asked for (Portico('showTicket', 7)). */
  subscribe(listener: (visible: boolean, route: Route | null) => void): () => void;
}

interface MessengerContextValue {
  api: MessengerApi;
  token: string;
  visible: boolean;
  navigate(route: Route): void;
}

const MessengerContext = createContext<MessengerContextValue | null>(null);

export function useMessenger(): MessengerContextValue {
  const value = useContext(MessengerContext);
  if (!value) throw new Error("useMessenger outside the Messenger");
  return value;
}

const keys = {
  home: ["home"] as const,
  conversations: ["conversations"] as const,
  conversation: (id: string) => ["conversation", id] as const,
  tickets: ["tickets"] as const,
  ticket: (n: number) => ["ticket", n] as const,
  ticketTypes: ["ticket-types"] as const,
};
export { keys as queryKeys };

function newQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

export function App({
  token,
  workspaceName,
  control,
}: {
  token: string;
  workspaceName: string;
  control: WindowControl;
}) {
  const [client] = useState(newQueryClient);
  return (
    <QueryClientProvider client={client}>
      <NowProvider>
        <Shell token={token} workspaceName={workspaceName} control={control} />
      </NowProvider>
    </QueryClientProvider>
  );
}

function spaceOf(route: Route): "home" | "messages" | "tickets" {
  if ("space" in route) return route.space;
  if ("conversation" in route || "newConversation" in route) return "messages";
  return "tickets";
}

/** Keeps the queries fresh from /messenger/events; resumes from the home's event id so nothing is missed. */
function useLiveUpdates(token: string, fromEventId: number | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    if (fromEventId === undefined) return;
    // Reopened streams resume from the newest event handled (openLiveStream, web/ui/liveStream.ts).
    let lastSeen = fromEventId;
    const seen = (event: MessageEvent) => {
      if (event.lastEventId) lastSeen = Math.max(lastSeen, Number(event.lastEventId));
    };
    const refresh = (...queryKeys: readonly (readonly unknown[])[]) => {
      for (const queryKey of queryKeys) void client.invalidateQueries({ queryKey });
    };
    const onConversation = (event: MessageEvent) => {
      seen(event);
      let id: string | null;
      try {
        const data = JSON.parse(String(event.data)) as { id?: unknown };
        id = typeof data.id === "string" ? data.id : null;
      } catch {
        id = null;
      }
      refresh(keys.conversations, keys.home, ...(id ? [keys.conversation(id)] : []));
      // A ticket's conversation is shown inside the ticket view.
      refresh(["ticket"]);
    };
    const onTicket = (event: MessageEvent) => {
      seen(event);
      refresh(keys.tickets, keys.home, ["ticket"]);
    };
    const onAccess = (event: MessageEvent) => {
      seen(event);
      void client.invalidateQueries();
    };
    const stream = openLiveStream(
      () => `/messenger/events?session_token=${encodeURIComponent(token)}&last_event_id=${lastSeen}`,
      (source) => {
        source.addEventListener("conversation", onConversation);
        source.addEventListener("conversation_removed", onConversation);
        source.addEventListener("ticket", onTicket);
        source.addEventListener("ticket_removed", onTicket);
        source.addEventListener("access_changed", onAccess);
      },
    );
    return () => stream.close();
  }, [client, token, fromEventId]);
}

function Shell({
  token,
  workspaceName,
  control,
}: {
  token: string;
  workspaceName: string;
  control: WindowControl;
}) {
  const api = useMemo(() => new MessengerApi(token), [token]);
  const [route, setRoute] = useState<Route>({ space: "home" });
  const [visible, setVisible] = useState(false);

  useEffect(
    () =>
      control.subscribe((isVisible, requested) => {
        setVisible(isVisible);
        if (requested) setRoute(requested);
      }),
    [control],
  );

  const home = useQuery({ queryKey: keys.home, queryFn: ({ signal }) => api.home(signal) });
  const conversations = useQuery({
    queryKey: keys.conversations,
    queryFn: ({ signal }) => api.conversations(signal),
  });
  // The stream opens once, from the first home's render point; every refetch of home carries a newer id,
  // and following it would reconnect on each event. EventSource resumes by itself (Last-Event-ID).
  const [streamFrom, setStreamFrom] = useState<number | undefined>(undefined);
  if (streamFrom === undefined && home.data) setStreamFrom(home.data.event_id);
  useLiveUpdates(token, streamFrom);

  const unread = conversations.data?.unread ?? home.data?.unread ?? 0;
  useEffect(() => {
    control.reportUnread(unread);
  }, [control, unread]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") control.close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [control]);

  const context = useMemo(() => ({ api, token, visible, navigate: setRoute }), [api, token, visible]);
  const space = spaceOf(route);
  const sessionEnded = home.error instanceof ApiError && home.error.status === 401;

  return (
    <MessengerContext.Provider value={context}>
      <div className="messenger">
        <header className="messenger__header">
          <h1 className="messenger__title">{workspaceName}</h1>
          <button
            type="button"
            className="icon-button"
            aria-label="Close the Messenger"
            onClick={() => control.close()}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z" />
            </svg>
          </button>
        </header>
        <main className="messenger__body">
          {sessionEnded ? (
            <p className="notice notice--error" role="alert">
              Your Messenger session has ended. Reload the page to start a new one.
            </p>
          ) : (
            <RouteView route={route} />
          )}
        </main>
        <nav className="tabs" aria-label="Messenger spaces">
          <TabButton label="Home" active={space === "home"} onClick={() => setRoute({ space: "home" })} />
          <TabButton
            label="Messages"
            badge={unread}
            active={space === "messages"}
            onClick={() => setRoute({ space: "messages" })}
          />
          <TabButton
            label="Tickets"
            active={space === "tickets"}
            onClick={() => setRoute({ space: "tickets" })}
          />
        </nav>
      </div>
    </MessengerContext.Provider>
  );
}

function TabButton({
  label,
  active,
  badge = 0,
  onClick,
}: {
  label: string;
  active: boolean;
  badge?: number;
  onClick(): void;
}) {
  return (
    <button type="button" className="tab" aria-current={active ? "page" : undefined} onClick={onClick}>
      {label}
      {badge > 0 ? (
        <span className="tab__badge">
          {badge}
          <span className="sr-only"> unread</span>
        </span>
      ) : null}
    </button>
  );
}

function RouteView({ route }: { route: Route }) {
  if ("space" in route) {
    switch (route.space) {
      case "home":
        return <HomeSpace />;
      case "messages":
        return <MessagesSpace />;
      case "tickets":
        return <TicketsSpace />;
    }
  }
  if ("conversation" in route) return <ConversationView id={route.conversation} />;
  if ("newConversation" in route) return <NewConversation />;
  if ("ticket" in route) return <TicketView ticketNumber={route.ticket} />;
  return <NewTicketForm />;
}
