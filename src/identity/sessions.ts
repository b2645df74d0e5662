// Server-side sessions (teammate, Messenger, portal): a primary-key read of a hashed token.
import type { Executor } from "../db/database.ts";
import type { SessionKind } from "../db/schema.ts";
import { issueToken, parseToken } from "./tokens.ts";

export const TEAMMATE_SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export interface SessionSubject {
  workspaceId: string;
  kind: SessionKind;
  teammateId?: string;
  contactId?: string;
}

export async function createSession(trx: Executor, subject: SessionSubject, ttlMs: number): Promise<string> {
  const issued = issueToken("ps", subject.workspaceId);
  const now = Date.now();
  await trx
    .insertInto("sessions")
    .values({
      workspace_id: subject.workspaceId,
      token_hash: issued.hash,
      kind: subject.kind,
      teammate_id: subject.teammateId ?? null,
      contact_id: subject.contactId ?? null,
      created_at: now,
      last_used_at: now,
      expires_at: now + ttlMs,
    })
    .execute();
  return issued.token;
}

export async function findSession(db: Executor, token: string, kind: SessionKind) {
  const parsed = parseToken("ps", token);
  if (!parsed) return undefined;
  return db
    .selectFrom("sessions")
    .selectAll()
    .where("workspace_id", "=", parsed.workspaceId)
    .where("token_hash", "=", parsed.hash)
    .where("kind", "=", kind)
    .where("expires_at", ">", Date.now())
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, token: string): Promise<void> {
  const parsed = parseToken("ps", token);
  if (!parsed) return;
  await db
    .deleteFrom("sessions")
    .where("workspace_id", "=", parsed.workspaceId)
    .where("token_hash", "=", parsed.hash)
    .execute();
}

export const MESSENGER_SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
export const PORTAL_SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** A session is renewed on use at most this often, so reads do not turn into writes on every request. */
const RENEW_AFTER_MS = 60 * 60 * 1000;

/** Slides the expiry of a session that is being used; returns the new expiry (unix ms). */
export async function renewSession(
  db: Executor,
  session: { workspace_id: string; token_hash: string; last_used_at: number; expires_at: number },
  ttlMs: number,
): Promise<number> {
  const now = Date.now();
  if (now - Number(session.last_used_at) < RENEW_AFTER_MS) return Number(session.expires_at);
  await db
    .updateTable("sessions")
    .set({ last_used_at: now, expires_at: now + ttlMs })
    .where("workspace_id", "=", session.workspace_id)
    .where("token_hash", "=", session.token_hash)
    .execute();
  return now + ttlMs;
}

/** Ends a teammate's sessions: all of them ("sign out everywhere"), or all but the one named. */
export async function deleteTeammateSessions(
  db: Executor,
  workspaceId: string,
  teammateId: string,
  options: { exceptToken?: string } = {},
): Promise<number> {
  let query = db
    .deleteFrom("sessions")
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", "teammate")
    .where("teammate_id", "=", teammateId);
  const keep = options.exceptToken ? parseToken("ps", options.exceptToken) : null;
  if (keep) query = query.where("token_hash", "!=", keep.hash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
