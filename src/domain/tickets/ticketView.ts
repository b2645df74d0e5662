// Loads everything a ticket presenter needs in a fixed number of queries (no per-part lookups).
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
import { findCompany } from "../companies/company.repository.ts";
import { listContactsByIds } from "../contacts/contact.repository.ts";
import {
  listTicketCategories,
  listTicketContactIds,
  listTicketLinks,
  listTicketParts,
} from "./ticket.repository.ts";
import { listTeammateSummaries } from "../teammates/teammate.repository.ts";
import { listStatesOfType, listTicketStates } from "./ticketState.repository.ts";
import { findTicketType, listAttributesOfType } from "./ticketType.repository.ts";

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

export async function loadTicketView(db: Executor, ticket: Ticket): Promise<TicketView> {
  const ws = ticket.workspace_id;
  const [type, attributes, typeStates, allStates, contactIds, company, parts, links] = await Promise.all([
    findTicketType(db, ws, ticket.ticket_type_id),
    listAttributesOfType(db, ws, ticket.ticket_type_id),
    listStatesOfType(db, ws, ticket.ticket_type_id),
    listTicketStates(db, ws),
    listTicketContactIds(db, ws, ticket.id),
    ticket.company_id ? findCompany(db, ws, ticket.company_id) : Promise.resolve(undefined),
    listTicketParts(db, ws, ticket.id),
    listTicketLinks(db, ws, ticket.id),
  ]);
  if (!type) throw new Error(`ticket ${ticket.id} has no type`);

  const authorContactIds = parts
    .filter((p) => p.author_type === "user" && p.author_id)
    .map((p) => p.author_id!);
  const authorTeammateIds = [
    ...new Set(parts.filter((p) => p.author_type === "admin" && p.author_id).map((p) => p.author_id!)),
  ];
  const [contacts, authorContacts, teammates] = await Promise.all([
    listContactsByIds(db, ws, contactIds),
    listContactsByIds(db, ws, [...new Set(authorContactIds)]),
    listTeammateSummaries(db, ws, authorTeammateIds),
  ]);
  const contactOrder = new Map(contactIds.map((id, i) => [id, i]));
  contacts.sort((a, b) => contactOrder.get(a.id)! - contactOrder.get(b.id)!);

  const linkedTicketIds = links.filter((l) => l.linked_type === "ticket").map((l) => l.linked_id);
  const linkedCategories = new Map(
    (await listTicketCategories(db, ws, linkedTicketIds)).map((t) => [t.id, t.category]),
  );
  const viewLinks: TicketView["links"] = [];
  if (ticket.linked_conversation_id)
    viewLinks.push({ type: "conversation", id: ticket.linked_conversation_id, category: null });
  for (const link of links) {
    viewLinks.push({
      type: link.linked_type,
      id: link.linked_id,
      category: linkedCategories.get(link.linked_id) ?? null,
    });
  }

  return {
    ticket,
    type,
    attributes,
    typeStates,
    statesById: new Map(allStates.map((s) => [s.id, s])),
    contacts,
    company: company ?? null,
    parts,
    authors: {
      teammates: new Map(teammates.map((t) => [t.id, t])),
      contacts: new Map(authorContacts.map((c) => [c.id, c])),
    },
    links: viewLinks,
  };
}
