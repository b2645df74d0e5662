// Idempotency-Key records: a claim taken before a write runs, and the answer stored with the write.
import { randomBytes } from "node:crypto";
import type { Db, Executor } from "../../db/database.ts";

/** How long an answer is kept and replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export type Claim =
  | { kind: "claimed"; owner: string }
  | { kind: "replay"; status: number; type: string; body: string }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export interface ClaimRequest {
  workspaceId: string;
  key: string;
  fingerprint: string;
  /** A claim left running past this many ms belongs to a request that died before committing. */
  lockMs: number;
  now?: number;
}

/**
 * Claims `key` for one run of a write (committed at once, outside any request transaction), or says
 * why not: the same request already answered (replay), another request used the key (mismatch), or the
 * first is still running. A claim whose request died before committing is taken over: nothing of that
 * run was stored, so running again is the only way to keep the promise.
 */
export async function claimIdempotencyKey(db: Db, request: ClaimRequest): Promise<Claim> {
  const now = request.now ?? Date.now();
  const owner = randomBytes(12).toString("hex");
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insertInto("idempotency_keys")
      .values({
        workspace_id: request.workspaceId,
        key: request.key,
        fingerprint: request.fingerprint,
        state: "running",
        owner,
        locked_until: now + request.lockMs,
        response_status: null,
        response_type: null,
        response_body: null,
        created_at: now,
        expires_at: now + IDEMPOTENCY_TTL_MS,
      })
      .onConflict((oc) => oc.columns(["workspace_id", "key"]).doNothing())
      .returning("key")
      .executeTakeFirst();
    if (inserted) return { kind: "claimed", owner };

    const row = await db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("workspace_id", "=", request.workspaceId)
      .where("key", "=", request.key)
      .executeTakeFirst();
    if (!row) continue; // released meanwhile: claim again
    if (row.expires_at <= now) {
      // An answer older than a day is forgotten: the key starts afresh.
      await db
        .deleteFrom("idempotency_keys")
        .where("workspace_id", "=", request.workspaceId)
        .where("key", "=", request.key)
        .where("expires_at", "<=", now)
        .execute();
      continue;
    }
    if (row.fingerprint !== request.fingerprint) return { kind: "mismatch" };
    if (row.state === "done") {
      return {
        kind: "replay",
        status: row.response_status!,
        type: row.response_type!,
        body: row.response_body!,
      };
    }
    if (row.locked_until > now) return { kind: "in_progress" };
    const taken = await db
      .updateTable("idempotency_keys")
      .set({ locked_until: now + request.lockMs, owner })
      .where("workspace_id", "=", request.workspaceId)
      .where("key", "=", request.key)
      .where("state", "=", "running")
      .where("owner", "=", row.owner)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { kind: "claimed", owner };
  }
  return { kind: "in_progress" };
}

/** A run whose claim was taken over (it outlived its lock): it must not commit. */
export class ClaimLostError extends Error {
  override name = "ClaimLostError";
}

/**
 * Stores the answer; runs inside the write's own transaction, so it commits with the write. Only the
 * claim's owner may: a run that outlived its lock and was taken over throws ClaimLostError (its whole
 * transaction rolls back, so exactly one run's rows survive).
 */
export async function completeIdempotencyKey(
  trx: Executor,
  workspaceId: string,
  key: string,
  owner: string,
  answer: { status: number; type: string; body: string },
): Promise<void> {
  const result = await trx
    .updateTable("idempotency_keys")
    .set({
      state: "done",
      response_status: answer.status,
      response_type: answer.type,
      response_body: answer.body,
    })
    .where("workspace_id", "=", workspaceId)
    .where("key", "=", key)
    .where("owner", "=", owner)
    .where("state", "=", "running")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ClaimLostError("the claim was taken over");
}

/** Lets the key go after a run that changed nothing (an error answer): a retry runs again. */
export async function releaseIdempotencyKey(
  db: Db,
  workspaceId: string,
  key: string,
  owner: string,
): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("workspace_id", "=", workspaceId)
    .where("key", "=", key)
    .where("state", "=", "running")
    .where("owner", "=", owner)
    .execute();
}

/** Deletes answers older than a day, a batch at a time. */
export async function pruneIdempotencyKeys(db: Db, now = Date.now(), batch = 2000): Promise<number> {
  const result = await db
    .deleteFrom("idempotency_keys")
    .where((eb) =>
      eb(
        "key",
        "in",
        eb.selectFrom("idempotency_keys").select("key").where("expires_at", "<", now).limit(batch),
      ),
    )
    .where("expires_at", "<", now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
