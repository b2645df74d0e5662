// "Send us a message": opens a ticket's conversation in the Messenger on this very page. The loader is
// fetched on first use and attached to a Messenger session of the signed-in person.
import { createMessengerSession } from "./api";

type PorticoCommand = (command: string, argument?: unknown) => Promise<void>;

declare global {
  interface Window {
    Portico?: PorticoCommand;
  }
}

let ready: Promise<PorticoCommand> | null = null;

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("The Messenger could not be loaded. Try again."));
    document.head.appendChild(script);
  });
}

async function startMessenger(
  basePath: string,
  csrfToken: string,
  messenger: { loaderUrl: string; workspaceId: string },
): Promise<PorticoCommand> {
  if (!window.Portico) await loadScript(messenger.loaderUrl);
  const portico = window.Portico;
  if (!portico) throw new Error("The Messenger could not be loaded. Try again.");
  const { session_token } = await createMessengerSession(basePath, csrfToken);
  await portico("boot", { workspace_id: messenger.workspaceId, session_token });
  return portico;
}

export async function showTicketInMessenger(
  basePath: string,
  csrfToken: string,
  messenger: { loaderUrl: string; workspaceId: string },
  ticketNumber: number,
): Promise<void> {
  ready ??= startMessenger(basePath, csrfToken, messenger).catch((error: unknown) => {
    ready = null;
    throw error;
  });
  const portico = await ready;
  await portico("showTicket", ticketNumber);
}
