// The JSON shapes the Tickets portal receives from the server (portal API, bootstrap and SSE events).
import type { MessageAuthor } from "../ui/authors";

export type StateCategory = "submitted" | "in_progress" | "waiting_on_customer" | "resolved";

export interface TicketState {
  category: StateCategory;
  /** The customer-facing label, never the internal one. */
  label: string;
}

export interface TicketType {
  name: string;
  icon: string;
}

export interface CompanyRef {
  id: string;
  name: string | null;
}

export interface TicketRow {
  type: "portal_ticket_row";
  ticket_id: number;
  title: string;
  ticket_type: TicketType;
  state: TicketState;
  company: CompanyRef | null;
  /** Unix seconds. */
  created_at: number;
  updated_at: number;
}

export interface TicketListPage {
  tickets: TicketRow[];
  next_cursor: string | null;
}

export interface TicketAttribute {
  name: string;
  data_type: string;
  value: unknown;
  options?: unknown;
}

/** "You" only when `is_you`: the viewer's own words; everyone else by name. */
export type HistoryAuthor = MessageAuthor;

export interface HistoryEntry {
  id: string | number;
  kind: "created" | "comment" | "state_change";
  body: string | null;
  state: TicketState | null;
  author: HistoryAuthor;
  created_at: number;
}

export interface TicketAbilities {
  reply: boolean;
  join: boolean;
  open_conversation: boolean;
}

export interface Ticket {
  type: "portal_ticket";
  ticket_id: number;
  title: string;
  description: string;
  state: TicketState;
  ticket_type: TicketType;
  company: CompanyRef | null;
  attributes: TicketAttribute[];
  history: HistoryEntry[];
  created_at: number;
  updated_at: number;
  abilities: TicketAbilities;
}

export interface StateLabelOption {
  label: string;
  categories: string[];
}

export interface PortalBootstrap {
  basePath: string;
  workspace: { name: string };
  viewer: { name: string | null; email: string | null };
  stateLabels: StateLabelOption[];
  companies: CompanyRef[];
  /** Sent as X-CSRF-Token on every write; derived from the viewer's session by the server. */
  csrfToken: string;
  /** The newest event when the page was rendered: live updates resume from it, so none is missed. */
  eventId: number;
  /** Where "Send us a message" finds the Messenger; null when the page was served without it. */
  messenger: { loaderUrl: string; workspaceId: string } | null;
}

export type AttributeDataType = "string" | "list" | "integer" | "decimal" | "boolean" | "datetime" | "files";

export interface TicketTypeAttributeField {
  id: string;
  /** The name the server expects in `attributes`. */
  name: string;
  /** The name a person reads ("Title" for the default title). */
  label: string;
  description: string;
  data_type: AttributeDataType;
  input_options: Record<string, unknown>;
  required_to_create_for_contacts: boolean;
}

export interface PortalTicketType {
  type: "portal_ticket_type";
  id: string;
  name: string;
  description: string;
  icon: string;
  attributes: TicketTypeAttributeField[];
}

export interface NewTicketInput {
  ticket_type_id: string;
  company_id?: string | null;
  attributes: Record<string, unknown>;
}

/** A ticket's own conversation, once the viewer takes part in it (GET …/tickets/<n>/conversation). */
export interface TicketConversation {
  conversation: {
    type: "conversation";
    id: string;
    title: string | null;
    state: "open" | "closed" | "snoozed";
    created_at: number;
    updated_at: number;
    parts: Array<{ id: string; body: string; author: MessageAuthor; created_at: number }>;
  } | null;
}
