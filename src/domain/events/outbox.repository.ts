// The events outbox: every write appends here inside its own transaction (realtime, webhooks, audit).
import { PostgresAdapter, sql } from "kysely";
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
  | "teammate.invited"
  | "teammate.invite_revoked"
  | "teammate.joined"
  | "teammate.role_changed"
  | "teammate.removed"
  | "api_token.created"
  | "api_token.revoked"
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
  | "ticket.deleted"
  | "help_collection.created"
  | "help_collection.updated"
  | "help_collection.deleted"
  | "help_article.created"
  | "help_article.updated"
  | "help_article.deleted";

export interface NewEvent {
  workspaceId: string;
  type: EventType;
  subjectType:
    | "workspace"
    | "teammate"
    | "teammate_invite"
    | "api_token"
    | "contact"
    | "company"
    | "conversation"
    | "ticket_type"
    | "ticket_state"
    | "ticket"
    | "help_collection"
    | "help_article";
  subjectId: string;
  /** Ids and small facts only: readers re-load the subject and present it through their own policy. */
  payload?: JsonObject;
}

/** The PostgreSQL channel that carries `<workspace_id>:<event id>` to every instance after commit. */
export const EVENTS_CHANNEL = "portico_events";

/** An event as this process sees it at append time, before (and whether or not) its transaction commits. */
export interface AppendedEvent {
  id: number;
  workspaceId: string;
  type: EventType;
}

export type AppendWatcher = (event: AppendedEvent) => void;

// Keyed by the database's adapter: Kysely gives a database's one adapter to every transaction on it, so a
// command's `trx` reaches the watchers of the database it writes to, and never another database's.
const appendWatchers = new WeakMap<object, Set<AppendWatcher>>();

/**
 * Calls `watcher` (synchronously, it must not throw) for every event appended through `db` or a
 * transaction on it. In-process caches use it to stop serving what a write is about to change before
 * the write commits; the bus tells them, and every other instance, once it has.
 */
export function watchAppendedEvents(db: Executor, watcher: AppendWatcher): () => void {
  const adapter = db.getExecutor().adapter;
  const watchers = appendWatchers.get(adapter) ?? new Set<AppendWatcher>();
  appendWatchers.set(adapter, watchers);
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}

export async function appendEvent(trx: Executor, event: NewEvent): Promise<void> {
  const row = await trx
    .insertInto("events")
    .values({
      workspace_id: event.workspaceId,
      type: event.type,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      payload: JSON.stringify(event.payload ?? {}),
      created_at: Date.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    // NOTIFY is transactional: listeners hear of the event only once this transaction commits, and
    // never if it rolls back. SQLite deployments tail the table instead (realtime/outboxTailBus.ts).
    await sql`select pg_notify(${EVENTS_CHANNEL}, ${`${event.workspaceId}:${row.id}`})`.execute(trx);
  }
  const watchers = appendWatchers.get(trx.getExecutor().adapter);
  if (watchers) {
    for (const watcher of watchers)
      watcher({ id: Number(row.id), workspaceId: event.workspaceId, type: event.type });
  }
}

/** A workspace's events after `afterId`, oldest first (Last-Event-ID resume, bounded by `limit`). */
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

export function findEventsByIds(db: Executor, workspaceId: string, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("events")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .orderBy("id")
    .execute();
}

/**
 * Every workspace's events after `afterId`: the one read that spans workspaces, because the SQLite relay
 * must route each committed event to its workspace's readers. It serves no row to anyone by itself.
 */
export function tailEvents(db: Executor, afterId: number, limit: number) {
  return db.selectFrom("events").selectAll().where("id", ">", afterId).orderBy("id").limit(limit).execute();
}

export async function lastEventId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Deletes up to `batch` events older than `before`; returns how many went. Small batches keep writers moving. */
export async function pruneEvents(db: Executor, before: number, batch: number): Promise<number> {
  const result = await db
    .deleteFrom("events")
    .where("id", "in", (eb) =>
      eb.selectFrom("events").select("id").where("created_at", "<", before).orderBy("id").limit(batch),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The newest event id of a workspace (a new stream starts after it). */
export async function lastWorkspaceEventId(db: Executor, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
