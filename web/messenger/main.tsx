// Entry point of the Messenger window (inside the loader's iframe): waits for the session the loader
// hands over by postMessage, then mounts the app. Messages are taken only from the embedding page.
import "./messenger.css";
import { StrictMode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { App, type WindowControl } from "./App";
import type { Route } from "./types";

interface Bootstrap {
  workspace: { id: string; name: string };
}

function readBootstrap(): Bootstrap | null {
  try {
    const raw = document.getElementById("messenger-bootstrap")?.textContent ?? "";
    return JSON.parse(raw) as Bootstrap;
  } catch {
    return null;
  }
}

function toParent(message: Record<string, unknown>) {
  // Nothing private goes up: unread counts and "close", to whichever page frames us (CSP limits who may).
  window.parent.postMessage({ ...message }, "*");
}

function parseRoute(value: unknown): Route | null {
  if (typeof value !== "object" || value === null) return null;
  if ("conversation" in value && typeof value.conversation === "string")
    return { conversation: value.conversation };
  if (
    "ticket" in value &&
    typeof value.ticket === "number" &&
    Number.isSafeInteger(value.ticket) &&
    value.ticket > 0
  )
    return { ticket: value.ticket };
  if ("space" in value && (value.space === "home" || value.space === "messages" || value.space === "tickets"))
    return { space: value.space };
  return null;
}

const container = document.getElementById("messenger-root");
const bootstrap = readBootstrap();
if (container && bootstrap) {
  let root: Root | null = null;
  let token: string | null = null;
  let visible = false;
  let pendingRoute: Route | null = null;
  const listeners = new Set<(visible: boolean, route: Route | null) => void>();
  const control: WindowControl = {
    close: () => toParent({ portico: "close" }),
    reportUnread: (count) => toParent({ portico: "unread", count }),
    subscribe(listener) {
      listeners.add(listener);
      listener(visible, pendingRoute);
      pendingRoute = null;
      return () => listeners.delete(listener);
    },
  };
  const render = () => {
    if (!token) return;
    root ??= createRoot(container);
    root.render(
      <StrictMode>
        <App key={token} token={token} workspaceName={bootstrap.workspace.name} control={control} />
      </StrictMode>,
    );
  };
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    const data: unknown = event.data;
    if (typeof data !== "object" || data === null || !("portico" in data)) return;
    switch (data.portico) {
      case "session":
        if ("token" in data && typeof data.token === "string" && data.token !== token) {
          token = data.token;
          render();
        }
        break;
      case "show": {
        visible = true;
        const route = "route" in data ? parseRoute(data.route) : null;
        if (listeners.size === 0) pendingRoute = route;
        for (const listener of listeners) listener(true, route);
        break;
      }
      case "hidden":
        visible = false;
        for (const listener of listeners) listener(false, null);
        break;
    }
  });
  toParent({ portico: "ready" });
}
