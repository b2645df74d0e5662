// What a customer does with tickets, shared by the Help Center portal and the Messenger: read one as
// they may see it (rules 1 and 2, with their abilities) and its conversation, reply, join its
// conversation, open a new one.
import type { Executor } from "../../db/database.ts";
import type { Company, Ticket } from "../../db/schema.ts";
import { presentCustomerConversation } from "../conversations/conversation.presenter.ts";
import {
  findConversation,
  isConversationParticipant,
  loadConversationView,
} from "../conversations/conversation.repository.ts";
import { DomainError } from "../errors.ts";
import type { JsonValue } from "../json.ts";
import type { HotSettings } from "../workspaces/hotSettings.ts";
import { loadPortalRowContext, type PortalListTicket } from "./portalList.repository.ts";
import { contactAbilities, type PortalViewer } from "./ticket.policy.ts";
import {
  portalAttributeLabel,
  presentPortalTicket,
  presentPortalTicketRow,
  presentPortalTicketType,
} from "./ticket.presenter.ts";
import { createTicket } from "./ticketCreator.ts";
import { joinTicketConversation } from "./ticketLinker.ts";
import { replyToTicket } from "./ticketReplier.ts";
import { loadTicketView } from "./ticketView.ts";

/** Finds a ticket the viewer may see by its human number, or undefined. */
export type TicketFinder = (
  executor: Executor,
  viewer: PortalViewer,
  ticketNumber: number,
) => Promise<Ticket | undefined>;

export const customerTicketNotFound = () =>
  new DomainError("not_found", "This ticket does not exist or you no longer have access to it.");

/** Missing and not visible are the same answer (rule 1). */
export async function visibleCustomerTicket(
  executor: Executor,
  find: TicketFinder,
  viewer: PortalViewer,
  ticketNumber: number,
): Promise<Ticket> {
  const ticket = await find(executor, viewer, ticketNumber);
  if (!ticket) throw customerTicketNotFound();
  return ticket;
}

/** The customer-facing ticket with the viewer's abilities. */
export async function presentTicketForCustomer(executor: Executor, viewer: PortalViewer, ticket: Ticket) {
  const joined = ticket.linked_conversation_id
    ? await isConversationParticipant(
        executor,
        viewer.workspaceId,
        ticket.linked_conversation_id,
        viewer.contactId,
      )
    : false;
  return presentPortalTicket(
    await loadTicketView(executor, ticket),
    contactAbilities(ticket, { isConversationParticipant: joined }),
    viewer.contactId,
  );
}

/**
 * The ticket's own conversation as the viewer reads it — a converted conversation keeps every message —
 * once they take part in it (rule 5: joining comes first); null otherwise.
 */
export async function ticketConversationForCustomer(
  executor: Executor,
  viewer: PortalViewer,
  ticket: Ticket,
) {
  const id = ticket.linked_conversation_id;
  if (!id || !(await isConversationParticipant(executor, viewer.workspaceId, id, viewer.contactId)))
    return null;
  const conversation = await findConversation(executor, viewer.workspaceId, id);
  if (!conversation) return null;
  return presentCustomerConversation(await loadConversationView(executor, conversation), viewer.contactId);
}

export async function replyAsCustomer(
  trx: Executor,
  find: TicketFinder,
  viewer: PortalViewer,
  ticketNumber: number,
  body: string,
) {
  const ticket = await visibleCustomerTicket(trx, find, viewer, ticketNumber);
  await replyToTicket(trx, viewer.workspaceId, ticket.id, {
    author: { type: "user", contactId: viewer.contactId },
    messageType: "comment",
    body,
  });
  return presentTicketForCustomer(trx, viewer, await visibleCustomerTicket(trx, find, viewer, ticketNumber));
}

export async function joinAsCustomer(
  trx: Executor,
  find: TicketFinder,
  viewer: PortalViewer,
  ticketNumber: number,
) {
  const ticket = await visibleCustomerTicket(trx, find, viewer, ticketNumber);
  await joinTicketConversation(trx, viewer.workspaceId, { ticketId: ticket.id, contactId: viewer.contactId });
  return presentTicketForCustomer(trx, viewer, ticket);
}

/**
 * List rows as customers see them (portal list, similar tickets, the Messenger's space): state and type
 * names from the hot settings, the page's company names in one read (loadPortalRowContext).
 */
export async function presentTicketRowsForCustomer(
  db: Executor,
  settings: HotSettings,
  workspaceId: string,
  tickets: readonly PortalListTicket[],
  /** Companies whose names the caller just read (the viewer's, with a portal page). */
  companies?: readonly Pick<Company, "id" | "name">[],
) {
  if (tickets.length === 0) return [];
  const [states, types] = await Promise.all([
    settings.ticketStates(workspaceId),
    settings.ticketTypes(workspaceId),
  ]);
  const context = await loadPortalRowContext(db, workspaceId, tickets, { states, types, companies });
  return tickets.map((ticket) => presentPortalTicketRow(ticket, context.get(ticket.id)!));
}

/** The customer ticket types with the attributes a contact fills in when creating one. */
export async function customerTicketTypes(settings: HotSettings, workspaceId: string) {
  const { types, createAttributes } = await settings.customerTicketTypes(workspaceId);
  return types.map((type) =>
    presentPortalTicketType(
      type,
      createAttributes.filter((a) => a.ticket_type_id === type.id),
    ),
  );
}

/**
 * A ticket opened by the viewer: they are its author and only contact; rule 3 picks the company when
 * none is given. Errors name the fields as customers read them (Title, not _default_title_).
 */
export async function openTicketAsCustomer(
  trx: Executor,
  viewer: PortalViewer,
  input: { ticketTypeId: string; companyId?: string | null; attributes: Record<string, JsonValue> },
) {
  try {
    const ticket = await createTicket(trx, viewer.workspaceId, {
      ticketTypeId: input.ticketTypeId,
      contactIds: [viewer.contactId],
      companyId: input.companyId,
      attributes: input.attributes,
      author: { type: "user", contactId: viewer.contactId },
    });
    return await presentTicketForCustomer(trx, viewer, ticket);
  } catch (error) {
    throw withCustomerFieldNames(error);
  }
}

function withCustomerFieldNames(error: unknown): unknown {
  if (!(error instanceof DomainError) || !error.field) return error;
  const label = portalAttributeLabel(error.field);
  if (label === error.field) return error;
  return new DomainError(error.code, error.message.split(error.field).join(label), label);
}
