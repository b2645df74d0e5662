// Workspace queries. A workspace is found by its id, its slug or its Help Center domain, never guessed.
import type { Updateable } from "kysely";
import type { Executor } from "../../db/database.ts";
import type {
  CookieForwardingCause,
  CookieForwardingStatus,
  Workspace,
  WorkspacesTable,
} from "../../db/schema.ts";

export function findWorkspaceById(db: Executor, id: string): Promise<Workspace | undefined> {
  return db.selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findWorkspaceBySlug(db: Executor, slug: string): Promise<Workspace | undefined> {
  return db.selectFrom("workspaces").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export function findWorkspaceByHelpCenterDomain(db: Executor, host: string): Promise<Workspace | undefined> {
  return db
    .selectFrom("workspaces")
    .selectAll()
    .where("help_center_domain", "=", host.toLowerCase())
    .executeTakeFirst();
}

export async function isSlugTaken(db: Executor, slug: string): Promise<boolean> {
  const row = await db.selectFrom("workspaces").select("id").where("slug", "=", slug).executeTakeFirst();
  return row !== undefined;
}

export async function isHelpCenterDomainTaken(db: Executor, domain: string, exceptId: string) {
  const row = await db
    .selectFrom("workspaces")
    .select("id")
    .where("help_center_domain", "=", domain)
    .where("id", "!=", exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateWorkspace(db: Executor, id: string, changes: Updateable<WorkspacesTable>) {
  await db
    .updateTable("workspaces")
    .set({ ...changes, updated_at: Date.now() })
    .where("id", "=", id)
    .execute();
}

export async function countWorkspaces(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("workspaces")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertIdentitySecret(
  db: Executor,
  row: { workspaceId: string; id: string; ciphertext: string },
): Promise<void> {
  await db
    .insertInto("workspace_secrets")
    .values({
      workspace_id: row.workspaceId,
      id: row.id,
      secret_ciphertext: row.ciphertext,
      created_at: Date.now(),
      revoked_at: null,
    })
    .execute();
}

/** The secrets that verify identities now: at most two during a rotation. */
export function listActiveIdentitySecrets(db: Executor, workspaceId: string) {
  return db
    .selectFrom("workspace_secrets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

export async function revokeIdentitySecretRow(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .updateTable("workspace_secrets")
    .set({ revoked_at: Date.now() })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setCookieForwarding(
  db: Executor,
  workspaceId: string,
  status: CookieForwardingStatus,
  cause: CookieForwardingCause | null,
): Promise<void> {
  await db
    .updateTable("workspaces")
    .set({
      cookie_forwarding_status: status,
      cookie_forwarding_cause: cause,
      cookie_forwarding_checked_at: Date.now(),
    })
    .where("id", "=", workspaceId)
    .execute();
}
