// Contact queries.
import { inChunks } from "../../db/batches.ts";
import type { Executor } from "../../db/database.ts";
import type { Contact } from "../../db/schema.ts";

export function findContact(db: Executor, workspaceId: string, id: string): Promise<Contact | undefined> {
  return db
    .selectFrom("contacts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findContactByExternalId(db: Executor, workspaceId: string, externalId: string) {
  return db
    .selectFrom("contacts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
}

/** The oldest contact with this e-mail (e-mails are not unique: a lead and a user may share one). */
export function findContactByEmail(db: Executor, workspaceId: string, email: string) {
  return db
    .selectFrom("contacts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("email", "=", email.trim().toLowerCase())
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
}

export function listContactsByIds(
  db: Executor,
  workspaceId: string,
  ids: readonly string[],
): Promise<Contact[]> {
  return inChunks(ids, (chunk) =>
    db
      .selectFrom("contacts")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", chunk)
      .execute(),
  );
}
