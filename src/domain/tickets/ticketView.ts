// Loads everything a ticket presenter needs, for one ticket or a page, in a fixed number of queries.
import type { Executor } from "../../db/database.ts";
import type {
  Company,
  Contact,
  Teammate,
  Ticket,
  TicketPart,
  TicketState,
  TicketType,
  TicketTypeAttribute,
} from "../../db/schema.ts";
import { listCompaniesByIds } from "../companies/company.repository.ts";
import { listContactsByIds } from "../contacts/contact.repository.ts";
import { listTeammateSummaries } from "../teammates/teammate.repository.ts";
import {
  listTicketCategories,
  listTicketContactIdsOfTickets,
  listTicketLinksOfTickets,
  listTicketPartsOfTickets,
} from "./ticket.repository.ts";
import { listStatesOfTypes, listTicketStates } from "./ticketState.repository.ts";
import { listAttributesOfTypes, listTicketTypesByIds } from "./ticketType.repository.ts";

export interface TicketView {
  ticket: Ticket;
  type: TicketType;
  attributes: TicketTypeAttribute[];
  typeStates: TicketState[];
  /** Every state of the workspace by id, for parts that name states (history). */
  statesById: Map<string, TicketState>;
  contacts: Contact[];
  company: Company | null;
  parts: TicketPart[];
  authors: {
    teammates: Map<string, Pick<Teammate, "id" | "name" | "email">>;
    contacts: Map<string, Contact>;
  };
  links: Array<{ type: "ticket" | "conversation"; id: string; category: TicketType["category"] | null }>;
}

/** Everything the presenters need for one ticket (the page loader with a page of one). */
export async function loadTicketView(db: Executor, ticket: Ticket): Promise<TicketView> {
  return (await loadTicketViews(db, ticket.workspace_id, [ticket]))[0]!;
}

/**
 * Everything the presenters need for a page of tickets, in the tickets' order, in a fixed number of
 * queries whatever the page's size: the tickets' types with their attributes and states, the workspace's
 * states, participants, companies, parts and links; then the contacts and teammates they name and the
 * categories of linked tickets. Each view is what loading its ticket alone gives.
 */
export async function loadTicketViews(
  db: Executor,
  workspaceId: string,
  tickets: readonly Ticket[],
): Promise<TicketView[]> {
  if (tickets.length === 0) return [];
  const stranger = tickets.find((t) => t.workspace_id !== workspaceId);
  if (stranger) throw new Error(`ticket ${stranger.id} is not in workspace ${workspaceId}`);
  const ws = workspaceId;
  const ticketIds = tickets.map((t) => t.id);
  const typeIds = tickets.map((t) => t.ticket_type_id);
  const companyIds = tickets.flatMap((t) => (t.company_id ? [t.company_id] : []));
  const [
    types,
    attributesByType,
    statesByType,
    allStates,
    contactIdsByTicket,
    companies,
    partsByTicket,
    linksByTicket,
  ] = await Promise.all([
    listTicketTypesByIds(db, ws, typeIds),
    listAttributesOfTypes(db, ws, typeIds),
    listStatesOfTypes(db, ws, typeIds),
    listTicketStates(db, ws),
    listTicketContactIdsOfTickets(db, ws, ticketIds),
    listCompaniesByIds(db, ws, companyIds),
    listTicketPartsOfTickets(db, ws, ticketIds),
    listTicketLinksOfTickets(db, ws, ticketIds),
  ]);

  const parts = [...partsByTicket.values()].flat();
  const authorIds = (type: "user" | "admin") =>
    parts.flatMap((p) => (p.author_type === type && p.author_id ? [p.author_id] : []));
  const linkedTicketIds = [...linksByTicket.values()]
    .flat()
    .flatMap((l) => (l.linked_type === "ticket" ? [l.linked_id] : []));
  const [contacts, teammates, linkedCategories] = await Promise.all([
    listContactsByIds(db, ws, [...[...contactIdsByTicket.values()].flat(), ...authorIds("user")]),
    listTeammateSummaries(db, ws, authorIds("admin")),
    listTicketCategories(db, ws, linkedTicketIds),
  ]);

  const typesById = new Map(types.map((t) => [t.id, t]));
  const companiesById = new Map(companies.map((c) => [c.id, c]));
  const contactsById = new Map(contacts.map((c) => [c.id, c]));
  const teammatesById = new Map(teammates.map((t) => [t.id, t]));
  const categoriesById = new Map(linkedCategories.map((t) => [t.id, t.category]));
  const statesById = new Map(allStates.map((s) => [s.id, s]));

  return tickets.map((ticket) => {
    const type = typesById.get(ticket.ticket_type_id);
    if (!type) throw new Error(`ticket ${ticket.id} has no type`);
    const ownParts = partsByTicket.get(ticket.id) ?? [];
    // Each view names only its own parts' authors, as loading the ticket alone would.
    const authors: TicketView["authors"] = { teammates: new Map(), contacts: new Map() };
    for (const part of ownParts) {
      if (!part.author_id) continue;
      if (part.author_type === "admin") {
        const teammate = teammatesById.get(part.author_id);
        if (teammate) authors.teammates.set(teammate.id, teammate);
      } else if (part.author_type === "user") {
        const contact = contactsById.get(part.author_id);
        if (contact) authors.contacts.set(contact.id, contact);
      }
    }
    const links: TicketView["links"] = [];
    if (ticket.linked_conversation_id)
      links.push({ type: "conversation", id: ticket.linked_conversation_id, category: null });
    for (const link of linksByTicket.get(ticket.id) ?? []) {
      links.push({
        type: link.linked_type,
        id: link.linked_id,
        category: categoriesById.get(link.linked_id) ?? null,
      });
    }
    return {
      ticket,
      type,
      attributes: attributesByType.get(type.id) ?? [],
      typeStates: statesByType.get(type.id) ?? [],
      statesById,
      contacts: (contactIdsByTicket.get(ticket.id) ?? []).flatMap((id) => {
        const contact = contactsById.get(id);
        return contact ? [contact] : [];
      }),
      company: (ticket.company_id && companiesById.get(ticket.company_id)) || null,
      parts: ownParts,
      authors,
      links,
    };
  });
}
