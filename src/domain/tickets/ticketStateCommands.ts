// Writes to ticket states: the four defaults of a new workspace, custom states, label and archive changes.
import type { Executor } from "../../db/database.ts";
import { TICKET_STATE_CATEGORIES, type TicketState, type TicketStateCategory } from "../../db/schema.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { findTicketState, isInternalLabelTaken, typesLeftWithoutCategory } from "./ticketState.repository.ts";

export const DEFAULT_TICKET_STATES: ReadonlyArray<{
  category: TicketStateCategory;
  internal: string;
  external: string;
}> = [
  { category: "submitted", internal: "Submitted", external: "Submitted" },
  { category: "in_progress", internal: "In progress", external: "In progress" },
  { category: "waiting_on_customer", internal: "Waiting on customer", external: "Awaiting your reply" },
  { category: "resolved", internal: "Resolved", external: "Resolved" },
];

export async function createDefaultTicketStates(trx: Executor, workspaceId: string): Promise<TicketState[]> {
  const created: TicketState[] = [];
  for (const state of DEFAULT_TICKET_STATES) {
    created.push(
      await createTicketState(trx, workspaceId, {
        category: state.category,
        internalLabel: state.internal,
        externalLabel: state.external,
      }),
    );
  }
  return created;
}

function cleanLabel(field: string, value: string): string {
  const label = value.trim();
  if (label === "") throw invalid(field, `${field} must not be empty`);
  if (label.length > 100) throw invalid(field, `${field} must be at most 100 characters`);
  return label;
}

export async function createTicketState(
  trx: Executor,
  workspaceId: string,
  input: { category: TicketStateCategory; internalLabel: string; externalLabel?: string },
): Promise<TicketState> {
  if (!TICKET_STATE_CATEGORIES.includes(input.category)) {
    throw invalid("category", `category must be one of ${TICKET_STATE_CATEGORIES.join(", ")}`);
  }
  const internalLabel = cleanLabel("internal_label", input.internalLabel);
  const externalLabel = cleanLabel("external_label", input.externalLabel ?? internalLabel);
  if (await isInternalLabelTaken(trx, workspaceId, internalLabel)) {
    throw new DomainError(
      "conflict",
      `a ticket state labelled "${internalLabel}" already exists`,
      "internal_label",
    );
  }
  const now = Date.now();
  const row: TicketState = {
    workspace_id: workspaceId,
    id: newId(),
    category: input.category,
    internal_label: internalLabel,
    external_label: externalLabel,
    archived: 0,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto("ticket_states").values(row).execute();
  await appendEvent(trx, {
    workspaceId,
    type: "ticket_state.created",
    subjectType: "ticket_state",
    subjectId: row.id,
  });
  return row;
}

export async function updateTicketState(
  trx: Executor,
  workspaceId: string,
  id: string,
  changes: { internalLabel?: string; externalLabel?: string; archived?: boolean },
): Promise<TicketState> {
  const state = await findTicketState(trx, workspaceId, id);
  if (!state) throw notFound("Ticket state");
  const next = { ...state };
  if (changes.internalLabel !== undefined) {
    next.internal_label = cleanLabel("internal_label", changes.internalLabel);
    if (await isInternalLabelTaken(trx, workspaceId, next.internal_label, id)) {
      throw new DomainError(
        "conflict",
        `a ticket state labelled "${next.internal_label}" already exists`,
        "internal_label",
      );
    }
  }
  if (changes.externalLabel !== undefined)
    next.external_label = cleanLabel("external_label", changes.externalLabel);
  if (changes.archived === true && state.archived === 0) {
    const orphaned = await typesLeftWithoutCategory(trx, workspaceId, id, state.category);
    if (orphaned.length > 0) {
      throw invalid(
        "archived",
        `archiving this state would leave ${orphaned.length} ticket type(s) without a "${state.category}" state`,
      );
    }
    next.archived = 1;
  } else if (changes.archived === false) {
    next.archived = 0;
  }
  next.updated_at = Date.now();
  await trx
    .updateTable("ticket_states")
    .set({
      internal_label: next.internal_label,
      external_label: next.external_label,
      archived: next.archived,
      updated_at: next.updated_at,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
  await appendEvent(trx, {
    workspaceId,
    type: "ticket_state.updated",
    subjectType: "ticket_state",
    subjectId: id,
  });
  return next;
}
