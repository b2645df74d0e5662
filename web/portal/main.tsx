// Entry point of the customer-facing Tickets portal: reads the bootstrap and mounts the app.
import "../ui/site.css";
import "./portal.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AnnouncerProvider } from "./announcer";
import { ApiError } from "./api";
import { App } from "./App";
import { BootstrapProvider, readBootstrap } from "./bootstrap";
import { resumeEventsFrom } from "./useTicketEvents";
import { NowProvider } from "./format";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx (not found, signed out) will not change by asking again; network and server errors might.
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

function BootError({ reason }: { reason: string }) {
  return (
    <main className="container site-main">
      <h1 className="page-title">Tickets are unavailable</h1>
      <p className="notice notice--error" role="alert">
        {reason} Reload the page to try again.
      </p>
    </main>
  );
}

const container = document.getElementById("portal-root");
if (container) {
  const result = readBootstrap(document);
  if (result.ok) resumeEventsFrom(result.bootstrap.eventId);
  createRoot(container).render(
    <StrictMode>
      {result.ok ? (
        <BootstrapProvider value={result.bootstrap}>
          <QueryClientProvider client={queryClient}>
            <NowProvider>
              <AnnouncerProvider>
                <App />
              </AnnouncerProvider>
            </NowProvider>
          </QueryClientProvider>
        </BootstrapProvider>
      ) : (
        <BootError reason={result.reason} />
      )}
    </StrictMode>,
  );
}
