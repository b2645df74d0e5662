// Ticket queries: single tickets, participants, parts, links, number allocation and portal reads.
import { sql } from "kysely";
import { groupBy, inChunks } from "../../db/batches.ts";
import type { Executor } from "../../db/database.ts";
import type { Ticket, TicketPart } from "../../db/schema.ts";
import { isSharedWithCustomers, portalVisibility, type PortalViewer } from "./ticket.policy.ts";

export function findTicket(db: Executor, workspaceId: string, id: string): Promise<Ticket | undefined> {
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findTicketByNumber(db: Executor, workspaceId: string, ticketNumber: number) {
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("ticket_number", "=", ticketNumber)
    .executeTakeFirst();
}

/** A ticket by its human number, only if the viewer may see it (rule 1); else undefined, as if missing. */
export function findPortalTicketByNumber(db: Executor, viewer: PortalViewer, ticketNumber: number) {
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("ticket_number", "=", ticketNumber)
    .where(portalVisibility(viewer))
    .executeTakeFirst();
}

export async function isTicketVisibleToContact(db: Executor, viewer: PortalViewer, ticketId: string) {
  const row = await db
    .selectFrom("tickets")
    .select("id")
    .where("id", "=", ticketId)
    .where(portalVisibility(viewer))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The next human ticket number of a workspace. One upsert that increments a counter row: inside the
 * creating transaction, so concurrent creators queue on the row lock (PostgreSQL) or the single writer
 * (SQLite), and a rolled-back creation gives its number back — no duplicates, no gaps.
 */
export async function allocateTicketNumber(trx: Executor, workspaceId: string): Promise<number> {
  const row = await trx
    .insertInto("ticket_number_counters")
    .values({ workspace_id: workspaceId, last_number: 1 })
    .onConflict((oc) =>
      oc
        .column("workspace_id")
        .doUpdateSet({ last_number: sql<number>`ticket_number_counters.last_number + 1` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function listTicketContactIds(
  db: Executor,
  workspaceId: string,
  ticketId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("ticket_contacts")
    .select("contact_id")
    .where("workspace_id", "=", workspaceId)
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .orderBy("contact_id")
    .execute();
  return rows.map((r) => r.contact_id);
}

/** The participants of each of these tickets, each in listTicketContactIds' order (a page in one query). */
export async function listTicketContactIdsOfTickets(
  db: Executor,
  workspaceId: string,
  ticketIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await inChunks(ticketIds, (ids) =>
    db
      .selectFrom("ticket_contacts")
      .select(["ticket_id", "contact_id"])
      .where("workspace_id", "=", workspaceId)
      .where("ticket_id", "in", ids)
      .orderBy("created_at")
      .orderBy("contact_id")
      .execute(),
  );
  return groupBy(
    rows,
    (r) => r.ticket_id,
    (r) => r.contact_id,
  );
}

export async function insertTicketContacts(
  trx: Executor,
  workspaceId: string,
  ticketId: string,
  contactIds: readonly string[],
): Promise<void> {
  if (contactIds.length === 0) return;
  const now = Date.now();
  const ticket = trx.selectFrom("tickets").where("workspace_id", "=", workspaceId).where("id", "=", ticketId);
  // The ticket's order, which the portal's participant list walks (migration 0008); later changes to the
  // ticket's times reach these rows through a trigger.
  const ticketTimes = {
    ticket_created_at: ticket.select("created_at"),
    ticket_updated_at: ticket.select("updated_at"),
  };
  await trx
    .insertInto("ticket_contacts")
    .values(
      contactIds.map((contactId) => ({
        workspace_id: workspaceId,
        ticket_id: ticketId,
        contact_id: contactId,
        created_at: now,
        ...ticketTimes,
      })),
    )
    .onConflict((oc) => oc.columns(["workspace_id", "ticket_id", "contact_id"]).doNothing())
    .execute();
}

export async function insertTicketPart(trx: Executor, part: TicketPart): Promise<void> {
  await trx.insertInto("ticket_parts").values(part).execute();
}

export function listTicketParts(db: Executor, workspaceId: string, ticketId: string): Promise<TicketPart[]> {
  return db
    .selectFrom("ticket_parts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** The parts of each of these tickets, each in listTicketParts' order (a page in one query). */
export async function listTicketPartsOfTickets(
  db: Executor,
  workspaceId: string,
  ticketIds: readonly string[],
): Promise<Map<string, TicketPart[]>> {
  const rows = await inChunks(ticketIds, (ids) =>
    db
      .selectFrom("ticket_parts")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("ticket_id", "in", ids)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  );
  return groupBy(rows, (r) => r.ticket_id);
}

// Links made at the same millisecond (both ends of a link are) keep one order: by what they point to.
export function listTicketLinks(db: Executor, workspaceId: string, ticketId: string) {
  return db
    .selectFrom("ticket_links")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("ticket_id", "=", ticketId)
    .orderBy("created_at")
    .orderBy("linked_type")
    .orderBy("linked_id")
    .execute();
}

/** The links of each of these tickets, each in listTicketLinks' order (a page in one query). */
export async function listTicketLinksOfTickets(
  db: Executor,
  workspaceId: string,
  ticketIds: readonly string[],
) {
  const rows = await inChunks(ticketIds, (ids) =>
    db
      .selectFrom("ticket_links")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("ticket_id", "in", ids)
      .orderBy("created_at")
      .orderBy("linked_type")
      .orderBy("linked_id")
      .execute(),
  );
  return groupBy(rows, (r) => r.ticket_id);
}

/** The customer ticket whose linked conversation this is, if any. */
export function findTicketByLinkedConversation(db: Executor, workspaceId: string, conversationId: string) {
  return db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("linked_conversation_id", "=", conversationId)
    .executeTakeFirst();
}

export async function touchTicket(trx: Executor, workspaceId: string, ticketId: string, now: number) {
  await trx
    .updateTable("tickets")
    .set({ updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", ticketId)
    .execute();
}

/**
 * Rule 1 turned around: every contact who can see this ticket in the portal. One query per ticket
 * instead of one per reader, so a change reaches a thousand connected viewers cheaply. The property
 * test holds it to the same model as `portalVisibility`.
 */
export async function listPortalViewerIds(db: Executor, ticket: Ticket): Promise<Set<string>> {
  if (!isSharedWithCustomers(ticket)) return new Set();
  const participants = db
    .selectFrom("ticket_contacts")
    .select("contact_id")
    .where("workspace_id", "=", ticket.workspace_id)
    .where("ticket_id", "=", ticket.id);
  const rows =
    ticket.company_id === null
      ? await participants.execute()
      : await participants
          .union(
            db
              .selectFrom("company_memberships as m")
              .innerJoin("companies as c", (join) =>
                join.onRef("c.workspace_id", "=", "m.workspace_id").onRef("c.id", "=", "m.company_id"),
              )
              .innerJoin("workspaces as w", "w.id", "m.workspace_id")
              .select("m.contact_id")
              .where("m.workspace_id", "=", ticket.workspace_id)
              .where("m.company_id", "=", ticket.company_id)
              .where((eb) =>
                eb.or([
                  eb("m.role", "=", "manager"),
                  eb(eb.fn.coalesce("c.portal_member_visibility", "w.portal_member_visibility"), "=", "all"),
                ]),
              ),
          )
          .execute();
  return new Set(rows.map((r) => r.contact_id));
}

/** Of these ticket numbers, the ones the viewer can see (a page tells the stream what it shows). */
export function findPortalTicketIdsByNumbers(db: Executor, viewer: PortalViewer, numbers: readonly number[]) {
  if (numbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("tickets")
    .select(["id", "ticket_number"])
    .where("ticket_number", "in", numbers)
    .where(portalVisibility(viewer))
    .execute();
}

export function listTicketCategories(db: Executor, workspaceId: string, ids: readonly string[]) {
  return inChunks(ids, (chunk) =>
    db
      .selectFrom("tickets")
      .select(["id", "category"])
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", chunk)
      .execute(),
  );
}
