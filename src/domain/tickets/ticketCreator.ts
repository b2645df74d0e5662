// Creates tickets (directly, or by converting a conversation): number, state, company, parts, event.
import type { Executor } from "../../db/database.ts";
import type { Ticket } from "../../db/schema.ts";
import { listCompanyIdsOfContacts } from "../companies/company.repository.ts";
import { listContactsByIds } from "../contacts/contact.repository.ts";
import {
  findConversation,
  listConversationParticipantIds,
  listConversationParts,
} from "../conversations/conversation.repository.ts";
import { checkAuthor, type Author } from "../conversations/conversationCommands.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { flag, type JsonValue } from "../json.ts";
import { findTeammate } from "../teammates/teammate.repository.ts";
import { DEFAULT_DESCRIPTION, DEFAULT_TITLE, resolveAttributes } from "./attributeValues.ts";
import { associateCompany, UNSET } from "./companyAssociation.ts";
import {
  allocateTicketNumber,
  findTicketByLinkedConversation,
  insertTicketContacts,
  insertTicketPart,
} from "./ticket.repository.ts";
import { firstStateOfCategory } from "./ticketState.repository.ts";
import { findTicketType, listAttributesOfType } from "./ticketType.repository.ts";

export interface CreateTicketInput {
  ticketTypeId: string;
  /** Participants (already resolved to contact ids). */
  contactIds: string[];
  /** undefined: the association rule decides; null: "No company"; an id: that company (must be a choice). */
  companyId?: string | null;
  attributes: Record<string, JsonValue>;
  author: Author;
  createdAt?: number;
  linkedConversationId?: string;
  assigneeId?: string | null;
  isShared?: boolean;
}

export const MAX_TICKET_CONTACTS = 100;

export async function createTicket(
  trx: Executor,
  workspaceId: string,
  input: CreateTicketInput,
): Promise<Ticket> {
  const type = await findTicketType(trx, workspaceId, input.ticketTypeId);
  if (!type) throw new DomainError("not_found", "Ticket type not found", "ticket_type_id");
  if (type.archived)
    throw new DomainError("invalid_ticket_type", "the ticket type is archived", "ticket_type_id");
  await checkAuthor(trx, workspaceId, input.author);
  if (input.author.type === "user") {
    if (type.category !== "customer") {
      throw new DomainError(
        "parameter_mismatch",
        "customers can only create tickets of a customer type",
        "ticket_type_id",
      );
    }
  }
  const contactIds = [
    ...new Set(
      input.author.type === "user" ? [input.author.contactId, ...input.contactIds] : input.contactIds,
    ),
  ];
  if (contactIds.length > MAX_TICKET_CONTACTS) {
    throw invalid("contacts", `a ticket can have at most ${MAX_TICKET_CONTACTS} contacts`);
  }
  const contacts = await listContactsByIds(trx, workspaceId, contactIds);
  if (contacts.length !== contactIds.length)
    throw new DomainError("not_found", "contact not found", "contacts");
  if (type.category === "customer" && contactIds.length === 0) {
    throw invalid("contacts", "a customer ticket needs at least one contact");
  }

  const attributes = resolveAttributes(
    await listAttributesOfType(trx, workspaceId, type.id),
    input.attributes,
    {
      author: input.author.type === "user" ? "user" : "admin",
      checkRequired: true,
    },
  );
  const state = await firstStateOfCategory(trx, workspaceId, type.id, "submitted");
  if (!state) throw new DomainError("ticket_state_id_invalid", "the ticket type has no submitted state");

  const choices = await listCompanyIdsOfContacts(trx, workspaceId, contactIds);
  let association = associateCompany(choices, UNSET);
  if (input.companyId === null) {
    association = { companyId: null, chosenByPerson: true };
  } else if (input.companyId !== undefined) {
    if (!choices.includes(input.companyId)) {
      throw invalid("company_id", "the company must be one of the companies of the ticket's contacts");
    }
    association = { companyId: input.companyId, chosenByPerson: true };
  }

  if (type.category === "tracker" && input.isShared)
    throw invalid("is_shared", "tracker tickets are never shared with customers");
  if (type.category === "customer" && input.isShared === false) {
    throw invalid("is_shared", "customer tickets are always shared with their customers");
  }
  if (input.assigneeId && !(await findTeammate(trx, workspaceId, input.assigneeId))) {
    throw new DomainError("not_found", "admin not found", "assignee_id");
  }
  if (input.linkedConversationId !== undefined) {
    if (!(await findConversation(trx, workspaceId, input.linkedConversationId))) {
      throw new DomainError("not_found", "conversation not found", "conversation_to_link_id");
    }
    if (
      type.category === "customer" &&
      (await findTicketByLinkedConversation(trx, workspaceId, input.linkedConversationId))
    ) {
      throw new DomainError(
        "conflict",
        "this conversation is already linked to a ticket",
        "conversation_to_link_id",
      );
    }
  }
  const createdAt = input.createdAt ?? Date.now();
  if (!Number.isSafeInteger(createdAt) || createdAt < 0)
    throw invalid("created_at", "created_at must be a unix timestamp");

  // The number is taken last, so the counter row is locked for as short a time as possible.
  const ticketNumber = await allocateTicketNumber(trx, workspaceId);
  const ticket: Ticket = {
    workspace_id: workspaceId,
    id: newId(),
    ticket_number: ticketNumber,
    ticket_type_id: type.id,
    category: type.category,
    ticket_state_id: state.id,
    title: attributes.title,
    description: attributes.description,
    attributes: JSON.stringify(attributes.values),
    company_id: association.companyId,
    company_chosen: flag(association.chosenByPerson),
    is_shared: flag(
      type.category === "customer" || (type.category === "back_office" && input.isShared === true),
    ),
    open: 1,
    snoozed_until: null,
    admin_assignee_id: input.assigneeId ?? null,
    linked_conversation_id: type.category === "customer" ? (input.linkedConversationId ?? null) : null,
    created_by_contact_id: input.author.type === "user" ? input.author.contactId : null,
    created_by_teammate_id: input.author.type === "admin" ? input.author.teammateId : null,
    created_at: createdAt,
    updated_at: createdAt,
  };
  await trx.insertInto("tickets").values(ticket).execute();
  await insertTicketContacts(trx, workspaceId, ticket.id, contactIds);
  if (input.linkedConversationId !== undefined && type.category !== "customer") {
    // Back-office and tracker tickets keep conversations as links, not as their own conversation.
    await trx
      .insertInto("ticket_links")
      .values({
        workspace_id: workspaceId,
        ticket_id: ticket.id,
        linked_type: "conversation",
        linked_id: input.linkedConversationId,
        created_at: createdAt,
      })
      .execute();
  }
  await insertTicketPart(trx, {
    workspace_id: workspaceId,
    id: newId(),
    ticket_id: ticket.id,
    part_type: "ticket_created",
    body: null,
    previous_ticket_state_id: null,
    ticket_state_id: state.id,
    author_type: input.author.type,
    author_id:
      input.author.type === "admin"
        ? input.author.teammateId
        : input.author.type === "user"
          ? input.author.contactId
          : null,
    created_at: createdAt,
  });
  await appendEvent(trx, {
    workspaceId,
    type: "ticket.created",
    subjectType: "ticket",
    subjectId: ticket.id,
    payload: { company_id: ticket.company_id, contact_ids: contactIds },
  });
  return ticket;
}

/**
 * Converts a conversation into a customer ticket: its participants become the ticket's contacts, the
 * company follows rule 3, and the conversation becomes the ticket's linked conversation, so every part of
 * it stays one click from the ticket. Unless given, the title is the conversation's title (or the start of
 * its first message) and the description is the customer's first message: the ticket says what was asked.
 */
export async function convertConversationToTicket(
  trx: Executor,
  workspaceId: string,
  input: {
    conversationId: string;
    ticketTypeId: string;
    attributes: Record<string, JsonValue>;
    author: Author;
  },
): Promise<Ticket> {
  const conversation = await findConversation(trx, workspaceId, input.conversationId);
  if (!conversation) throw notFound("Conversation");
  const type = await findTicketType(trx, workspaceId, input.ticketTypeId);
  if (!type) throw new DomainError("not_found", "Ticket type not found", "ticket_type_id");
  if (type.archived)
    throw new DomainError("invalid_ticket_type", "the ticket type is archived", "ticket_type_id");
  if (type.category !== "customer") {
    throw invalid("ticket_type_id", "only customer ticket types can be created from a conversation");
  }
  const attributes = { ...input.attributes };
  const comments = (await listConversationParts(trx, workspaceId, conversation.id)).filter(
    (p) => p.part_type === "comment",
  );
  const customerMessage = comments.find((p) => p.author_type === "user") ?? comments[0];
  if (attributes[DEFAULT_TITLE] === undefined) {
    const fallback =
      conversation.title ?? customerMessage?.body.replace(/\s+/g, " ").trim().slice(0, 120) ?? "";
    attributes[DEFAULT_TITLE] = fallback || "Conversation";
  }
  if (attributes[DEFAULT_DESCRIPTION] === undefined && customerMessage) {
    attributes[DEFAULT_DESCRIPTION] = customerMessage.body;
  }
  return createTicket(trx, workspaceId, {
    ticketTypeId: type.id,
    contactIds: await listConversationParticipantIds(trx, workspaceId, conversation.id),
    attributes,
    author: input.author,
    linkedConversationId: conversation.id,
  });
}
