// The JSON shapes a ticket leaves the server in: the API's (Intercom 2.14) and the customer-facing one.
import type {
  Company,
  Ticket,
  TicketCategory,
  TicketPart,
  TicketState,
  TicketType,
  TicketTypeAttribute,
} from "../../db/schema.ts";
import { presentCustomerAuthor } from "../authors.ts";
import { parseObject, seconds, type JsonValue } from "../json.ts";
import { DEFAULT_DESCRIPTION, DEFAULT_TITLE, listOptionsOf } from "./attributeValues.ts";
import type { TicketView } from "./ticketView.ts";

export const CATEGORY_NAMES: Record<TicketCategory, "Customer" | "Back-office" | "Tracker"> = {
  customer: "Customer",
  back_office: "Back-office",
  tracker: "Tracker",
};

export function presentTicketState(state: TicketState) {
  return {
    type: "ticket_state" as const,
    id: state.id,
    category: state.category,
    internal_label: state.internal_label,
    external_label: state.external_label,
  };
}

export function presentTicketTypeAttribute(attribute: TicketTypeAttribute) {
  return {
    type: "ticket_type_attribute" as const,
    id: attribute.id,
    workspace_id: attribute.workspace_id,
    name: attribute.name,
    description: attribute.description,
    data_type: attribute.data_type,
    input_options: parseObject(attribute.input_options),
    order: attribute.position,
    required_to_create: attribute.required_to_create === 1,
    required_to_create_for_contacts: attribute.required_to_create_for_contacts === 1,
    visible_on_create: attribute.visible_on_create === 1,
    visible_to_contacts: attribute.visible_to_contacts === 1,
    default: attribute.is_default === 1,
    ticket_type_id: attribute.ticket_type_id,
    archived: attribute.archived === 1,
    created_at: seconds(attribute.created_at),
    updated_at: seconds(attribute.updated_at),
  };
}

/** A name a customer can read for an attribute: the default title and description get plain words. */
export function portalAttributeLabel(name: string): string {
  return name === DEFAULT_TITLE ? "Title" : name === DEFAULT_DESCRIPTION ? "Description" : name;
}

/** A ticket type as the portal's New ticket form needs it: only what a contact fills in on create. */
export function presentPortalTicketType(type: TicketType, attributes: TicketTypeAttribute[]) {
  return {
    type: "portal_ticket_type" as const,
    id: type.id,
    name: type.name,
    description: type.description,
    icon: type.icon,
    attributes: attributes.map((attribute) => {
      const full = presentTicketTypeAttribute(attribute);
      return {
        id: full.id,
        name: full.name,
        label: portalAttributeLabel(full.name),
        description: full.description,
        data_type: full.data_type,
        input_options: full.input_options,
        required_to_create_for_contacts: full.required_to_create_for_contacts,
      };
    }),
  };
}

export function presentTicketType(
  type: TicketType,
  attributes: TicketTypeAttribute[],
  states: TicketState[],
) {
  return {
    type: "ticket_type" as const,
    id: type.id,
    category: CATEGORY_NAMES[type.category],
    name: type.name,
    description: type.description,
    icon: type.icon,
    workspace_id: type.workspace_id,
    archived: type.archived === 1,
    is_internal: type.category !== "customer",
    ticket_type_attributes: { type: "list" as const, data: attributes.map(presentTicketTypeAttribute) },
    ticket_states: { type: "list" as const, data: states.map(presentTicketState) },
    created_at: seconds(type.created_at),
    updated_at: seconds(type.updated_at),
  };
}

export function presentCompanySummary(company: Company) {
  return { type: "company" as const, id: company.id, company_id: company.external_id, name: company.name };
}

/** Attribute values keyed by name, the default title and description always present. */
function attributeValues(
  view: TicketView,
  filter: (a: TicketTypeAttribute) => boolean,
): Record<string, JsonValue> {
  const stored = parseObject(view.ticket.attributes);
  const values: Record<string, JsonValue> = {
    [DEFAULT_TITLE]: view.ticket.title,
    [DEFAULT_DESCRIPTION]: view.ticket.description,
  };
  for (const attribute of view.attributes) {
    if (attribute.is_default || !filter(attribute)) continue;
    const value = stored[attribute.id];
    if (value !== undefined) values[attribute.name] = value;
  }
  return values;
}

function presentAuthor(view: TicketView, part: TicketPart) {
  if (part.author_type === "admin" && part.author_id) {
    const t = view.authors.teammates.get(part.author_id);
    return { type: "admin" as const, id: part.author_id, name: t?.name ?? null, email: t?.email ?? null };
  }
  if (part.author_type === "user" && part.author_id) {
    const c = view.authors.contacts.get(part.author_id);
    return { type: "user" as const, id: part.author_id, name: c?.name ?? null, email: c?.email ?? null };
  }
  return { type: "bot" as const, id: part.author_id ?? "0", name: "Portico", email: null };
}

export function presentTicketPart(view: TicketView, part: TicketPart) {
  const state = part.ticket_state_id ? view.statesById.get(part.ticket_state_id) : undefined;
  const previous = part.previous_ticket_state_id
    ? view.statesById.get(part.previous_ticket_state_id)
    : undefined;
  return {
    type: "ticket_part" as const,
    id: part.id,
    part_type: part.part_type,
    body: part.body,
    previous_ticket_state: previous?.category ?? null,
    ticket_state: state?.category ?? null,
    created_at: seconds(part.created_at),
    updated_at: seconds(part.created_at),
    author: presentAuthor(view, part),
    attachments: [],
    redacted: false,
  };
}

/** The API's ticket object (API.md), with Portico's company_id and company. Teammates only. */
export function presentTicket(view: TicketView) {
  const { ticket } = view;
  const state = view.statesById.get(ticket.ticket_state_id)!;
  return {
    type: "ticket" as const,
    id: ticket.id,
    ticket_id: String(ticket.ticket_number),
    category: CATEGORY_NAMES[ticket.category],
    ticket_attributes: attributeValues(view, () => true),
    ticket_state: presentTicketState(state),
    ticket_type: presentTicketType(view.type, view.attributes, view.typeStates),
    contacts: {
      type: "contact.list" as const,
      contacts: view.contacts.map((c) => ({
        type: "contact" as const,
        id: c.id,
        external_id: c.external_id,
      })),
    },
    admin_assignee_id: ticket.admin_assignee_id ?? "0",
    team_assignee_id: "0",
    created_at: seconds(ticket.created_at),
    updated_at: seconds(ticket.updated_at),
    open: ticket.open === 1,
    snoozed_until: ticket.snoozed_until === null ? null : seconds(ticket.snoozed_until),
    is_shared: ticket.is_shared === 1,
    linked_objects: {
      type: "list" as const,
      total_count: view.links.length,
      has_more: false,
      data: view.links.map((l) => ({
        type: l.type,
        id: l.id,
        category: l.category ? CATEGORY_NAMES[l.category] : null,
      })),
    },
    ticket_parts: {
      type: "ticket_part.list" as const,
      ticket_parts: view.parts.map((p) => presentTicketPart(view, p)),
      total_count: view.parts.length,
    },
    company_id: view.company?.id ?? null,
    company: view.company ? presentCompanySummary(view.company) : null,
  };
}

/** Parts a customer may see: public replies and the ticket's history of states (rule 2). */
const PUBLIC_PART_TYPES = new Set<TicketPart["part_type"]>([
  "comment",
  "ticket_created",
  "ticket_state_updated_by_admin",
  "ticket_state_updated_by_user",
]);

export interface PortalAbilities {
  reply: boolean;
  join: boolean;
  open_conversation: boolean;
}

/**
 * The customer-facing ticket (rule 2): customer-facing state label, number, type, title, description,
 * attributes visible to contacts, public parts. No internal labels, notes, assignees, hidden attributes.
 * Authors are named for the reader: their own replies carry `is_you`.
 */
export function presentPortalTicket(view: TicketView, abilities: PortalAbilities, readerContactId: string) {
  const { ticket } = view;
  const state = view.statesById.get(ticket.ticket_state_id)!;
  const visible = view.attributes.filter(
    (a) => a.visible_to_contacts === 1 && a.archived === 0 && a.is_default === 0,
  );
  const stored = parseObject(ticket.attributes);
  return {
    type: "portal_ticket" as const,
    ticket_id: ticket.ticket_number,
    title: ticket.title,
    description: ticket.description,
    state: { category: state.category, label: state.external_label },
    ticket_type: { name: view.type.name, icon: view.type.icon },
    company: view.company ? { id: view.company.id, name: view.company.name } : null,
    attributes: visible
      .filter((a) => stored[a.id] !== undefined)
      .map((a) => ({
        name: a.name,
        data_type: a.data_type,
        value: stored[a.id]!,
        ...(a.data_type === "list" ? { options: listOptionsOf(a).map((o) => o.label) } : {}),
      })),
    history: view.parts
      .filter((p) => PUBLIC_PART_TYPES.has(p.part_type))
      .map((p) => {
        const author = p.author_type === "admin" ? view.authors.teammates.get(p.author_id ?? "") : undefined;
        const contact = p.author_type === "user" ? view.authors.contacts.get(p.author_id ?? "") : undefined;
        const to = p.ticket_state_id ? view.statesById.get(p.ticket_state_id) : undefined;
        return {
          id: p.id,
          kind:
            p.part_type === "comment"
              ? ("comment" as const)
              : p.part_type === "ticket_created"
                ? ("created" as const)
                : ("state_change" as const),
          body: p.part_type === "comment" ? p.body : null,
          state: to ? { category: to.category, label: to.external_label } : null,
          author: presentCustomerAuthor(
            { type: p.author_type, id: p.author_id, name: author?.name ?? contact?.name ?? null },
            readerContactId,
          ),
          created_at: seconds(p.created_at),
        };
      }),
    created_at: seconds(ticket.created_at),
    updated_at: seconds(ticket.updated_at),
    abilities,
  };
}

/** Whether the reader wrote one of the ticket's public parts: only then does their presentation differ. */
export function readerAuthoredPortalParts(view: TicketView, readerContactId: string): boolean {
  return view.parts.some(
    (p) => p.author_type === "user" && p.author_id === readerContactId && PUBLIC_PART_TYPES.has(p.part_type),
  );
}

/** What a portal list row shows besides the ticket itself, loaded in batch (loadPortalRowContext). */
export interface PortalRowNames {
  stateLabel: string;
  stateCategory: TicketState["category"];
  typeName: string;
  typeIcon: string;
  companyName: string | null;
}

/**
 * One row of the portal's ticket list (rule 2): number, title, type, customer-facing state, company and
 * times. Never the internal state label, assignee or attributes.
 */
export function presentPortalTicketRow(
  ticket: Pick<Ticket, "ticket_number" | "title" | "company_id" | "created_at" | "updated_at">,
  names: PortalRowNames,
) {
  return {
    type: "portal_ticket_row" as const,
    ticket_id: ticket.ticket_number,
    title: ticket.title,
    ticket_type: { name: names.typeName, icon: names.typeIcon },
    state: { category: names.stateCategory, label: names.stateLabel },
    company: ticket.company_id ? { id: ticket.company_id, name: names.companyName } : null,
    created_at: seconds(ticket.created_at),
    updated_at: seconds(ticket.updated_at),
  };
}
