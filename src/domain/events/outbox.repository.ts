// The events outbox: every write appends here inside its own transaction (realtime, webhooks, audit).
import type { Executor } from "../../db/database.ts";
import type { JsonObject } from "../json.ts";

export type EventType =
  | "workspace.created"
  | "workspace.updated"
  | "workspace.identity_secret_created"
  | "workspace.identity_secret_revoked"
  | "workspace.cookie_forwarding_changed"
  | "teammate.password_changed"
  | "teammate.sessions_revoked"
  | "contact.created"
  | "contact.updated"
  | "contact.deleted"
  | "company.created"
  | "company.updated"
  | "company.deleted"
  | "company_membership.created"
  | "company_membership.deleted"
  | "conversation.created"
  | "conversation.part_created"
  | "conversation.participant_added"
  | "conversation.participant_removed"
  | "ticket_type.created"
  | "ticket_type.updated"
  | "ticket_state.created"
  | "ticket_state.updated"
  | "ticket.created"
  | "ticket.updated"
  | "ticket.state_changed"
  | "ticket.company_changed"
  | "ticket.part_created"
  | "ticket.linked"
  | "ticket.contacts_changed"
  | "ticket.deleted";

export interface NewEvent {
  workspaceId: string;
  type: EventType;
  subjectType:
    | "workspace"
    | "teammate"
    | "contact"
    | "company"
    | "conversation"
    | "ticket_type"
    | "ticket_state"
    | "ticket";
  subjectId: string;
  /** Ids and small facts only: readers re-load the subject and present it through their own policy. */
  payload?: JsonObject;
}

export async function appendEvent(trx: Executor, event: NewEvent): Promise<void> {
  await trx
    .insertInto("events")
    .values({
      workspace_id: event.workspaceId,
      type: event.type,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      payload: JSON.stringify(event.payload ?? {}),
      created_at: Date.now(),
    })
    .execute();
}

export async function listEventsSince(db: Executor, workspaceId: string, afterId: number, limit = 500) {
  return db
    .selectFrom("events")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}
