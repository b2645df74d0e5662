// The API's contact objects loaded and presented: one contact, or a list with its memberships in one query.
import type { Executor } from "../../db/database.ts";
import type { Contact } from "../../db/schema.ts";
import { listMembershipsOfContacts } from "../companies/company.repository.ts";
import { presentContact } from "./contact.presenter.ts";

export async function presentContactRow(db: Executor, contact: Contact) {
  return (await presentContactRows(db, contact.workspace_id, [contact]))[0]!;
}

/** A page (or any list) of contacts, in their order. */
export async function presentContactRows(db: Executor, workspaceId: string, contacts: readonly Contact[]) {
  const memberships = await listMembershipsOfContacts(
    db,
    workspaceId,
    contacts.map((c) => c.id),
  );
  return contacts.map((c) => presentContact(c, memberships.get(c.id) ?? []));
}
