// Identity secret rotation: a new secret verifies beside the old one until the old one is revoked.
import type { Executor } from "../../db/database.ts";
import { open, seal } from "../../identity/secretBox.ts";
import { DomainError, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { newIdentitySecret } from "./workspaceCommands.ts";
import {
  insertIdentitySecret,
  listActiveIdentitySecrets,
  revokeIdentitySecretRow,
} from "./workspace.repository.ts";

/** At most two secrets verify at once: the current one and the one being phased out. */
export const MAX_ACTIVE_IDENTITY_SECRETS = 2;

export interface IdentitySecretSummary {
  id: string;
  createdAt: number;
}

export async function listIdentitySecrets(
  db: Executor,
  workspaceId: string,
): Promise<IdentitySecretSummary[]> {
  const rows = await listActiveIdentitySecrets(db, workspaceId);
  return rows.map((r) => ({ id: r.id, createdAt: Number(r.created_at) }));
}

/** The plaintext secrets that verify identities now, newest first. */
export async function activeIdentitySecrets(db: Executor, secretKey: Buffer, workspaceId: string) {
  const rows = await listActiveIdentitySecrets(db, workspaceId);
  return rows.map((r) => open(secretKey, r.secret_ciphertext));
}

/** Makes a new secret (shown once, returned here); the previous one stays valid until revoked. */
export async function rotateIdentitySecret(
  trx: Executor,
  secretKey: Buffer,
  workspaceId: string,
): Promise<{ id: string; secret: string }> {
  const active = await listActiveIdentitySecrets(trx, workspaceId);
  if (active.length >= MAX_ACTIVE_IDENTITY_SECRETS) {
    throw new DomainError(
      "conflict",
      "Two identity secrets are already active: revoke the previous one before rotating again.",
    );
  }
  const secret = newIdentitySecret();
  const id = newId();
  await insertIdentitySecret(trx, { workspaceId, id, ciphertext: seal(secretKey, secret) });
  await appendEvent(trx, {
    workspaceId,
    type: "workspace.identity_secret_created",
    subjectType: "workspace",
    subjectId: workspaceId,
    payload: { secret_id: id },
  });
  return { id, secret };
}

/** Revokes one secret; the last active one cannot go, or no identified boot could ever succeed. */
export async function revokeIdentitySecret(
  trx: Executor,
  workspaceId: string,
  secretId: string,
): Promise<void> {
  const active = await listActiveIdentitySecrets(trx, workspaceId);
  if (!active.some((s) => s.id === secretId)) throw notFound("Identity secret");
  if (active.length === 1) {
    throw new DomainError(
      "conflict",
      "This is the only active identity secret: rotate first, then revoke it.",
    );
  }
  await revokeIdentitySecretRow(trx, workspaceId, secretId);
  await appendEvent(trx, {
    workspaceId,
    type: "workspace.identity_secret_revoked",
    subjectType: "workspace",
    subjectId: workspaceId,
    payload: { secret_id: secretId },
  });
}

/** Revokes every active secret but the newest: the usual end of a rotation. */
export async function revokePreviousIdentitySecrets(trx: Executor, workspaceId: string): Promise<string[]> {
  const [, ...older] = await listActiveIdentitySecrets(trx, workspaceId);
  for (const secret of older) await revokeIdentitySecret(trx, workspaceId, secret.id);
  return older.map((s) => s.id);
}
