// Teammate invitation queries: pending invitations of a workspace, and the one a link's token names.
import type { Executor } from "../../db/database.ts";
import type { TeammateInvite } from "../../db/schema.ts";

export async function insertTeammateInvite(trx: Executor, row: TeammateInvite): Promise<void> {
  await trx.insertInto("teammate_invites").values(row).execute();
}

/** Invitations neither accepted, revoked nor expired, newest first. */
export function listPendingInvites(db: Executor, workspaceId: string, now: number) {
  return db
    .selectFrom("teammate_invites")
    .select(["id", "email", "name", "role", "created_at", "expires_at"])
    .where("workspace_id", "=", workspaceId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

export function findPendingInviteByEmail(db: Executor, workspaceId: string, email: string, now: number) {
  return db
    .selectFrom("teammate_invites")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", email)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}

/** Marks the pending invitation revoked; false when there is none with this id in the workspace. */
export async function revokeInvite(trx: Executor, workspaceId: string, id: string, now: number) {
  const result = await trx
    .updateTable("teammate_invites")
    .set({ revoked_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Claims the invitation a token names, once: a single conditional UPDATE, so two uses of the same link
 * at the same moment cannot both succeed. Undefined for an unknown, used, revoked or expired link.
 */
export async function claimInvite(
  trx: Executor,
  workspaceId: string,
  tokenHash: string,
  now: number,
): Promise<TeammateInvite | undefined> {
  return trx
    .updateTable("teammate_invites")
    .set({ accepted_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("token_hash", "=", tokenHash)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .returningAll()
    .executeTakeFirst();
}
