// The JSON the Help Desk reads: the Intercom-compatible API objects (API.md) and the Help-Desk-only ones.

export interface Teammate {
  type: "admin";
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "agent";
  workspace?: { id: string; slug: string; name: string };
}

export interface SignedInTeammate extends Teammate {
  workspace: { id: string; slug: string; name: string };
}

export type StateCategory = "submitted" | "in_progress" | "waiting_on_customer" | "resolved";
export type CategoryName = "Customer" | "Back-office" | "Tracker";

export interface TicketState {
  type: "ticket_state";
  id: string;
  category: StateCategory;
  internal_label: string;
  external_label: string;
}

export type AttributeDataType = "string" | "list" | "integer" | "decimal" | "boolean" | "datetime" | "files";

export interface TicketTypeAttribute {
  id: string;
  name: string;
  description: string;
  data_type: AttributeDataType;
  input_options: Record<string, unknown>;
  order: number;
  required_to_create: boolean;
  visible_on_create: boolean;
  visible_to_contacts: boolean;
  default: boolean;
  archived: boolean;
}

export interface TicketType {
  type: "ticket_type";
  id: string;
  category: CategoryName;
  name: string;
  description: string;
  icon: string;
  archived: boolean;
  ticket_type_attributes: { type: "list"; data: TicketTypeAttribute[] };
  ticket_states: { type: "list"; data: TicketState[] };
}

export interface CompanySummary {
  type: "company";
  id: string;
  company_id: string | null;
  name: string | null;
}

export interface Author {
  type: "admin" | "user" | "bot";
  id: string;
  name: string | null;
  email: string | null;
}

export interface TicketPart {
  type: "ticket_part";
  id: string;
  part_type: string;
  body: string | null;
  previous_ticket_state: StateCategory | null;
  ticket_state: StateCategory | null;
  created_at: number;
  author: Author;
}

export interface LinkedObject {
  type: "ticket" | "conversation";
  id: string;
  category: string | null;
}

export interface Ticket {
  type: "ticket";
  id: string;
  ticket_id: string;
  category: CategoryName;
  ticket_attributes: Record<string, unknown>;
  ticket_state: TicketState;
  ticket_type: TicketType;
  contacts: {
    type: "contact.list";
    contacts: Array<{ type: "contact"; id: string; external_id: string | null }>;
  };
  admin_assignee_id: string;
  created_at: number;
  updated_at: number;
  open: boolean;
  snoozed_until: number | null;
  is_shared: boolean;
  linked_objects: { type: "list"; total_count: number; data: LinkedObject[] };
  ticket_parts: { type: "ticket_part.list"; ticket_parts: TicketPart[]; total_count: number };
  company_id: string | null;
  company: CompanySummary | null;
}

export interface Pages {
  type: "pages";
  page: number;
  per_page: number;
  total_pages: number;
  next?: { per_page: number; starting_after: string };
}

export interface TicketList {
  type: "ticket.list";
  tickets: Ticket[];
  total_count: number;
  pages: Pages;
}

export interface ConversationPart {
  id: string;
  part_type: string;
  body: string | null;
  created_at: number;
  author: Author;
}

export interface Conversation {
  type: "conversation";
  id: string;
  title: string | null;
  created_at: number;
  updated_at: number;
  state: "open" | "closed" | "snoozed";
  open: boolean;
  admin_assignee_id: string | null;
  source: { id: string; body: string | null; author: Author } | null;
  contacts: {
    type: "contact.list";
    contacts: Array<{ type: "contact"; id: string; external_id: string | null }>;
  };
  conversation_parts: { conversation_parts: ConversationPart[]; total_count: number };
  /** Portico's addition: the companies of the people taking part. */
  companies: { type: "list"; data: CompanySummary[] };
  linked_objects: { type: "list"; total_count: number; data: LinkedObject[] };
}

export interface ConversationList {
  type: "conversation.list";
  conversations: Conversation[];
  total_count: number;
  pages: Pages;
}

export interface Contact {
  type: "contact";
  id: string;
  external_id: string | null;
  email: string | null;
  name: string | null;
  role: "user" | "lead";
  companies: { data: Array<{ type: "company"; id: string }> };
}

export interface CompanyChoices {
  type: "list";
  data: CompanySummary[];
  company_id: string | null;
  chosen_by_teammate: boolean;
}

export interface Company extends CompanySummary {
  plan: unknown;
  user_count: number;
}
