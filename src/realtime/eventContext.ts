// What an event means for readers, loaded once per event and shared by every connection it reaches:
// the ticket as it is now, who can see it, its customer-facing presentation, a conversation's people.
import type { Db } from "../db/database.ts";
import type { Conversation, OutboxEvent, Ticket } from "../db/schema.ts";
import { listCompanyMemberIds } from "../domain/companies/company.repository.ts";
import type { ConversationView } from "../domain/conversations/conversation.presenter.ts";
import {
  findConversation,
  listConversationParticipantIds,
  loadConversationView,
} from "../domain/conversations/conversation.repository.ts";
import {
  findTicket,
  findTicketByLinkedConversation,
  listPortalViewerIds,
  listTicketContactIds,
} from "../domain/tickets/ticket.repository.ts";
import { loadTicketView, type TicketView } from "../domain/tickets/ticketView.ts";

export class EventContext {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly db: Db,
    readonly event: OutboxEvent,
  ) {}

  /** Work shared by every reader of this event (presentations, serialisations), done once. */
  shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.once(`shared:${key}`, load);
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.memo.get(key) as Promise<T> | undefined;
    if (!value) {
      const loading = load();
      value = loading;
      this.memo.set(key, loading);
      // A failed load (the database was away) is forgotten, so a retried delivery loads it again.
      loading.catch(() => {
        if (this.memo.get(key) === loading) this.memo.delete(key);
      });
    }
    return value;
  }

  parsedPayload(): Promise<Record<string, unknown>> {
    return this.once("payload", async () => JSON.parse(this.event.payload) as Record<string, unknown>);
  }

  /** The event's ticket as it is now, or null when it no longer exists. */
  ticket(): Promise<Ticket | null> {
    return this.once("ticket", async () =>
      this.event.subject_type === "ticket"
        ? ((await findTicket(this.db, this.event.workspace_id, this.event.subject_id)) ?? null)
        : null,
    );
  }

  /** Contacts who can see the ticket now (rule 1). */
  portalViewers(): Promise<Set<string>> {
    return this.once("viewers", async () => {
      const ticket = await this.ticket();
      return ticket ? listPortalViewerIds(this.db, ticket) : new Set<string>();
    });
  }

  ticketView(): Promise<TicketView | null> {
    return this.once("view", async () => {
      const ticket = await this.ticket();
      return ticket ? loadTicketView(this.db, ticket) : null;
    });
  }

  /** The people in the ticket's own space: its contacts, its creator, and who joined its conversation. */
  ticketSpaceMembers(): Promise<Set<string>> {
    return this.once("space", async () => {
      const ticket = await this.ticket();
      if (!ticket) return new Set<string>();
      const ids = new Set(await listTicketContactIds(this.db, ticket.workspace_id, ticket.id));
      if (ticket.created_by_contact_id) ids.add(ticket.created_by_contact_id);
      for (const id of await this.linkedConversationParticipants()) ids.add(id);
      return ids;
    });
  }

  linkedConversationParticipants(): Promise<Set<string>> {
    return this.once("linked", async () => {
      const ticket = await this.ticket();
      if (!ticket?.linked_conversation_id) return new Set<string>();
      return new Set(
        await listConversationParticipantIds(this.db, ticket.workspace_id, ticket.linked_conversation_id),
      );
    });
  }

  conversation(): Promise<Conversation | null> {
    return this.once("conversation", async () =>
      this.event.subject_type === "conversation"
        ? ((await findConversation(this.db, this.event.workspace_id, this.event.subject_id)) ?? null)
        : null,
    );
  }

  conversationParticipants(): Promise<Set<string>> {
    return this.once("participants", async () => {
      const conversation = await this.conversation();
      return conversation
        ? new Set(await listConversationParticipantIds(this.db, conversation.workspace_id, conversation.id))
        : new Set<string>();
    });
  }

  conversationView(): Promise<ConversationView | null> {
    return this.once("conversationView", async () => {
      const conversation = await this.conversation();
      return conversation ? loadConversationView(this.db, conversation) : null;
    });
  }

  /** For conversation events: the customer ticket whose own conversation this is, if any. */
  ticketOfConversation(): Promise<Ticket | null> {
    return this.once("ticketOfConversation", async () =>
      this.event.subject_type === "conversation"
        ? ((await findTicketByLinkedConversation(this.db, this.event.workspace_id, this.event.subject_id)) ??
          null)
        : null,
    );
  }

  /** Who can see a given ticket (for events about something else that touch a ticket). */
  viewersOf(ticket: Ticket): Promise<Set<string>> {
    return this.once(`viewers:${ticket.id}`, () => listPortalViewerIds(this.db, ticket));
  }

  viewOf(ticket: Ticket): Promise<TicketView> {
    return this.once(`view:${ticket.id}`, () => loadTicketView(this.db, ticket));
  }

  /** Members of the event's company (for company events). */
  companyMembers(): Promise<Set<string>> {
    return this.once("companyMembers", async () => {
      if (this.event.subject_type !== "company") return new Set<string>();
      const rows = await listCompanyMemberIds(this.db, this.event.workspace_id, this.event.subject_id);
      return new Set(rows);
    });
  }
}
