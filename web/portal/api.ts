// Fetches the portal JSON API and turns every failure into an ApiError with a message a person can read.
import type { NewTicketInput, PortalTicketType, Ticket, TicketListPage, TicketRow } from "./types";
import { type TicketFilters, ticketListApiUrl } from "./filters";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }

  get isNotFound(): boolean {
    return this.status === 404 || this.code === "not_found";
  }
}

const NETWORK_MESSAGE = "Could not reach the server. Check your connection and try again.";

function messageFromBody(body: unknown): { code: string; message: string } | null {
  if (typeof body !== "object" || body === null || !("errors" in body) || !Array.isArray(body.errors)) {
    return null;
  }
  const first: unknown = body.errors[0];
  if (typeof first !== "object" || first === null) return null;
  const message = "message" in first && typeof first.message === "string" ? first.message : null;
  const code = "code" in first && typeof first.code === "string" ? first.code : "error";
  return message ? { code, message } : null;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(url, { headers: { accept: "application/json" }, signal });
}

/** A write: JSON body, and the CSRF token from the page's bootstrap. */
function postJson<T>(url: string, csrfToken: string, body?: unknown): Promise<T> {
  return requestJson<T>(url, {
    method: "POST",
    headers: {
      accept: "application/json",
      "x-csrf-token": csrfToken,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  const signal = init.signal ?? undefined;
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...init });
  } catch (error) {
    // Let TanStack Query see its own cancellations untouched.
    if (signal?.aborted) throw error;
    throw new ApiError(0, "network_error", NETWORK_MESSAGE);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch (error) {
    // Not JSON: handled below as an unreadable answer.
    if (signal?.aborted) throw error;
  }
  if (!response.ok) {
    const parsed = messageFromBody(body);
    if (parsed) throw new ApiError(response.status, parsed.code, parsed.message);
    if (response.status === 404) {
      throw new ApiError(404, "not_found", "This page does not exist or you no longer have access to it.");
    }
    throw new ApiError(
      response.status,
      "http_error",
      `The server could not answer (error ${response.status}). Please try again in a moment.`,
    );
  }
  if (body === null) {
    throw new ApiError(
      response.status,
      "invalid_response",
      "The server sent an answer we could not read. Reload the page and try again.",
    );
  }
  return body as T;
}

export function fetchTicketPage(
  basePath: string,
  filters: TicketFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<TicketListPage> {
  return getJson<TicketListPage>(ticketListApiUrl(basePath, filters, cursor), signal);
}

export function fetchTicket(basePath: string, ticketNumber: number, signal?: AbortSignal): Promise<Ticket> {
  return getJson<Ticket>(`${basePath}/portal-api/tickets/${ticketNumber}`, signal);
}

export function postReply(basePath: string, csrfToken: string, ticketNumber: number, body: string) {
  return postJson<Ticket>(`${basePath}/portal-api/tickets/${ticketNumber}/replies`, csrfToken, { body });
}

export function joinConversation(basePath: string, csrfToken: string, ticketNumber: number) {
  return postJson<Ticket>(`${basePath}/portal-api/tickets/${ticketNumber}/join`, csrfToken);
}

export function createMessengerSession(basePath: string, csrfToken: string) {
  return postJson<{ session_token: string }>(`${basePath}/portal-api/messenger-session`, csrfToken);
}

export function fetchTicketTypes(basePath: string, signal?: AbortSignal) {
  return getJson<{ ticket_types: PortalTicketType[] }>(`${basePath}/portal-api/ticket-types`, signal);
}

export function fetchSimilarTickets(
  basePath: string,
  query: { company: string | null; text: string },
  signal?: AbortSignal,
) {
  const params = new URLSearchParams({ q: query.text.slice(0, 1000) });
  if (query.company) params.set("company", query.company);
  return getJson<{ tickets: TicketRow[] }>(`${basePath}/portal-api/similar?${params.toString()}`, signal);
}

export function createPortalTicket(basePath: string, csrfToken: string, input: NewTicketInput) {
  return postJson<Ticket>(`${basePath}/portal-api/tickets`, csrfToken, input);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Reload the page and try again.";
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.isNotFound;
}
