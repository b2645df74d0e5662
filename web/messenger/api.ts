// The Messenger window's calls to /messenger/api: the session as a bearer token, failures as ApiError
// with a message a person can read.
import type { ConversationSummary, ConversationThread, Home, MessengerTicket, TicketRow } from "./types";
import type { NewTicketInput, PortalTicketType } from "../portal/types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

function messageOf(body: unknown): { code: string; message: string } | null {
  if (typeof body !== "object" || body === null || !("errors" in body) || !Array.isArray(body.errors))
    return null;
  const first: unknown = body.errors[0];
  if (typeof first !== "object" || first === null) return null;
  const message = "message" in first && typeof first.message === "string" ? first.message : null;
  const code = "code" in first && typeof first.code === "string" ? first.code : "error";
  return message ? { code, message } : null;
}

export class MessengerApi {
  constructor(private readonly token: string) {}

  private async request<T>(path: string, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`/messenger/api${path}`, {
        ...init,
        credentials: "omit",
        headers: {
          accept: "application/json",
          authorization: `Bearer ${this.token}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(
        0,
        "network_error",
        "Could not reach the server. Check your connection and try again.",
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const parsed = messageOf(body);
      throw new ApiError(
        response.status,
        parsed?.code ?? "error",
        parsed?.message ?? `Something went wrong (HTTP ${response.status}). Try again.`,
      );
    }
    return body as T;
  }

  private post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>(path, {
      method: "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  home = (signal?: AbortSignal) => this.request<Home>("/home", { signal });
  conversations = (signal?: AbortSignal) =>
    this.request<{ conversations: ConversationSummary[]; unread: number }>("/conversations", { signal });
  conversation = (id: string, signal?: AbortSignal) =>
    this.request<ConversationThread>(`/conversations/${encodeURIComponent(id)}`, { signal });
  startConversation = (body: string) => this.post<ConversationThread>("/conversations", { body });
  reply = (id: string, body: string) =>
    this.post<ConversationThread>(`/conversations/${encodeURIComponent(id)}/reply`, { body });
  markRead = (id: string) => this.post<{ unread: number }>(`/conversations/${encodeURIComponent(id)}/read`);
  tickets = (cursor: string | null, signal?: AbortSignal) =>
    this.request<{ tickets: TicketRow[]; next_cursor: string | null; portal_url: string | null }>(
      `/tickets${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
      { signal },
    );
  ticket = (number: number, signal?: AbortSignal) =>
    this.request<MessengerTicket>(`/tickets/${number}`, { signal });
  join = (number: number) => this.post<MessengerTicket>(`/tickets/${number}/join`);
  ticketTypes = (signal?: AbortSignal) =>
    this.request<{ ticket_types: PortalTicketType[] }>("/ticket-types", { signal });
  createTicket = (input: NewTicketInput) => this.post<MessengerTicket>("/tickets", input);
}
