// The API's conversation object (Intercom 2.14 shape): participants, parts, linked ticket, and Portico's
// `companies`; the customer-facing conversation; a Messenger inbox row.
import type { Company, Contact, Conversation, ConversationPart, Teammate } from "../../db/schema.ts";
import { presentCustomerAuthor } from "../authors.ts";
import { seconds } from "../json.ts";
import type { InboxConversation } from "./messengerInbox.repository.ts";

export interface ConversationView {
  conversation: Conversation;
  participants: Contact[];
  parts: ConversationPart[];
  teammates: Map<string, Pick<Teammate, "id" | "name" | "email">>;
  contactsById: Map<string, Contact>;
  /** The participants' companies, by name: the conversation's company choices (rule 3, as on convert). */
  companies: Company[];
  linkedTicket: { id: string; category: string } | null;
}

export function conversationState(
  conversation: Conversation,
  now = Date.now(),
): "open" | "closed" | "snoozed" {
  if (!conversation.open) return "closed";
  return conversation.snoozed_until !== null && conversation.snoozed_until > now ? "snoozed" : "open";
}

function presentAuthor(view: ConversationView, part: ConversationPart) {
  if (part.author_type === "admin" && part.author_id) {
    const t = view.teammates.get(part.author_id);
    return { type: "admin" as const, id: part.author_id, name: t?.name ?? null, email: t?.email ?? null };
  }
  if (part.author_type === "user" && part.author_id) {
    const c = view.contactsById.get(part.author_id);
    return { type: "user" as const, id: part.author_id, name: c?.name ?? null, email: c?.email ?? null };
  }
  return { type: "bot" as const, id: "0", name: "Portico", email: null };
}

export function presentConversation(view: ConversationView) {
  const { conversation } = view;
  const [first, ...rest] = view.parts;
  return {
    type: "conversation" as const,
    id: conversation.id,
    title: conversation.title,
    created_at: seconds(conversation.created_at),
    updated_at: seconds(conversation.updated_at),
    state: conversationState(conversation),
    open: conversation.open === 1,
    read: false,
    snoozed_until: conversation.snoozed_until === null ? null : seconds(conversation.snoozed_until),
    admin_assignee_id: conversation.admin_assignee_id,
    team_assignee_id: null,
    source: first
      ? {
          type: "conversation" as const,
          id: first.id,
          delivered_as: first.author_type === "user" ? "customer_initiated" : "admin_initiated",
          body: first.body,
          author: presentAuthor(view, first),
        }
      : null,
    contacts: {
      type: "contact.list" as const,
      contacts: view.participants.map((c) => ({
        type: "contact" as const,
        id: c.id,
        external_id: c.external_id,
      })),
    },
    conversation_parts: {
      type: "conversation_part.list" as const,
      conversation_parts: rest.map((part) => ({
        type: "conversation_part" as const,
        id: part.id,
        part_type: part.part_type,
        body: part.body,
        created_at: seconds(part.created_at),
        updated_at: seconds(part.created_at),
        author: presentAuthor(view, part),
        attachments: [],
        redacted: false,
      })),
      total_count: rest.length,
    },
    // Portico's addition, as company_id is on tickets: the companies of the people taking part.
    companies: {
      type: "list" as const,
      data: view.companies.map((c) => ({
        type: "company" as const,
        id: c.id,
        company_id: c.external_id,
        name: c.name,
      })),
    },
    linked_objects: {
      type: "list" as const,
      total_count: view.linkedTicket ? 1 : 0,
      has_more: false,
      data: view.linkedTicket
        ? [{ type: "ticket" as const, id: view.linkedTicket.id, category: view.linkedTicket.category }]
        : [],
    },
  };
}

/**
 * The conversation as one of its customers sees it (Messenger, portal): public replies only, teammates
 * and the other customers by name only.
 */
export function presentCustomerConversation(view: ConversationView, readerContactId: string) {
  const { conversation } = view;
  return {
    type: "conversation" as const,
    id: conversation.id,
    title: conversation.title,
    state: conversationState(conversation),
    created_at: seconds(conversation.created_at),
    updated_at: seconds(conversation.updated_at),
    parts: view.parts
      .filter((part) => part.part_type === "comment")
      .map((part) => ({
        id: part.id,
        body: part.body,
        author: presentCustomerAuthor(presentAuthor(view, part), readerContactId),
        created_at: seconds(part.created_at),
      })),
  };
}

/** One row of the Messenger's Messages space: the last public message and the reader's unread count. */
export function presentInboxConversation(row: InboxConversation, readerContactId: string) {
  return {
    type: "conversation_summary" as const,
    id: row.id,
    title: row.title,
    state: row.open ? ("open" as const) : ("closed" as const),
    updated_at: seconds(row.updatedAt),
    last_message: row.lastPart
      ? {
          body: row.lastPart.body,
          author: presentCustomerAuthor(
            { type: row.lastPart.authorType, id: row.lastPart.authorId, name: row.lastPart.authorName },
            readerContactId,
          ),
          created_at: seconds(row.lastPart.createdAt),
        }
      : null,
    unread: row.unread,
  };
}
