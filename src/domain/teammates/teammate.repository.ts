// Teammate queries and the teammate creation write.
import { PostgresAdapter } from "kysely";
import { inChunks } from "../../db/batches.ts";
import type { Executor } from "../../db/database.ts";
import type { Teammate, TeammateRole } from "../../db/schema.ts";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../../identity/passwords.ts";
import { DomainError, invalid } from "../errors.ts";
import { newId } from "../ids.ts";

export function findTeammate(db: Executor, workspaceId: string, id: string): Promise<Teammate | undefined> {
  return db
    .selectFrom("teammates")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/**
 * Sign-in is the one read that cannot name a workspace first: the teammate tells us only an e-mail.
 * E-mails are unique across the server (teammates_email_unique), so this finds at most one row.
 */
export function findTeammateForSignIn(db: Executor, email: string): Promise<Teammate | undefined> {
  return db.selectFrom("teammates").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function checkEmail(field: string, email: string): string {
  const normalised = normaliseEmail(email);
  if (!EMAIL.test(normalised) || normalised.length > 254)
    throw invalid(field, `${field} is not a valid e-mail address`);
  return normalised;
}

export async function createTeammate(
  trx: Executor,
  input: { workspaceId: string; email: string; name: string; role: TeammateRole; password: string },
): Promise<Teammate> {
  const email = checkEmail("email", input.email);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalid("password", `the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (await findTeammateForSignIn(trx, email)) {
    throw new DomainError("conflict", `a teammate with e-mail ${email} already exists`, "email");
  }
  const now = Date.now();
  const row: Teammate = {
    workspace_id: input.workspaceId,
    id: newId(),
    email,
    name: input.name.trim() || email,
    role: input.role,
    password_hash: await hashPassword(input.password),
    sign_in_failures: 0,
    sign_in_locked_until: null,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto("teammates").values(row).execute();
  return row;
}

/** The workspace's first admin (the one who created it). */
export function findFirstAdmin(db: Executor, workspaceId: string) {
  return db
    .selectFrom("teammates")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "admin")
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
}

/** Names and e-mails of teammates (authors shown beside parts). */
export function listTeammateSummaries(db: Executor, workspaceId: string, ids: readonly string[]) {
  return inChunks(ids, (chunk) =>
    db
      .selectFrom("teammates")
      .select(["id", "name", "email"])
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", chunk)
      .execute(),
  );
}

export async function updateTeammatePasswordHash(
  db: Executor,
  workspaceId: string,
  teammateId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable("teammates")
    .set({ password_hash: passwordHash, updated_at: Date.now() })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teammateId)
    .execute();
}

/** Every teammate of the workspace by name (the assignee picker), without secrets. */
export function listTeammates(db: Executor, workspaceId: string) {
  return db
    .selectFrom("teammates")
    .select(["id", "name", "email", "role"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

/** The workspace's teammates for the settings page (no secrets), oldest first. */
export function listTeammatesForAdmin(db: Executor, workspaceId: string) {
  return db
    .selectFrom("teammates")
    .select(["id", "name", "email", "role", "created_at"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/**
 * Ids of the workspace's admins. On PostgreSQL the rows are locked, so two admins demoting each other at
 * once cannot both see the other still standing (SQLite runs one write transaction at a time anyway).
 */
export async function lockAdminIds(trx: Executor, workspaceId: string): Promise<string[]> {
  const isPostgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const rows = await trx
    .selectFrom("teammates")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "admin")
    .$if(isPostgres, (qb) => qb.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}

export async function setTeammateRole(
  trx: Executor,
  workspaceId: string,
  teammateId: string,
  role: TeammateRole,
): Promise<void> {
  await trx
    .updateTable("teammates")
    .set({ role, updated_at: Date.now() })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teammateId)
    .execute();
}

/** Removes the teammate; what they were assigned becomes unassigned (their written parts stay). */
export async function deleteTeammate(trx: Executor, workspaceId: string, teammateId: string): Promise<void> {
  for (const table of ["tickets", "conversations"] as const) {
    await trx
      .updateTable(table)
      .set({ admin_assignee_id: null })
      .where("workspace_id", "=", workspaceId)
      .where("admin_assignee_id", "=", teammateId)
      .execute();
  }
  await trx
    .deleteFrom("sessions")
    .where("workspace_id", "=", workspaceId)
    .where("teammate_id", "=", teammateId)
    .execute();
  await trx
    .deleteFrom("teammates")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", teammateId)
    .execute();
}
