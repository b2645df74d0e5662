// Entry point of the Help Desk: reads the bootstrap, then shows the sign-in page or the app.
import "./helpdesk.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { AnnouncerProvider } from "../ui/announcer";
import { ApiError, setCsrfToken } from "./api";
import { App } from "./App";
import { readBootstrap } from "./bootstrap";
import { SignInPage, TeammateProvider } from "./session";
import { AcceptInvitePage } from "./settings/AcceptInvitePage";
import type { SignedInTeammate } from "./types";
import { resumeEventsFrom } from "./useHelpDeskEvents";

const queryClient = new QueryClient({
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
  const [inviting, setInviting] = useState(() => window.location.pathname === "/app/invite");
  if (!teammate && inviting) return <AcceptInvitePage onAccepted={() => setInviting(false)} />;
  if (!teammate) return <SignInPage onSignedIn={setTeammate} />;
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
        <AnnouncerProvider>
          <Root initial={bootstrap.teammate} />
        </AnnouncerProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
