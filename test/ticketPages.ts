// Tickets carrying everything a ticket presenter loads — several contacts, a company or none, parts by
// teammates and contacts, state changes, links to trackers and conversations — for page-presenting tests.
import type { Db } from "../src/db/database.ts";
import type { Contact, Teammate, Ticket, TicketType, Workspace } from "../src/db/schema.ts";
import { findTicket } from "../src/domain/tickets/ticket.repository.ts";
import { linkTicket } from "../src/domain/tickets/ticketLinker.ts";
import { replyToTicket } from "../src/domain/tickets/ticketReplier.ts";
import { listStatesOfType } from "../src/domain/tickets/ticketState.repository.ts";
import { createTicketTypeAttribute } from "../src/domain/tickets/ticketTypeCommands.ts";
import { updateTicket } from "../src/domain/tickets/ticketUpdater.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTeammate,
  buildTicket,
  buildTicketType,
} from "./factories.ts";

export interface BusyTickets {
  /** The customer tickets, oldest first. */
  tickets: Ticket[];
  /** The two trackers and the back-office ticket the customer tickets link to. */
  linkedTo: Ticket[];
  customerType: TicketType;
  teammates: Teammate[];
}

/**
 * `count` customer tickets of one type (with a custom attribute) in `workspace`: two companies taking
 * turns and every third ticket without one, two or three contacts each, a teammate's comment and note, a
 * contact's comment, a state change, a link to one of two trackers, every other ticket linked to a
 * conversation and to a back-office ticket.
 */
export async function buildBusyTickets(db: Db, workspace: Workspace, count: number): Promise<BusyTickets> {
  const teammates = [await buildTeammate(db, workspace), await buildTeammate(db, workspace)];
  const companies = [await buildCompany(db, workspace, "Acme"), await buildCompany(db, workspace, "Globex")];
  const customerType = await buildTicketType(db, workspace, "customer");
  await db
    .transaction()
    .execute((trx) =>
      createTicketTypeAttribute(trx, workspace.id, customerType.id, { name: "Order", dataType: "string" }),
    );
  const trackerType = await buildTicketType(db, workspace, "tracker");
  const trackers = [
    await buildTicket(db, workspace, { type: trackerType, title: "Known bug" }),
    await buildTicket(db, workspace, { type: trackerType, title: "Another known bug" }),
  ];
  const backOffice = await buildTicket(db, workspace, { category: "back_office", title: "Refund review" });
  const inProgress = (await listStatesOfType(db, workspace.id, customerType.id)).find(
    (s) => s.category === "in_progress",
  )!;

  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const company = i % 3 === 2 ? null : companies[i % 2]!;
    const contacts: Contact[] = [];
    for (let c = 0; c < 2 + (i % 2); c++)
      contacts.push(await buildContact(db, workspace, { companies: company ? [company] : [] }));
    const ticket = await buildTicket(db, workspace, {
      type: customerType,
      contacts,
      companyId: company?.id ?? null,
      title: `Busy ticket ${i}`,
      attributes: { Order: `order-${i}` },
    });
    const teammate = teammates[i % 2]!;
    await db.transaction().execute(async (trx) => {
      const admin = { type: "admin" as const, teammateId: teammate.id };
      await replyToTicket(trx, workspace.id, ticket.id, {
        author: admin,
        messageType: "comment",
        body: "On it",
      });
      await replyToTicket(trx, workspace.id, ticket.id, {
        author: admin,
        messageType: "note",
        body: "Internal",
      });
      await replyToTicket(trx, workspace.id, ticket.id, {
        author: { type: "user", contactId: contacts[i % contacts.length]!.id },
        messageType: "comment",
        body: "Thanks",
      });
      await updateTicket(trx, workspace.id, ticket.id, { stateId: inProgress.id }, admin);
      await linkTicket(trx, workspace.id, ticket.id, { type: "ticket", id: trackers[i % 2]!.id });
    });
    if (i % 2 === 0) {
      const conversation = await buildConversation(db, workspace, contacts[0]);
      await db.transaction().execute(async (trx) => {
        await linkTicket(trx, workspace.id, ticket.id, { type: "conversation", id: conversation.id });
        await linkTicket(trx, workspace.id, ticket.id, { type: "ticket", id: backOffice.id });
      });
    }
    ids.push(ticket.id);
  }
  const reread = async (ids: string[]) => {
    const tickets: Ticket[] = [];
    for (const id of ids) tickets.push((await findTicket(db, workspace.id, id))!);
    return tickets;
  };
  return {
    tickets: await reread(ids),
    linkedTo: await reread([...trackers, backOffice].map((t) => t.id)),
    customerType,
    teammates,
  };
}
