// Admins managing teammates: invitations with a one-time link, role changes and removal, keeping at
// least one admin in every workspace.
import type { Executor } from "../../db/database.ts";
import type { TeammateInvite, TeammateRole } from "../../db/schema.ts";
import { issueToken, parseToken } from "../../identity/tokens.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import {
  claimInvite,
  findPendingInviteByEmail,
  insertTeammateInvite,
  revokeInvite,
} from "./teammateInvite.repository.ts";
import {
  checkEmail,
  createTeammate,
  deleteTeammate,
  findTeammate,
  findTeammateForSignIn,
  lockAdminIds,
  setTeammateRole,
} from "./teammate.repository.ts";

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

const lastAdmin = (field: string) =>
  invalid(field, "the workspace needs at least one admin: make another teammate an admin first");

export async function inviteTeammate(
  trx: Executor,
  workspaceId: string,
  input: { email: string; name?: string; role: TeammateRole; invitedBy: string },
): Promise<{ invite: TeammateInvite; token: string }> {
  const email = checkEmail("email", input.email);
  const now = Date.now();
  if (await findTeammateForSignIn(trx, email)) {
    throw new DomainError("conflict", `a teammate with e-mail ${email} already exists`, "email");
  }
  if (await findPendingInviteByEmail(trx, workspaceId, email, now)) {
    throw new DomainError("conflict", `${email} has already been invited`, "email");
  }
  const issued = issueToken("pi", workspaceId);
  const invite: TeammateInvite = {
    workspace_id: workspaceId,
    id: newId(),
    email,
    name: (input.name ?? "").trim().slice(0, 100),
    role: input.role,
    token_hash: issued.hash,
    invited_by: input.invitedBy,
    created_at: now,
    expires_at: now + INVITE_TTL_MS,
    accepted_at: null,
    revoked_at: null,
  };
  await insertTeammateInvite(trx, invite);
  await appendEvent(trx, {
    workspaceId,
    type: "teammate.invited",
    subjectType: "teammate_invite",
    subjectId: invite.id,
    payload: { role: invite.role },
  });
  return { invite, token: issued.token };
}

export async function revokeTeammateInvite(trx: Executor, workspaceId: string, id: string): Promise<void> {
  if (!(await revokeInvite(trx, workspaceId, id, Date.now()))) throw notFound("Invitation");
  await appendEvent(trx, {
    workspaceId,
    type: "teammate.invite_revoked",
    subjectType: "teammate_invite",
    subjectId: id,
  });
}

/** Uses an invitation link once: the teammate exists from now on with the password they chose. */
export async function acceptTeammateInvite(
  trx: Executor,
  input: { token: string; password: string; name?: string },
) {
  const parsed = parseToken("pi", input.token);
  const invite = parsed ? await claimInvite(trx, parsed.workspaceId, parsed.hash, Date.now()) : undefined;
  if (!invite) {
    throw new DomainError(
      "not_found",
      "This invitation link is not valid any more: ask an admin for a new one.",
    );
  }
  const teammate = await createTeammate(trx, {
    workspaceId: invite.workspace_id,
    email: invite.email,
    name: input.name?.trim() || invite.name || invite.email,
    role: invite.role,
    password: input.password,
  });
  await appendEvent(trx, {
    workspaceId: invite.workspace_id,
    type: "teammate.joined",
    subjectType: "teammate",
    subjectId: teammate.id,
    payload: { invite_id: invite.id },
  });
  return teammate;
}

export async function changeTeammateRole(
  trx: Executor,
  workspaceId: string,
  teammateId: string,
  role: TeammateRole,
): Promise<void> {
  const admins = await lockAdminIds(trx, workspaceId);
  const teammate = await findTeammate(trx, workspaceId, teammateId);
  if (!teammate) throw notFound("Teammate");
  if (teammate.role === role) return;
  if (role !== "admin" && admins.length === 1 && admins[0] === teammateId) throw lastAdmin("role");
  await setTeammateRole(trx, workspaceId, teammateId, role);
  await appendEvent(trx, {
    workspaceId,
    type: "teammate.role_changed",
    subjectType: "teammate",
    subjectId: teammateId,
    payload: { role },
  });
}

export async function removeTeammate(trx: Executor, workspaceId: string, teammateId: string): Promise<void> {
  const admins = await lockAdminIds(trx, workspaceId);
  const teammate = await findTeammate(trx, workspaceId, teammateId);
  if (!teammate) throw notFound("Teammate");
  if (teammate.role === "admin" && admins.length === 1) throw lastAdmin("id");
  await deleteTeammate(trx, workspaceId, teammateId);
  await appendEvent(trx, {
    workspaceId,
    type: "teammate.removed",
    subjectType: "teammate",
    subjectId: teammateId,
  });
}
