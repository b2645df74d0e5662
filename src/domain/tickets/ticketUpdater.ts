// Changes to an existing ticket. Every change a customer could notice is recorded as a ticket part.
import type { Executor } from "../../db/database.ts";
import type { Ticket, TicketPartType } from "../../db/schema.ts";
import { listCompanyIdsOfContacts } from "../companies/company.repository.ts";
import { listContactsByIds } from "../contacts/contact.repository.ts";
import { checkAuthor, type Author } from "../conversations/conversationCommands.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { flag, parseObject, type JsonValue } from "../json.ts";
import { findTeammate } from "../teammates/teammate.repository.ts";
import { resolveAttributes } from "./attributeValues.ts";
import { associateCompany } from "./companyAssociation.ts";
import { MAX_TICKET_CONTACTS } from "./ticketCreator.ts";
import {
  findTicket,
  insertTicketContacts,
  insertTicketPart,
  listTicketContactIds,
} from "./ticket.repository.ts";
import { listStatesOfType } from "./ticketState.repository.ts";
import { listAttributesOfType } from "./ticketType.repository.ts";

function authorColumns(author: Author) {
  switch (author.type) {
    case "admin":
      return { author_type: "admin" as const, author_id: author.teammateId };
    case "user":
      return { author_type: "user" as const, author_id: author.contactId };
    case "bot":
      return { author_type: "bot" as const, author_id: null };
  }
}

async function recordPart(
  trx: Executor,
  ticket: Ticket,
  author: Author,
  part: {
    type: TicketPartType;
    body?: string | null;
    previousStateId?: string | null;
    stateId?: string | null;
  },
  now: number,
): Promise<string> {
  const id = newId();
  await insertTicketPart(trx, {
    workspace_id: ticket.workspace_id,
    id,
    ticket_id: ticket.id,
    part_type: part.type,
    body: part.body ?? null,
    previous_ticket_state_id: part.previousStateId ?? null,
    ticket_state_id: part.stateId ?? null,
    ...authorColumns(author),
    created_at: now,
  });
  return id;
}

async function loadTicket(trx: Executor, workspaceId: string, ticketId: string): Promise<Ticket> {
  const ticket = await findTicket(trx, workspaceId, ticketId);
  if (!ticket) throw notFound("Ticket", "ticket_not_found");
  return ticket;
}

async function saveTicket(trx: Executor, next: Ticket): Promise<void> {
  const { workspace_id, id, created_at: _c, ticket_number: _n, ...columns } = next;
  await trx
    .updateTable("tickets")
    .set(columns)
    .where("workspace_id", "=", workspace_id)
    .where("id", "=", id)
    .execute();
}

/**
 * Moves a ticket to another state of its type, recording the change as a part (rule 4). Returns the
 * updated ticket; a move to the current state changes nothing.
 */
export async function changeTicketState(
  trx: Executor,
  ticket: Ticket,
  stateId: string,
  author: Author,
  now = Date.now(),
): Promise<Ticket> {
  const states = await listStatesOfType(trx, ticket.workspace_id, ticket.ticket_type_id);
  const state = states.find((s) => s.id === stateId);
  if (!state || state.archived) {
    throw new DomainError(
      "ticket_state_id_invalid",
      "the state does not belong to this ticket's type",
      "ticket_state_id",
    );
  }
  if (state.id === ticket.ticket_state_id) return ticket;
  const next: Ticket = {
    ...ticket,
    ticket_state_id: state.id,
    open: flag(state.category !== "resolved"),
    updated_at: now,
  };
  if (state.category === "resolved") next.snoozed_until = null;
  await saveTicket(trx, next);
  await recordPart(
    trx,
    ticket,
    author,
    {
      type: author.type === "user" ? "ticket_state_updated_by_user" : "ticket_state_updated_by_admin",
      previousStateId: ticket.ticket_state_id,
      stateId: state.id,
    },
    now,
  );
  await appendEvent(trx, {
    workspaceId: ticket.workspace_id,
    type: "ticket.state_changed",
    subjectType: "ticket",
    subjectId: ticket.id,
    payload: { previous_ticket_state_id: ticket.ticket_state_id, ticket_state_id: state.id },
  });
  return next;
}

export interface TicketChanges {
  attributes?: Record<string, JsonValue>;
  stateId?: string;
  /** null: "No company"; an id: one of the company choices. */
  companyId?: string | null;
  open?: boolean;
  isShared?: boolean;
  snoozedUntil?: number | null;
  assigneeId?: string | null;
}

export async function updateTicket(
  trx: Executor,
  workspaceId: string,
  ticketId: string,
  changes: TicketChanges,
  author: Author,
): Promise<Ticket> {
  let ticket = await loadTicket(trx, workspaceId, ticketId);
  await checkAuthor(trx, workspaceId, author);
  const now = Date.now();

  if (changes.stateId !== undefined) {
    ticket = await changeTicketState(trx, ticket, changes.stateId, author, now);
  }
  const next: Ticket = { ...ticket };

  if (changes.attributes !== undefined && Object.keys(changes.attributes).length > 0) {
    const resolved = resolveAttributes(
      await listAttributesOfType(trx, workspaceId, ticket.ticket_type_id),
      changes.attributes,
      {
        author: author.type === "user" ? "user" : "admin",
        existing: {
          title: ticket.title,
          description: ticket.description,
          values: parseObject(ticket.attributes),
        },
        checkRequired: false,
      },
    );
    next.title = resolved.title;
    next.description = resolved.description;
    next.attributes = JSON.stringify(resolved.values);
    await recordPart(
      trx,
      ticket,
      author,
      { type: "ticket_attribute_updated_by_admin", body: Object.keys(changes.attributes).join(", ") },
      now,
    );
  }
  if (changes.companyId !== undefined && changes.companyId !== ticket.company_id) {
    if (changes.companyId !== null) {
      const choices = await listCompanyIdsOfContacts(
        trx,
        workspaceId,
        await listTicketContactIds(trx, workspaceId, ticketId),
      );
      if (!choices.includes(changes.companyId)) {
        throw invalid("company_id", "the company must be one of the companies of the ticket's contacts");
      }
    }
    next.company_id = changes.companyId;
    await recordPart(trx, ticket, author, { type: "ticket_company_updated" }, now);
    await appendEvent(trx, {
      workspaceId,
      type: "ticket.company_changed",
      subjectType: "ticket",
      subjectId: ticketId,
      payload: { previous_company_id: ticket.company_id, company_id: changes.companyId },
    });
  }
  if (changes.companyId !== undefined) next.company_chosen = 1;
  if (changes.isShared !== undefined) {
    if (ticket.category === "tracker" && changes.isShared)
      throw invalid("is_shared", "tracker tickets are never shared with customers");
    if (ticket.category === "customer" && !changes.isShared) {
      throw invalid("is_shared", "customer tickets are always shared with their customers");
    }
    next.is_shared = flag(changes.isShared);
  }
  if (changes.open !== undefined) next.open = flag(changes.open);
  if (changes.snoozedUntil !== undefined) {
    if (changes.snoozedUntil !== null) {
      if (!Number.isSafeInteger(changes.snoozedUntil) || changes.snoozedUntil <= now) {
        throw invalid("snoozed_until", "snoozed_until must be a time in the future");
      }
      if (!next.open) throw invalid("snoozed_until", "a closed ticket cannot be snoozed");
    }
    next.snoozed_until = changes.snoozedUntil;
  }
  if (!next.open) next.snoozed_until = null;
  if (changes.assigneeId !== undefined) {
    if (changes.assigneeId !== null && !(await findTeammate(trx, workspaceId, changes.assigneeId))) {
      throw new DomainError("not_found", "admin not found", "assignee_id");
    }
    next.admin_assignee_id = changes.assigneeId;
  }

  const dirty = (Object.keys(next) as (keyof Ticket)[]).some((key) => next[key] !== ticket[key]);
  if (dirty) {
    next.updated_at = now;
    await saveTicket(trx, next);
    await appendEvent(trx, {
      workspaceId,
      type: "ticket.updated",
      subjectType: "ticket",
      subjectId: ticketId,
    });
  }
  return next;
}

/**
 * Adds participants to a ticket and re-applies the company association (rule 3): a person's pick
 * stands while still valid; otherwise exactly one candidate is chosen and several mean "No company".
 */
export async function addTicketContacts(
  trx: Executor,
  workspaceId: string,
  ticketId: string,
  contactIds: readonly string[],
): Promise<Ticket> {
  const ticket = await loadTicket(trx, workspaceId, ticketId);
  const unique = [...new Set(contactIds)];
  if ((await listContactsByIds(trx, workspaceId, unique)).length !== unique.length) {
    throw new DomainError("not_found", "contact not found", "contacts");
  }
  const before = await listTicketContactIds(trx, workspaceId, ticketId);
  const added = unique.filter((id) => !before.includes(id));
  if (added.length === 0) return ticket;
  if (before.length + added.length > MAX_TICKET_CONTACTS) {
    throw invalid("contacts", `a ticket can have at most ${MAX_TICKET_CONTACTS} contacts`);
  }
  await insertTicketContacts(trx, workspaceId, ticketId, added);
  return reassociateCompany(trx, ticket, [...before, ...added]);
}

export async function removeTicketContact(
  trx: Executor,
  workspaceId: string,
  ticketId: string,
  contactId: string,
): Promise<Ticket> {
  const ticket = await loadTicket(trx, workspaceId, ticketId);
  const result = await trx
    .deleteFrom("ticket_contacts")
    .where("workspace_id", "=", workspaceId)
    .where("ticket_id", "=", ticketId)
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound("Contact");
  return reassociateCompany(trx, ticket, await listTicketContactIds(trx, workspaceId, ticketId));
}

async function reassociateCompany(trx: Executor, ticket: Ticket, contactIds: string[]): Promise<Ticket> {
  const now = Date.now();
  const choices = await listCompanyIdsOfContacts(trx, ticket.workspace_id, contactIds);
  const association = associateCompany(choices, {
    companyId: ticket.company_id,
    chosenByPerson: ticket.company_chosen === 1,
  });
  const next: Ticket = {
    ...ticket,
    company_id: association.companyId,
    company_chosen: flag(association.chosenByPerson),
    updated_at: now,
  };
  await saveTicket(trx, next);
  await appendEvent(trx, {
    workspaceId: ticket.workspace_id,
    type: "ticket.contacts_changed",
    subjectType: "ticket",
    subjectId: ticket.id,
    payload: { contact_ids: contactIds },
  });
  if (next.company_id !== ticket.company_id) {
    await appendEvent(trx, {
      workspaceId: ticket.workspace_id,
      type: "ticket.company_changed",
      subjectType: "ticket",
      subjectId: ticket.id,
      payload: { previous_company_id: ticket.company_id, company_id: next.company_id },
    });
  }
  return next;
}

export async function deleteTicket(trx: Executor, workspaceId: string, ticketId: string): Promise<void> {
  const ticket = await loadTicket(trx, workspaceId, ticketId);
  // Links from other tickets point here by id; remove them with the ticket.
  await trx
    .deleteFrom("ticket_links")
    .where("workspace_id", "=", workspaceId)
    .where("linked_type", "=", "ticket")
    .where("linked_id", "=", ticketId)
    .execute();
  await trx
    .deleteFrom("tickets")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", ticketId)
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "ticket.deleted",
    subjectType: "ticket",
    subjectId: ticketId,
    payload: { company_id: ticket.company_id, ticket_number: ticket.ticket_number },
  });
}

export { recordPart as recordTicketPart };
