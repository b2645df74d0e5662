// Who receives what. Every event is re-checked against the reader's policy at delivery time and shaped
// by the reader's presenter: teammates get the workspace's events, customers only what they could GET,
// in the customer-facing shape (rule 2). A push never reaches anyone who could not fetch it.
import type { OutboxEvent } from "../db/schema.ts";
import { presentCustomerConversation } from "../domain/conversations/conversation.presenter.ts";
import { seconds } from "../domain/json.ts";
import { contactAbilities } from "../domain/tickets/ticket.policy.ts";
import { presentPortalTicket, readerAuthoredPortalParts } from "../domain/tickets/ticket.presenter.ts";
import type { Ticket } from "../db/schema.ts";
import type { EventContext } from "./eventContext.ts";

export interface RealtimeMessage {
  event: string;
  data: unknown;
  /** `data` already serialised, when many readers share the very same message. */
  json?: string;
}

export interface Audience {
  readonly workspaceId: string;
  /** Messages for this reader about the event; none when the reader may not see what it is about. */
  render(ctx: EventContext): Promise<RealtimeMessage[]>;
}

/** Teammates see every event of their workspace: ids and small facts, the UI fetches the rest. */
export class HelpDeskAudience implements Audience {
  constructor(readonly workspaceId: string) {}

  async render(ctx: EventContext): Promise<RealtimeMessage[]> {
    const e: OutboxEvent = ctx.event;
    return [
      {
        event: e.type,
        data: {
          id: e.id,
          type: e.type,
          subject_type: e.subject_type,
          subject_id: e.subject_id,
          payload: await ctx.parsedPayload(),
          created_at: seconds(e.created_at),
        },
      },
    ];
  }
}

const MEMBERSHIP_EVENTS = new Set(["company_membership.created", "company_membership.deleted"]);

/** Shared by the portal and the Messenger: a customer reader and the tickets they were told about. */
abstract class CustomerAudience implements Audience {
  /** Ticket id -> human number, for every ticket this connection showed or was told about. */
  readonly known = new Map<string, number>();

  constructor(
    readonly workspaceId: string,
    readonly contactId: string,
  ) {}

  /** Whether a ticket the reader can see belongs in this surface (the portal: all; the Messenger: theirs). */
  protected abstract inSurface(ctx: EventContext, ticket: Ticket): Promise<boolean>;

  async render(ctx: EventContext): Promise<RealtimeMessage[]> {
    const event = ctx.event;
    if (event.subject_type === "ticket") return this.renderTicket(ctx);
    if (MEMBERSHIP_EVENTS.has(event.type)) {
      const payload = await ctx.parsedPayload();
      return payload.contact_id === this.contactId ? [{ event: "access_changed", data: {} }] : [];
    }
    if (event.type === "workspace.updated") return [{ event: "access_changed", data: {} }];
    if (event.type === "company.updated" || event.type === "company.deleted") {
      return (await ctx.companyMembers()).has(this.contactId) ? [{ event: "access_changed", data: {} }] : [];
    }
    if (event.subject_type === "conversation") return this.renderConversation(ctx);
    return [];
  }

  private async renderTicket(ctx: EventContext): Promise<RealtimeMessage[]> {
    const ticket = await ctx.ticket();
    if (ticket && (await ctx.portalViewers()).has(this.contactId) && (await this.inSurface(ctx, ticket))) {
      return [await this.ticketMessage(ctx, ticket)];
    }
    const number = this.known.get(ctx.event.subject_id);
    if (number === undefined) return [];
    this.known.delete(ctx.event.subject_id);
    return [{ event: "ticket_removed", data: { ticket_id: number } }];
  }

  protected async ticketMessage(ctx: EventContext, ticket: Ticket): Promise<RealtimeMessage> {
    const joined = ticket.linked_conversation_id
      ? (ctx.event.subject_type === "ticket"
          ? await ctx.linkedConversationParticipants()
          : await ctx.conversationParticipants()
        ).has(this.contactId)
      : false;
    this.known.set(ticket.id, ticket.ticket_number);
    // Every reader with the same abilities gets the same bytes: present and serialise once per event.
    // Only a reader who wrote one of its replies sees it differently ("You"), so only they get their own.
    const abilities = contactAbilities(ticket, { isConversationParticipant: joined });
    const view = await ctx.viewOf(ticket);
    const reader = readerAuthoredPortalParts(view, this.contactId) ? this.contactId : "others";
    return ctx.shared(`portal-ticket:${ticket.id}:${JSON.stringify(abilities)}:${reader}`, async () => {
      const data = presentPortalTicket(view, abilities, this.contactId);
      return { event: "ticket", data, json: JSON.stringify(data) };
    });
  }

  /** A conversation event can change a ticket's abilities (someone joined) for readers who see it. */
  protected async renderConversation(ctx: EventContext): Promise<RealtimeMessage[]> {
    const ticket = await ctx.ticketOfConversation();
    if (!ticket || !(await ctx.viewersOf(ticket)).has(this.contactId)) return [];
    if (!(await this.inSurface(ctx, ticket))) return [];
    return [await this.ticketMessage(ctx, ticket)];
  }
}

/** A Help Center visitor signed in as a contact: every ticket they can see (rule 1). */
export class PortalAudience extends CustomerAudience {
  protected async inSurface(): Promise<boolean> {
    return true;
  }
}

/**
 * A Messenger session: the contact's conversations, and the tickets in their tickets space — those they
 * can see and take part in (created, are a contact of, or joined the conversation of).
 */
export class MessengerAudience extends CustomerAudience {
  protected async inSurface(ctx: EventContext, ticket: Ticket): Promise<boolean> {
    if (ctx.event.subject_type === "ticket") return (await ctx.ticketSpaceMembers()).has(this.contactId);
    // A conversation event about a ticket's own conversation: its participants are in the space.
    return (
      ticket.created_by_contact_id === this.contactId ||
      (await ctx.conversationParticipants()).has(this.contactId)
    );
  }

  protected override async renderConversation(ctx: EventContext): Promise<RealtimeMessage[]> {
    const messages: RealtimeMessage[] = [];
    const participants = await ctx.conversationParticipants();
    if (participants.has(this.contactId)) {
      const view = await ctx.conversationView();
      if (view)
        messages.push({ event: "conversation", data: presentCustomerConversation(view, this.contactId) });
    } else if (ctx.event.type === "conversation.participant_removed") {
      const payload = await ctx.parsedPayload();
      if (payload.contact_id === this.contactId)
        messages.push({ event: "conversation_removed", data: { id: ctx.event.subject_id } });
    }
    return [...messages, ...(await super.renderConversation(ctx))];
  }
}
