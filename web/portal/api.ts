// Fetches the portal JSON API and turns every failure into an ApiError with a message a person can read.
import type {
  NewTicketInput,
  PortalTicketType,
  Ticket,
  TicketConversation,
  TicketListPage,
  TicketRow,
} from "./types";
import { type TicketFilters, ticketListApiUrl } from "./filters";
import { ApiError, requestJson } from "../ui/http";

export { ApiError };

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

/** The ticket's conversation, once the viewer takes part in it; `conversation` is null before. */
export function fetchTicketConversation(basePath: string, ticketNumber: number, signal?: AbortSignal) {
  return getJson<TicketConversation>(`${basePath}/portal-api/tickets/${ticketNumber}/conversation`, signal);
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
