// A tracker's state change offered to its linked customer tickets: each moves to its own type's first
// state of the tracker's state category (types have their own states, so ids cannot be copied).
import type { Executor } from "../../db/database.ts";
import type { Ticket } from "../../db/schema.ts";
import type { Author } from "../conversations/conversationCommands.ts";
import { invalid, notFound } from "../errors.ts";
import { findTicket, listTicketLinks } from "./ticket.repository.ts";
import { findTicketState, firstStateOfCategory } from "./ticketState.repository.ts";
import { updateTicket } from "./ticketUpdater.ts";

/** The customer tickets linked to a tracker, in link order. */
export async function listLinkedCustomerTickets(
  db: Executor,
  workspaceId: string,
  trackerId: string,
): Promise<Ticket[]> {
  const links = await listTicketLinks(db, workspaceId, trackerId);
  const tickets: Ticket[] = [];
  for (const link of links) {
    if (link.linked_type !== "ticket") continue;
    const ticket = await findTicket(db, workspaceId, link.linked_id);
    if (ticket?.category === "customer") tickets.push(ticket);
  }
  return tickets;
}

/**
 * Moves the tracker's linked customer tickets (all, or those in `onlyIds`) to the tracker's state
 * category. Tickets already in that category stay as they are. Returns the tickets that moved.
 */
export async function applyTrackerStateToLinkedTickets(
  trx: Executor,
  workspaceId: string,
  trackerId: string,
  author: Author,
  onlyIds?: readonly string[],
): Promise<Ticket[]> {
  const tracker = await findTicket(trx, workspaceId, trackerId);
  if (!tracker) throw notFound("Ticket", "ticket_not_found");
  if (tracker.category !== "tracker") {
    throw invalid("id", "only a tracker's state can be applied to its linked tickets");
  }
  const state = (await findTicketState(trx, workspaceId, tracker.ticket_state_id))!;
  const linked = await listLinkedCustomerTickets(trx, workspaceId, trackerId);
  if (onlyIds) {
    const unknown = onlyIds.find((id) => !linked.some((t) => t.id === id));
    if (unknown !== undefined) throw invalid("ticket_ids", `ticket ${unknown} is not linked to this tracker`);
  }
  const moved: Ticket[] = [];
  for (const ticket of linked) {
    if (onlyIds && !onlyIds.includes(ticket.id)) continue;
    const current = await findTicketState(trx, workspaceId, ticket.ticket_state_id);
    if (current?.category === state.category) continue;
    const target = await firstStateOfCategory(trx, workspaceId, ticket.ticket_type_id, state.category);
    if (!target) continue;
    moved.push(await updateTicket(trx, workspaceId, ticket.id, { stateId: target.id }, author));
  }
  return moved;
}
