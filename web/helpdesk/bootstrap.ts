// Reads what the server embeds in the Help Desk's HTML shell: the signed-in teammate (or null), the
// CSRF token and the event id the live stream resumes from.
import type { SignedInTeammate } from "./types";

export interface HelpDeskBootstrap {
  teammate: SignedInTeammate | null;
  csrfToken: string;
  eventId: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseTeammate(value: unknown): SignedInTeammate | null {
  if (!isRecord(value) || typeof value.id !== "string" || !isRecord(value.workspace)) return null;
  const ws = value.workspace;
  return {
    type: "admin",
    id: value.id,
    email: typeof value.email === "string" ? value.email : "",
    name: typeof value.name === "string" ? value.name : null,
    role: value.role === "admin" ? "admin" : "agent",
    workspace: {
      id: typeof ws.id === "string" ? ws.id : "",
      slug: typeof ws.slug === "string" ? ws.slug : "",
      name: typeof ws.name === "string" ? ws.name : "Help Desk",
    },
  };
}

export function readBootstrap(doc: Document): HelpDeskBootstrap {
  const text = doc.getElementById("helpdesk-bootstrap")?.textContent;
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : null;
  } catch {
    raw = null;
  }
  if (!isRecord(raw)) return { teammate: null, csrfToken: "", eventId: 0 };
  return {
    teammate: parseTeammate(raw.teammate),
    csrfToken: typeof raw.csrfToken === "string" ? raw.csrfToken : "",
    eventId: typeof raw.eventId === "number" && Number.isSafeInteger(raw.eventId) ? raw.eventId : 0,
  };
}

export { parseTeammate };
