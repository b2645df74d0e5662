// API tokens made and revoked by an admin in the Help Desk, each recorded in the outbox (audit).
import type { Executor } from "../db/database.ts";
import { notFound } from "../domain/errors.ts";
import { appendEvent } from "../domain/events/outbox.repository.ts";
import { createApiToken, revokeApiToken } from "./apiTokens.ts";

/** The token is in the answer once; only its hash is kept. */
export async function issueApiToken(trx: Executor, workspaceId: string, name: string, teammateId: string) {
  const created = await createApiToken(trx, workspaceId, name);
  await appendEvent(trx, {
    workspaceId,
    type: "api_token.created",
    subjectType: "api_token",
    subjectId: created.id,
    payload: { teammate_id: teammateId },
  });
  return created;
}

export async function revokeApiTokenOf(trx: Executor, workspaceId: string, id: string, teammateId: string) {
  if (!(await revokeApiToken(trx, workspaceId, id))) throw notFound("API token");
  await appendEvent(trx, {
    workspaceId,
    type: "api_token.revoked",
    subjectType: "api_token",
    subjectId: id,
    payload: { teammate_id: teammateId },
  });
}
