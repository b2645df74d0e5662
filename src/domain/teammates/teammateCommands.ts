// Teammate account writes that end sessions: password change and "sign out everywhere".
import type { Executor } from "../../db/database.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../../identity/passwords.ts";
import { deleteTeammateSessions } from "../../identity/sessions.ts";
import { invalid } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { updateTeammatePasswordHash } from "./teammate.repository.ts";

export async function changeTeammatePassword(
  trx: Executor,
  workspaceId: string,
  teammateId: string,
  newPassword: string,
  options: { keepSessionToken?: string } = {},
): Promise<void> {
  if (newPassword.length < MIN_PASSWORD_LENGTH) {
    throw invalid("new_password", `the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  await updateTeammatePasswordHash(trx, workspaceId, teammateId, await hashPassword(newPassword));
  // Whoever knew the old password may hold a session: every other one ends with it.
  await deleteTeammateSessions(trx, workspaceId, teammateId, { exceptToken: options.keepSessionToken });
  await appendEvent(trx, {
    workspaceId,
    type: "teammate.password_changed",
    subjectType: "teammate",
    subjectId: teammateId,
  });
}

export async function signOutEverywhere(
  trx: Executor,
  workspaceId: string,
  teammateId: string,
): Promise<number> {
  const ended = await deleteTeammateSessions(trx, workspaceId, teammateId);
  await appendEvent(trx, {
    workspaceId,
    type: "teammate.sessions_revoked",
    subjectType: "teammate",
    subjectId: teammateId,
    payload: { sessions: ended },
  });
  return ended;
}
