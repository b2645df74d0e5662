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
