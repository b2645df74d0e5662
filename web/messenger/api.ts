// The Messenger window's calls to /messenger/api: the session as a bearer token, failures as ApiError
// with a message a person can read (web/ui/http.ts).
import { ApiError, requestJson } from "../ui/http";
import type { ConversationSummary, ConversationThread, Home, MessengerTicket, TicketRow } from "./types";
import type { NewTicketInput, PortalTicketType } from "../portal/types";

export { ApiError };

export class MessengerApi {
  constructor(private readonly token: string) {}

  private request<T>(path: string, init: RequestInit = {}): Promise<T> {
    // The session travels as a bearer token, never as a cookie of this origin.
    return requestJson<T>(`/messenger/api${path}`, {
      ...init,
      credentials: "omit",
      headers: {
        accept: "application/json",
        authorization: `Bearer ${this.token}`,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
    });
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
