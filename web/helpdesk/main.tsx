// Entry point of the Help Desk: reads the bootstrap, then shows the sign-in page or the app.
import "./helpdesk.css";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { AnnouncerProvider } from "../ui/announcer";
import { NowProvider } from "../ui/format";
import { ApiError, setCsrfToken } from "./api";
import { App } from "./App";
import { readBootstrap } from "./bootstrap";
import { SignInPage, TeammateProvider } from "./session";
import { AcceptInvitePage } from "./settings/AcceptInvitePage";
import type { SignedInTeammate } from "./types";
import { resumeEventsFrom } from "./useHelpDeskEvents";

/** Told when the server answers 401: the session ended (signed out elsewhere, expired). */
const sessionEndedListeners = new Set<() => void>();
function onError(error: unknown) {
  if (error instanceof ApiError && error.status === 401)
    for (const listener of sessionEndedListeners) listener();
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx (not found, signed out) will not change by asking again; network and server errors might.
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

function Root({ initial }: { initial: SignedInTeammate | null }) {
  const [teammate, setTeammate] = useState(initial);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [inviting, setInviting] = useState(() => window.location.pathname === "/app/invite");
  useEffect(() => {
    const ended = () => {
      queryClient.clear();
      setTeammate(null);
      setSessionEnded(true);
    };
    sessionEndedListeners.add(ended);
    return () => {
      sessionEndedListeners.delete(ended);
    };
  }, []);
  if (!teammate && inviting) return <AcceptInvitePage onAccepted={() => setInviting(false)} />;
  if (!teammate)
    return (
      <SignInPage
        notice={sessionEnded ? "Your session ended. Sign in again to go on." : null}
        onSignedIn={(signedIn) => {
          setSessionEnded(false);
          setTeammate(signedIn);
        }}
      />
    );
  return (
    <TeammateProvider value={teammate}>
      <App
        onSignedOut={() => {
          queryClient.clear();
          setTeammate(null);
        }}
      />
    </TeammateProvider>
  );
}

const container = document.getElementById("helpdesk-root");
if (container) {
  const bootstrap = readBootstrap(document);
  setCsrfToken(bootstrap.csrfToken);
  resumeEventsFrom(bootstrap.eventId);
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <NowProvider>
          <AnnouncerProvider>
            <Root initial={bootstrap.teammate} />
          </AnnouncerProvider>
        </NowProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
