// Table types for Kysely: the whole data model of DESIGN.md, identical on SQLite and PostgreSQL.
//
// Conventions that keep one schema working on both dialects:
// - ids are application-generated strings (see domain/ids.ts); every table carries workspace_id and
//   its primary key leads with it, so a Citus distribution on workspace_id needs no schema change;
// - timestamps are integer unix milliseconds (bigint on PostgreSQL, parsed to number by the driver);
// - booleans are integers 0/1 (SQLite has no boolean and better-sqlite3 refuses to bind one);
// - JSON documents are text, parsed by repositories.
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type Flag = 0 | 1;

export type TicketCategory = "customer" | "back_office" | "tracker";
export const TICKET_CATEGORIES: readonly TicketCategory[] = ["customer", "back_office", "tracker"];

export type TicketStateCategory = "submitted" | "in_progress" | "waiting_on_customer" | "resolved";
export const TICKET_STATE_CATEGORIES: readonly TicketStateCategory[] = [
  "submitted",
  "in_progress",
  "waiting_on_customer",
  "resolved",
];

export type AttributeDataType = "string" | "list" | "integer" | "decimal" | "boolean" | "datetime" | "files";
export const ATTRIBUTE_DATA_TYPES: readonly AttributeDataType[] = [
  "string",
  "list",
  "integer",
  "decimal",
  "boolean",
  "datetime",
  "files",
];

export type TeammateRole = "admin" | "agent";
export type ContactRole = "user" | "lead";
export type MembershipRole = "member" | "manager";
export type SessionKind = "teammate" | "messenger" | "portal";
export type AuthorType = "admin" | "user" | "bot";
export type ConversationPartType = "comment" | "note" | "event";
export type TicketPartType =
  | "comment"
  | "note"
  | "ticket_created"
  | "ticket_state_updated_by_admin"
  | "ticket_state_updated_by_user"
  | "ticket_attribute_updated_by_admin"
  | "ticket_company_updated";
export type LinkedObjectType = "ticket" | "conversation";

export interface WorkspacesTable {
  id: string;
  slug: string;
  name: string;
  help_center_domain: string | null;
  help_center_https: Flag;
  help_center_live: Flag;
  cookie_domain: string | null;
  identity_enforced: Flag;
  portal_enabled: Flag;
  /** JSON array of access-rule conditions; empty means every verified person. */
  portal_access_rules: string;
  portal_home_card: Flag;
  portal_home_card_position: number;
  /** "all": every member sees all of the company's tickets; "participating": members see their own. */
  portal_member_visibility: "all" | "participating";
  /** JSON array of extra origins (e.g. "https://app.example.org") the Messenger may boot from. */
  messenger_allowed_origins: Generated<string>;
  /** What the Help Center last learnt about the Messenger cookie reaching it (see helpcenter/). */
  cookie_forwarding_status: Generated<CookieForwardingStatus>;
  cookie_forwarding_cause: CookieForwardingCause | null;
  cookie_forwarding_checked_at: number | null;
  created_at: number;
  updated_at: number;
}

export type CookieForwardingStatus = "unknown" | "working" | "not_working";
export type CookieForwardingCause = "proxy_strips_cookies" | "proxy_filters_cookies";

export interface WorkspaceSecretsTable {
  workspace_id: string;
  id: string;
  /** AES-256-GCM ciphertext of the identity secret under the server's SECRET_KEY. */
  secret_ciphertext: string;
  created_at: number;
  revoked_at: number | null;
}

export interface TeammatesTable {
  workspace_id: string;
  id: string;
  email: string;
  name: string;
  role: TeammateRole;
  password_hash: string;
  /** Failed (or in-flight) sign-in attempts since the last success; see identity/signInThrottle.ts. */
  sign_in_failures: Generated<number>;
  sign_in_locked_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface ApiTokensTable {
  workspace_id: string;
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SessionsTable {
  workspace_id: string;
  /** sha256 of the secret half of the session token; the token itself is never stored. */
  token_hash: string;
  kind: SessionKind;
  teammate_id: string | null;
  contact_id: string | null;
  created_at: number;
  last_used_at: number;
  expires_at: number;
}

export interface ContactsTable {
  workspace_id: string;
  id: string;
  external_id: string | null;
  email: string | null;
  name: string | null;
  role: ContactRole;
  attributes: string;
  created_at: number;
  updated_at: number;
}

export interface CompaniesTable {
  workspace_id: string;
  id: string;
  external_id: string;
  name: string | null;
  plan: string | null;
  size: number | null;
  website: string | null;
  industry: string | null;
  monthly_spend: number | null;
  attributes: string;
  /** Overrides the workspace's portal_member_visibility for this company when not null. */
  portal_member_visibility: "all" | "participating" | null;
  created_at: number;
  updated_at: number;
}

export interface CompanyMembershipsTable {
  workspace_id: string;
  company_id: string;
  contact_id: string;
  role: MembershipRole;
  created_at: number;
}

export interface ConversationsTable {
  workspace_id: string;
  id: string;
  title: string | null;
  open: Flag;
  snoozed_until: number | null;
  admin_assignee_id: string | null;
  created_by_contact_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface ConversationPartsTable {
  workspace_id: string;
  id: string;
  conversation_id: string;
  part_type: ConversationPartType;
  body: string;
  author_type: AuthorType;
  author_id: string | null;
  created_at: number;
}

export interface ConversationParticipantsTable {
  workspace_id: string;
  conversation_id: string;
  contact_id: string;
  created_at: number;
  /** Unix ms of the newest part the contact has seen in the Messenger; null until they open it. */
  last_read_at: number | null;
}

export interface TicketStatesTable {
  workspace_id: string;
  id: string;
  category: TicketStateCategory;
  internal_label: string;
  external_label: string;
  archived: Flag;
  created_at: number;
  updated_at: number;
}

export interface TicketTypesTable {
  workspace_id: string;
  id: string;
  category: TicketCategory;
  name: string;
  description: string;
  icon: string;
  archived: Flag;
  created_at: number;
  updated_at: number;
}

export interface TicketTypeStatesTable {
  workspace_id: string;
  ticket_type_id: string;
  ticket_state_id: string;
  position: number;
}

export interface TicketTypeAttributesTable {
  workspace_id: string;
  id: string;
  ticket_type_id: string;
  name: string;
  description: string;
  data_type: AttributeDataType;
  /** JSON: list options `{"list_options":[{"label"}]}`, or `{"multiline":true}` for strings. */
  input_options: string;
  position: number;
  required_to_create: Flag;
  required_to_create_for_contacts: Flag;
  visible_on_create: Flag;
  visible_to_contacts: Flag;
  /** 1 for `_default_title_` and `_default_description_`, which every type has. */
  is_default: Flag;
  archived: Flag;
  created_at: number;
  updated_at: number;
}

export interface TicketNumberCountersTable {
  workspace_id: string;
  last_number: number;
}

export interface TicketsTable {
  workspace_id: string;
  id: string;
  ticket_number: number;
  ticket_type_id: string;
  /** Copied from the type so the portal predicate and filters need no join. */
  category: TicketCategory;
  ticket_state_id: string;
  title: string;
  description: string;
  /** JSON object of non-default attribute values keyed by attribute id. */
  attributes: string;
  company_id: string | null;
  /** 1 once a person chose the company (including "No company"); automatic choice stops then. */
  company_chosen: Flag;
  is_shared: Flag;
  open: Flag;
  snoozed_until: number | null;
  admin_assignee_id: string | null;
  linked_conversation_id: string | null;
  created_by_contact_id: string | null;
  created_by_teammate_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface TicketContactsTable {
  workspace_id: string;
  ticket_id: string;
  contact_id: string;
  created_at: number;
  /** Copies of the ticket's created_at and updated_at (kept by a trigger), for the portal's order. */
  ticket_created_at: number;
  ticket_updated_at: number;
}

export interface TicketPartsTable {
  workspace_id: string;
  id: string;
  ticket_id: string;
  part_type: TicketPartType;
  body: string | null;
  previous_ticket_state_id: string | null;
  ticket_state_id: string | null;
  author_type: AuthorType;
  author_id: string | null;
  created_at: number;
}

export interface TicketLinksTable {
  workspace_id: string;
  ticket_id: string;
  linked_type: LinkedObjectType;
  linked_id: string;
  created_at: number;
}

/** SSO JWT ids already used (each `jti` signs in once), kept until the token would have expired. */
export interface SsoJtisTable {
  workspace_id: string;
  jti: string;
  created_at: number;
  expires_at: number;
}

/** One-time e-mailed Help Center sign-in links, stored as sha256 of the token. */
export interface TeammateInvitesTable {
  workspace_id: string;
  id: string;
  email: string;
  name: string;
  role: TeammateRole;
  /** sha256 of the invitation link's token; the token itself is only ever in the e-mail. */
  token_hash: string;
  invited_by: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

export interface SignInLinksTable {
  workspace_id: string;
  token_hash: string;
  contact_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  workspace_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  /** JSON with ids only; readers re-load and re-present through their own policy. */
  payload: string;
  created_at: number;
}

export interface HelpCollectionsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface HelpArticlesTable {
  workspace_id: string;
  id: string;
  collection_id: string;
  title: string;
  /** Markdown as written; rendered to safe HTML by domain/helpcenter/markdown.ts on the way out. */
  body_markdown: string;
  published: Flag;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface IdempotencyKeysTable {
  workspace_id: string;
  key: string;
  fingerprint: string;
  state: "running" | "done";
  owner: string;
  locked_until: number;
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
  created_at: number;
  expires_at: number;
}

export interface RateLimitHitsTable {
  workspace_id: string;
  key: string;
  window_start: number;
  hits: number;
  expires_at: number;
}

export interface Database {
  workspaces: WorkspacesTable;
  workspace_secrets: WorkspaceSecretsTable;
  teammates: TeammatesTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  contacts: ContactsTable;
  companies: CompaniesTable;
  company_memberships: CompanyMembershipsTable;
  conversations: ConversationsTable;
  conversation_parts: ConversationPartsTable;
  conversation_participants: ConversationParticipantsTable;
  ticket_states: TicketStatesTable;
  ticket_types: TicketTypesTable;
  ticket_type_states: TicketTypeStatesTable;
  ticket_type_attributes: TicketTypeAttributesTable;
  ticket_number_counters: TicketNumberCountersTable;
  tickets: TicketsTable;
  ticket_contacts: TicketContactsTable;
  ticket_parts: TicketPartsTable;
  ticket_links: TicketLinksTable;
  events: EventsTable;
  sso_jtis: SsoJtisTable;
  sign_in_links: SignInLinksTable;
  teammate_invites: TeammateInvitesTable;
  help_collections: HelpCollectionsTable;
  help_articles: HelpArticlesTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limit_hits: RateLimitHitsTable;
}

export type Workspace = Selectable<WorkspacesTable>;
export type Teammate = Selectable<TeammatesTable>;
export type TeammateInvite = Selectable<TeammateInvitesTable>;
export type Contact = Selectable<ContactsTable>;
export type Company = Selectable<CompaniesTable>;
export type CompanyMembership = Selectable<CompanyMembershipsTable>;
export type Conversation = Selectable<ConversationsTable>;
export type ConversationPart = Selectable<ConversationPartsTable>;
export type TicketState = Selectable<TicketStatesTable>;
export type TicketType = Selectable<TicketTypesTable>;
export type TicketTypeAttribute = Selectable<TicketTypeAttributesTable>;
export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type TicketPart = Selectable<TicketPartsTable>;
export type OutboxEvent = Selectable<EventsTable>;
export type HelpCollection = Selectable<HelpCollectionsTable>;
export type HelpArticle = Selectable<HelpArticlesTable>;
