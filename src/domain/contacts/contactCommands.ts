// Contact writes: create, update, delete, each with its outbox event.
import type { Executor } from "../../db/database.ts";
import type { Contact, ContactRole } from "../../db/schema.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId } from "../ids.ts";
import { parseObject, type JsonObject } from "../json.ts";
import { checkEmail } from "../teammates/teammate.repository.ts";
import { findContact, findContactByExternalId } from "./contact.repository.ts";

export interface ContactInput {
  role?: ContactRole;
  externalId?: string | null;
  email?: string | null;
  name?: string | null;
  attributes?: JsonObject;
}

function cleanExternalId(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const id = value.trim();
  if (id === "") return null;
  if (id.length > 255) throw invalid("external_id", "external_id must be at most 255 characters");
  return id;
}

export async function createContact(
  trx: Executor,
  workspaceId: string,
  input: ContactInput,
): Promise<Contact> {
  const role = input.role ?? (input.externalId ? "user" : "lead");
  if (role !== "user" && role !== "lead") throw invalid("role", 'role must be "user" or "lead"');
  const externalId = cleanExternalId(input.externalId);
  const email = input.email ? checkEmail("email", input.email) : null;
  if (role === "user" && !externalId && !email) {
    throw invalid("external_id", "a user needs an external_id or an email");
  }
  if (externalId && (await findContactByExternalId(trx, workspaceId, externalId))) {
    throw new DomainError(
      "conflict",
      `a contact with external_id ${externalId} already exists`,
      "external_id",
    );
  }
  const now = Date.now();
  const contact: Contact = {
    workspace_id: workspaceId,
    id: newId(),
    external_id: externalId,
    email,
    name: input.name?.trim() || null,
    role,
    attributes: JSON.stringify(input.attributes ?? {}),
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto("contacts").values(contact).execute();
  await appendEvent(trx, {
    workspaceId,
    type: "contact.created",
    subjectType: "contact",
    subjectId: contact.id,
  });
  return contact;
}

export async function updateContact(
  trx: Executor,
  workspaceId: string,
  id: string,
  changes: ContactInput,
): Promise<Contact> {
  const contact = await findContact(trx, workspaceId, id);
  if (!contact) throw notFound("Contact");
  const next: Contact = { ...contact, updated_at: Date.now() };
  if (changes.role !== undefined) {
    if (changes.role !== "user" && changes.role !== "lead")
      throw invalid("role", 'role must be "user" or "lead"');
    next.role = changes.role;
  }
  if (changes.externalId !== undefined) {
    next.external_id = cleanExternalId(changes.externalId);
    const other = next.external_id
      ? await findContactByExternalId(trx, workspaceId, next.external_id)
      : undefined;
    if (other && other.id !== id) {
      throw new DomainError(
        "conflict",
        `a contact with external_id ${next.external_id} already exists`,
        "external_id",
      );
    }
  }
  if (changes.email !== undefined) next.email = changes.email ? checkEmail("email", changes.email) : null;
  if (changes.name !== undefined) next.name = changes.name?.trim() || null;
  if (changes.attributes !== undefined) {
    next.attributes = JSON.stringify({ ...parseObject(contact.attributes), ...changes.attributes });
  }
  const { workspace_id: _w, id: _i, created_at: _c, ...columns } = next;
  await trx
    .updateTable("contacts")
    .set(columns)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
  await appendEvent(trx, { workspaceId, type: "contact.updated", subjectType: "contact", subjectId: id });
  return next;
}

export async function deleteContact(trx: Executor, workspaceId: string, id: string): Promise<void> {
  const contact = await findContact(trx, workspaceId, id);
  if (!contact) throw notFound("Contact");
  // Tickets keep their history: the contact's authorship is cleared, participations cascade.
  await trx
    .updateTable("tickets")
    .set({ created_by_contact_id: null })
    .where("workspace_id", "=", workspaceId)
    .where("created_by_contact_id", "=", id)
    .execute();
  await trx
    .updateTable("conversations")
    .set({ created_by_contact_id: null })
    .where("workspace_id", "=", workspaceId)
    .where("created_by_contact_id", "=", id)
    .execute();
  await trx.deleteFrom("contacts").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  await appendEvent(trx, { workspaceId, type: "contact.deleted", subjectType: "contact", subjectId: id });
}
