// The Messenger's tickets space: the tickets a contact can see (rule 1) and takes part in — as a contact
// of the ticket, as its creator, or by having joined its conversation (rule 5). The SSE audience uses the
// same definition (realtime/eventContext.ts ticketSpaceMembers), so the list and the stream agree.
import { sql } from "kysely";
import type { Executor } from "../../db/database.ts";
import type { Ticket } from "../../db/schema.ts";
import { invalid } from "../errors.ts";
import { toPage, type Page, type PageRequest } from "../pagination.ts";
import { portalVisibility, takesPart, type PortalViewer } from "./ticket.policy.ts";

function inTicketSpace(db: Executor, viewer: PortalViewer) {
  return db
    .selectFrom("tickets")
    .selectAll("tickets")
    .where(portalVisibility(viewer))
    .where((eb) =>
      eb.or([
        eb("tickets.created_by_contact_id", "=", viewer.contactId),
        takesPart(eb, viewer.contactId),
        eb.exists(
          eb
            .selectFrom("conversation_participants as cp")
            .select(sql.lit(1).as("one"))
            .whereRef("cp.workspace_id", "=", "tickets.workspace_id")
            .whereRef("cp.conversation_id", "=", "tickets.linked_conversation_id")
            .where("cp.contact_id", "=", viewer.contactId),
        ),
      ]),
    );
}

/** Newest activity first, keyset on (updated_at, id). */
export async function listMessengerTickets(
  db: Executor,
  viewer: PortalViewer,
  page: PageRequest,
): Promise<Page<Ticket>> {
  const after = page.after;
  if (after && typeof after.value !== "number") {
    throw invalid("cursor", "cursor is not a cursor of this list");
  }
  let query = inTicketSpace(db, viewer);
  if (after)
    query = query.where(sql<boolean>`(tickets.updated_at, tickets.id) < (${after.value}, ${after.id})`);
  const rows = await query
    .orderBy("tickets.updated_at", "desc")
    .orderBy("tickets.id", "desc")
    .limit(page.perPage + 1)
    .execute();
  return toPage(rows, page, (row) => row.updated_at);
}

/** One ticket of the space by its human number; missing, invisible and outside the space are alike. */
export function findMessengerTicketByNumber(db: Executor, viewer: PortalViewer, ticketNumber: number) {
  return inTicketSpace(db, viewer).where("tickets.ticket_number", "=", ticketNumber).executeTakeFirst();
}
