// The JSON shapes the Messenger window receives (/messenger/api/... and its live stream).
import type { CompanyRef, Ticket, TicketRow } from "../portal/types";
import type { MessageAuthor } from "../ui/authors";

export type { CompanyRef, Ticket, TicketRow };

/** "You" only when `is_you`: the reader's own words; other customers and teammates by name. */
export type Author = MessageAuthor;

export interface ConversationSummary {
  type: "conversation_summary";
  id: string;
  title: string | null;
  state: "open" | "closed";
  updated_at: number;
  last_message: { body: string; author: Author; created_at: number } | null;
  unread: number;
}

export interface ConversationThread {
  type: "conversation";
  id: string;
  title: string | null;
  state: "open" | "closed" | "snoozed";
  created_at: number;
  updated_at: number;
  parts: { id: string; body: string; author: Author; created_at: number }[];
}

export interface Home {
  workspace: { name: string };
  contact: { id: string; role: "user" | "lead"; name: string | null; email: string | null };
  companies: CompanyRef[];
  conversations: ConversationSummary[];
  tickets: TicketRow[];
  unread: number;
  portal_url: string | null;
  event_id: number;
}

export interface MessengerTicket extends Ticket {
  conversation: ConversationThread | null;
}

/** Where the window is: a space, or one thing inside it. */
export type Route =
  | { space: "home" }
  | { space: "messages" }
  | { space: "tickets" }
  | { conversation: string }
  | { newConversation: true }
  | { ticket: number }
  | { newTicket: true };
