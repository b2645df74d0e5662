// Replies on a ticket: teammates' comments and notes, customers' comments (rule 4 moves the state).
import type { Executor } from "../../db/database.ts";
import type { TicketPart } from "../../db/schema.ts";
import { checkAuthor, type Author } from "../conversations/conversationCommands.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { findTicket, insertTicketPart, isTicketVisibleToContact, touchTicket } from "./ticket.repository.ts";
import { firstStateOfCategory, findTicketState } from "./ticketState.repository.ts";
import { changeTicketState } from "./ticketUpdater.ts";

export async function replyToTicket(
  trx: Executor,
  workspaceId: string,
  ticketId: string,
  input: { author: Author; messageType: "comment" | "note"; body: string },
): Promise<TicketPart> {
  let ticket = await findTicket(trx, workspaceId, ticketId);
  if (!ticket) throw notFound("Ticket", "ticket_not_found");
  await checkAuthor(trx, workspaceId, input.author);
  if (input.body.trim() === "") throw invalid("body", "the reply must not be empty");
  if (input.body.length > 65_536) throw invalid("body", "the reply must be at most 65536 characters");
  const now = Date.now();

  if (input.author.type === "user") {
    // A customer can only reply where they can see the ticket; otherwise it does not exist for them.
    if (
      !(await isTicketVisibleToContact(trx, { workspaceId, contactId: input.author.contactId }, ticketId))
    ) {
      throw notFound("Ticket", "ticket_not_found");
    }
    if (ticket.category !== "customer") {
      throw new DomainError("parameter_mismatch", "customers can only reply to customer tickets", "type");
    }
    if (input.messageType !== "comment") throw invalid("message_type", "customers can only send comments");
  } else if (input.author.type === "bot") {
    throw invalid("type", "bots cannot reply to tickets");
  }

  const part: TicketPart = {
    workspace_id: workspaceId,
    id: newId(),
    ticket_id: ticketId,
    part_type: input.messageType,
    body: input.body,
    previous_ticket_state_id: null,
    ticket_state_id: null,
    author_type: input.author.type,
    author_id: input.author.type === "admin" ? input.author.teammateId : input.author.contactId,
    created_at: now,
  };
  await insertTicketPart(trx, part);
  await touchTicket(trx, workspaceId, ticketId, now);
  ticket = { ...ticket, updated_at: now };
  await appendEvent(trx, {
    workspaceId,
    type: "ticket.part_created",
    subjectType: "ticket",
    subjectId: ticketId,
    payload: { part_id: part.id, part_type: part.part_type },
  });

  if (input.author.type === "user") {
    // Rule 4: the customer answered, so a ticket waiting on them is worked on again.
    const current = await findTicketState(trx, workspaceId, ticket.ticket_state_id);
    if (current?.category === "waiting_on_customer") {
      const inProgress = await firstStateOfCategory(trx, workspaceId, ticket.ticket_type_id, "in_progress");
      if (inProgress) await changeTicketState(trx, ticket, inProgress.id, input.author, now);
    }
  }
  return part;
}
