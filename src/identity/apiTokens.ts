// Workspace API tokens: shown once at creation, stored hashed, looked up inside their workspace.
import type { Executor } from "../db/database.ts";
import { newId } from "../domain/ids.ts";
import { issueToken, parseToken } from "./tokens.ts";

export async function createApiToken(
  trx: Executor,
  workspaceId: string,
  name: string,
): Promise<{ id: string; token: string }> {
  const issued = issueToken("pt", workspaceId);
  const id = newId();
  await trx
    .insertInto("api_tokens")
    .values({
      workspace_id: workspaceId,
      id,
      name: name.trim() || "API token",
      token_hash: issued.hash,
      created_at: Date.now(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { id, token: issued.token };
}

/** The workspace a bearer token belongs to, or null for a malformed, unknown or revoked token. */
export async function authenticateApiToken(
  db: Executor,
  token: string,
): Promise<{ workspaceId: string; tokenId: string } | null> {
  const parsed = parseToken("pt", token);
  if (!parsed) return null;
  const row = await db
    .selectFrom("api_tokens")
    .select(["id", "workspace_id"])
    .where("workspace_id", "=", parsed.workspaceId)
    .where("token_hash", "=", parsed.hash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row ? { workspaceId: row.workspace_id, tokenId: row.id } : null;
}

export async function revokeApiToken(trx: Executor, workspaceId: string, id: string): Promise<boolean> {
  const result = await trx
    .updateTable("api_tokens")
    .set({ revoked_at: Date.now() })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function listApiTokens(db: Executor, workspaceId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "last_used_at", "revoked_at"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .execute();
}
