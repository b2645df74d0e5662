// The API's ticket objects (teammates' view) loaded and presented: one ticket, or a page in a fixed
// number of queries whatever its size.
import type { Executor } from "../../db/database.ts";
import type { Ticket } from "../../db/schema.ts";
import { presentTicket } from "./ticket.presenter.ts";
import { loadTicketView, loadTicketViews } from "./ticketView.ts";

export async function presentTicketRow(db: Executor, ticket: Ticket) {
  return presentTicket(await loadTicketView(db, ticket));
}

/** A page (or any list) of tickets, in their order. */
export async function presentTicketRows(db: Executor, workspaceId: string, tickets: readonly Ticket[]) {
  return (await loadTicketViews(db, workspaceId, tickets)).map(presentTicket);
}
