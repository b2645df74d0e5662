// Safe retries for every surface's writes: a write carrying `Idempotency-Key` runs once. The first run
// executes in one request transaction whose last statement stores the answer, so the rows and the
// answer commit together (after a crash: both or neither), and the client hears 2xx only after that
// commit. A retry with the same key and request gets the stored answer; another request under the same
// key is 422; a retry while the first still runs is 409.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { beginRequestTransaction, type RequestTransaction } from "../db/ambient.ts";
import type { Db } from "../db/database.ts";
import { isDatabaseUnavailable } from "../db/resilience.ts";
import { DomainError, invalid } from "../domain/errors.ts";
import {
  ClaimLostError,
  claimIdempotencyKey,
  completeIdempotencyKey,
  pruneIdempotencyKeys,
  releaseIdempotencyKey,
} from "../domain/idempotency/idempotency.repository.ts";
import { errorBody, RETRY_AFTER_SECONDS } from "./errors.ts";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Printable ASCII, as Stripe and the IETF draft allow (a UUID fits easily). */
const KEY = /^[\x21-\x7e]{1,255}$/;

interface PendingAnswer {
  tx: RequestTransaction;
  workspaceId: string;
  key: string;
  owner: string;
  /** The handler has finished with the transaction (only then may a late clean-up roll it back). */
  settled: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    idempotency: PendingAnswer | null;
  }
  interface FastifyInstance {
    /** A run still "in progress" after this long is taken to have died with its process. */
    idempotencyLockMs: number;
  }
}

/** Who the write is for and by whom: a retry must come from the same caller to be answered. */
export interface IdempotencyScope {
  workspaceId: string;
  actor: string;
}

/** A customer's write (portal, Messenger): their workspace, and they are the caller. */
export const customerScope = (viewer: { workspaceId: string; contactId: string }): IdempotencyScope => ({
  workspaceId: viewer.workspaceId,
  actor: `contact:${viewer.contactId}`,
});

export const isWriteMethod = (method: string | string[]) =>
  (Array.isArray(method) ? method : [method]).some((m) => ["POST", "PUT", "PATCH", "DELETE"].includes(m));

/**
 * Runs the write `run` under the request's Idempotency-Key, if it has one: replays, refuses, or runs it
 * once inside a request transaction that the answer commits (registerIdempotency's onSend).
 */
export async function idempotent<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Db,
  scope: IdempotencyScope,
  run: () => Promise<T>,
): Promise<T | FastifyReply> {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return run();
  if (typeof header !== "string" || !KEY.test(header)) {
    throw invalid("Idempotency-Key", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
  }
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([scope.actor, request.method, request.url, request.body ?? null]))
    .digest("hex");
  const claim = await claimIdempotencyKey(db, {
    workspaceId: scope.workspaceId,
    key: header,
    fingerprint,
    lockMs: request.server.idempotencyLockMs,
  });
  switch (claim.kind) {
    case "replay":
      reply.code(claim.status).header("idempotent-replayed", "true");
      if (claim.type !== "") reply.type(claim.type);
      return reply.send(claim.status === 204 ? undefined : claim.body);
    case "mismatch":
      throw new DomainError(
        "idempotency_key_mismatch",
        "This Idempotency-Key was already used for a different request; use a new key for a new request.",
        "Idempotency-Key",
      );
    case "in_progress":
      reply.header("retry-after", "1");
      throw new DomainError(
        "idempotency_key_in_progress",
        "The first request with this Idempotency-Key is still running; retry in a moment to get its answer.",
        "Idempotency-Key",
      );
    case "claimed":
      break;
  }
  const { owner } = claim;
  let tx: RequestTransaction;
  try {
    tx = await beginRequestTransaction(db as never);
  } catch (error) {
    await releaseIdempotencyKey(db, scope.workspaceId, header, owner).catch(() => {});
    throw error;
  }
  const pending: PendingAnswer = { tx, workspaceId: scope.workspaceId, key: header, owner, settled: false };
  request.idempotency = pending;
  try {
    const result = await tx.run(run);
    pending.settled = true;
    return result;
  } catch (error) {
    pending.settled = true;
    request.idempotency = null;
    await tx.rollback();
    await releaseIdempotencyKey(db, scope.workspaceId, header, owner).catch(() => {});
    throw error;
  }
}

async function abandon(db: Db, request: FastifyRequest): Promise<void> {
  const pending = request.idempotency;
  if (!pending || !pending.settled) return;
  request.idempotency = null;
  await pending.tx.rollback();
  await releaseIdempotencyKey(db, pending.workspaceId, pending.key, pending.owner).catch(() => {});
}

export function registerIdempotency(app: FastifyInstance, db: Db, options: { lockMs: number }): void {
  app.decorateRequest("idempotency", null);
  app.decorate("idempotencyLockMs", options.lockMs);
  app.addHook("onSend", async (request, reply, payload) => {
    const pending = request.idempotency;
    if (!pending) return payload;
    const status = reply.statusCode;
    if (status < 200 || status >= 300) {
      // An error answer changed nothing: let a retry run again.
      pending.settled = true;
      await abandon(db, request);
      return payload;
    }
    request.idempotency = null;
    const body = payload === undefined || payload === null ? "" : String(payload);
    try {
      await pending.tx.run(() =>
        completeIdempotencyKey(db, pending.workspaceId, pending.key, pending.owner, {
          status,
          type: String(reply.getHeader("content-type") ?? ""),
          body,
        }),
      );
      await pending.tx.commit();
      return payload;
    } catch (error) {
      await pending.tx.rollback();
      if (error instanceof ClaimLostError) {
        // This run outlived its lock and another took the key over: that one's answer is the answer.
        reply.code(409).type("application/json").header("retry-after", "1");
        return JSON.stringify(
          errorBody(
            "idempotency_key_in_progress",
            "Another attempt with this Idempotency-Key is running; retry in a moment to get its answer.",
            "Idempotency-Key",
          ),
        );
      }
      await releaseIdempotencyKey(db, pending.workspaceId, pending.key, pending.owner).catch(() => {});
      const unavailable = isDatabaseUnavailable(error);
      request.log[unavailable ? "warn" : "error"]({ err: error }, "idempotent write could not commit");
      reply.code(unavailable ? 503 : 500).type("application/json");
      if (unavailable) reply.header("retry-after", String(RETRY_AFTER_SECONDS));
      return JSON.stringify(
        unavailable
          ? errorBody("service_unavailable", "The service is briefly unavailable; nothing was changed.")
          : errorBody("server_error", "Something went wrong on our side; nothing was changed."),
      );
    }
  });
  // A reply that never went through onSend (hijacked): roll back, nothing was promised.
  app.addHook("onResponse", async (request) => abandon(db, request));
}

/** Forgets answers older than a day, hourly, in small batches. */
export function startIdempotencyPruning(db: Db, everyMs = 3600 * 1000): () => void {
  const timer = setInterval(() => {
    void (async () => {
      while ((await pruneIdempotencyKeys(db)) > 0) await new Promise((r) => setTimeout(r, 10));
    })().catch((error: unknown) => console.error("idempotency pruning failed", error));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
