// Links between tickets and conversations, and a customer joining a ticket's conversation (rule 5).
import type { Executor } from "../../db/database.ts";
import type { LinkedObjectType, Ticket, TicketCategory } from "../../db/schema.ts";
import { addConversationParticipant } from "../conversations/conversationCommands.ts";
import {
  findConversation,
  listConversationParticipantIds,
} from "../conversations/conversation.repository.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { findTicket, findTicketByLinkedConversation, isTicketVisibleToContact } from "./ticket.repository.ts";
import { addTicketContacts } from "./ticketUpdater.ts";

export type LinkTarget = { type: LinkedObjectType; id: string };

/**
 * The valid pairs. A customer ticket has one conversation of its own (its linked conversation) and can
 * be tracked by a tracker or a back-office ticket; back-office tickets and trackers gather conversations
 * and customer tickets. Nothing else links.
 */
export function canLink(
  category: TicketCategory,
  target: { type: LinkedObjectType; category?: TicketCategory },
): boolean {
  if (target.type === "conversation") return true;
  switch (category) {
    case "customer":
      return target.category === "tracker" || target.category === "back_office";
    case "back_office":
    case "tracker":
      return target.category === "customer";
  }
}

export async function linkTicket(
  trx: Executor,
  workspaceId: string,
  ticketId: string,
  target: LinkTarget,
): Promise<Ticket> {
  const ticket = await findTicket(trx, workspaceId, ticketId);
  if (!ticket) throw notFound("Ticket", "ticket_not_found");
  const now = Date.now();

  if (target.type === "conversation") {
    const conversation = await findConversation(trx, workspaceId, target.id);
    if (!conversation) throw notFound("Conversation");
    if (ticket.category === "customer") {
      if (ticket.linked_conversation_id === conversation.id) return ticket;
      if (ticket.linked_conversation_id !== null) {
        throw new DomainError("conflict", "this ticket already has a linked conversation", "conversation_id");
      }
      const other = await findTicketByLinkedConversation(trx, workspaceId, conversation.id);
      if (other)
        throw new DomainError(
          "conflict",
          "this conversation is already linked to another ticket",
          "conversation_id",
        );
      await trx
        .updateTable("tickets")
        .set({ linked_conversation_id: conversation.id, updated_at: now })
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", ticketId)
        .execute();
      await appendEvent(trx, {
        workspaceId,
        type: "ticket.linked",
        subjectType: "ticket",
        subjectId: ticketId,
        payload: { conversation_id: conversation.id },
      });
      // Rule 3 on link: the conversation's people take part in the ticket, and the company follows.
      const participants = await listConversationParticipantIds(trx, workspaceId, conversation.id);
      const linked = { ...ticket, linked_conversation_id: conversation.id, updated_at: now };
      return participants.length > 0 ? addTicketContacts(trx, workspaceId, ticketId, participants) : linked;
    }
    await insertLink(trx, workspaceId, ticketId, target, now);
    await appendEvent(trx, {
      workspaceId,
      type: "ticket.linked",
      subjectType: "ticket",
      subjectId: ticketId,
      payload: { conversation_id: conversation.id },
    });
    return ticket;
  }

  const other = await findTicket(trx, workspaceId, target.id);
  if (!other) throw notFound("Ticket", "ticket_not_found");
  if (other.id === ticket.id) throw invalid("ticket_id", "a ticket cannot be linked to itself");
  if (!canLink(ticket.category, { type: "ticket", category: other.category })) {
    throw invalid(
      "ticket_id",
      `a ${ticket.category.replace("_", "-")} ticket cannot be linked to a ${other.category.replace("_", "-")} ticket`,
    );
  }
  await insertLink(trx, workspaceId, ticket.id, { type: "ticket", id: other.id }, now);
  await insertLink(trx, workspaceId, other.id, { type: "ticket", id: ticket.id }, now);
  for (const id of [ticket.id, other.id]) {
    await appendEvent(trx, {
      workspaceId,
      type: "ticket.linked",
      subjectType: "ticket",
      subjectId: id,
      payload: { ticket_id: id === ticket.id ? other.id : ticket.id },
    });
  }
  return ticket;
}

async function insertLink(
  trx: Executor,
  workspaceId: string,
  ticketId: string,
  target: LinkTarget,
  now: number,
) {
  await trx
    .insertInto("ticket_links")
    .values({
      workspace_id: workspaceId,
      ticket_id: ticketId,
      linked_type: target.type,
      linked_id: target.id,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["workspace_id", "ticket_id", "linked_type", "linked_id"]).doNothing())
    .execute();
}

/**
 * Rule 5: a customer who can see the ticket joins its linked conversation and so takes part in it;
 * from then on the ticket is also in their Messenger tickets space. Returns false if already joined.
 */
export async function joinTicketConversation(
  trx: Executor,
  workspaceId: string,
  input: { ticketId: string; contactId: string },
): Promise<boolean> {
  if (!(await isTicketVisibleToContact(trx, { workspaceId, contactId: input.contactId }, input.ticketId))) {
    throw notFound("Ticket", "ticket_not_found");
  }
  const ticket = (await findTicket(trx, workspaceId, input.ticketId))!;
  if (!ticket.linked_conversation_id) throw invalid("ticket_id", "this ticket has no conversation to join");
  return addConversationParticipant(trx, workspaceId, {
    conversationId: ticket.linked_conversation_id,
    contactId: input.contactId,
  });
}
