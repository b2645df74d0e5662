// Teammate sign-in throttling kept in the database, so it holds across instances and parallel attempts.
import { sql } from "kysely";
import type { Executor } from "../db/database.ts";

export const MAX_SIGN_IN_FAILURES = 5;
export const SIGN_IN_LOCK_MS = 15 * 60 * 1000;

/**
 * Takes one attempt slot before the password is even checked: one conditional UPDATE, so N parallel
 * attempts can never all pass a read-then-write check. The slot that reaches the limit also sets the
 * lock; a correct password clears both (clearSignInFailures). Null when the account is locked.
 */
export async function reserveSignInAttempt(
  db: Executor,
  workspaceId: string,
  teammateId: string,
): Promise<{ attempt: number } | null> {
  const now = Date.now();
  const expired = sql<boolean>`(sign_in_locked_until is not null and sign_in_locked_until <= ${now})`;
  const row = await db
    .updateTable("teammates")
    .set({
      sign_in_failures: sql<number>`case when ${expired} then 1 else sign_in_failures + 1 end`,
      sign_in_locked_until: sql<number | null>`case
        when ${expired} then null
        when sign_in_failures + 1 >= ${MAX_SIGN_IN_FAILURES} then ${now + SIGN_IN_LOCK_MS}
        else sign_in_locked_until end`,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teammateId)
    .where((eb) => eb.or([eb("sign_in_failures", "<", MAX_SIGN_IN_FAILURES), expired]))
    .returning("sign_in_failures")
    .executeTakeFirst();
  return row ? { attempt: Number(row.sign_in_failures) } : null;
}

export async function clearSignInFailures(db: Executor, workspaceId: string, teammateId: string) {
  await db
    .updateTable("teammates")
    .set({ sign_in_failures: 0, sign_in_locked_until: null })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teammateId)
    .execute();
}

/** Seconds until a locked account may try again (at least 1). */
export async function secondsUntilUnlocked(db: Executor, workspaceId: string, teammateId: string) {
  const row = await db
    .selectFrom("teammates")
    .select("sign_in_locked_until")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teammateId)
    .executeTakeFirst();
  const until = row?.sign_in_locked_until ?? Date.now() + SIGN_IN_LOCK_MS;
  return Math.max(1, Math.ceil((Number(until) - Date.now()) / 1000));
}
