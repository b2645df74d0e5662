// Resolves the references API bodies carry (contacts by id/external_id/email, companies by either id,
// the acting admin) into the workspace's rows, answering like Intercom when one is missing.
import type { Executor } from "../../db/database.ts";
import type { Company, Contact } from "../../db/schema.ts";
import { findCompany, findCompanyByExternalId } from "../../domain/companies/company.repository.ts";
import { createContact } from "../../domain/contacts/contactCommands.ts";
import {
  findContact,
  findContactByEmail,
  findContactByExternalId,
} from "../../domain/contacts/contact.repository.ts";
import type { Author } from "../../domain/conversations/conversationCommands.ts";
import { DomainError, invalid } from "../../domain/errors.ts";
import { findTeammate } from "../../domain/teammates/teammate.repository.ts";

export interface ContactRef {
  id?: string;
  intercom_user_id?: string;
  external_id?: string;
  user_id?: string;
  email?: string;
}

/** Finds the contact a reference names; with `createByEmail`, an unknown e-mail creates a user. */
export async function resolveContact(
  trx: Executor,
  workspaceId: string,
  ref: ContactRef,
  options: { createByEmail?: boolean; field?: string } = {},
): Promise<Contact> {
  const field = options.field ?? "contacts";
  const id = ref.id ?? ref.intercom_user_id;
  const externalId = ref.external_id ?? ref.user_id;
  let contact: Contact | undefined;
  if (id !== undefined) contact = await findContact(trx, workspaceId, id);
  else if (externalId !== undefined) contact = await findContactByExternalId(trx, workspaceId, externalId);
  else if (ref.email !== undefined) {
    contact = await findContactByEmail(trx, workspaceId, ref.email);
    if (!contact && options.createByEmail)
      return createContact(trx, workspaceId, { email: ref.email, role: "user" });
  } else {
    throw new DomainError("parameter_not_found", "a contact needs an id, external_id or email", field);
  }
  if (!contact) throw new DomainError("not_found", "Contact not found", field);
  return contact;
}

/** Portico's company id first; if none matches, the customer's own company_id (older clients send that). */
export async function resolveCompany(
  trx: Executor,
  workspaceId: string,
  idOrExternal: string,
): Promise<Company> {
  const company =
    (await findCompany(trx, workspaceId, idOrExternal)) ??
    (await findCompanyByExternalId(trx, workspaceId, idOrExternal));
  if (!company) throw new DomainError("company_not_found", "Company Not Found", "company_id");
  return company;
}

/** The admin an action is taken as: `admin_id` when given (must be a teammate), else the API itself. */
export async function resolveAdmin(
  trx: Executor,
  workspaceId: string,
  adminId: string | number | undefined | null,
): Promise<Author> {
  if (adminId === undefined || adminId === null || adminId === "") return { type: "bot" };
  const teammate = await findTeammate(trx, workspaceId, String(adminId));
  if (!teammate) throw new DomainError("not_found", "Admin not found", "admin_id");
  return { type: "admin", teammateId: teammate.id };
}

export function requireAdmin(adminId: string | number | undefined | null): string {
  if (adminId === undefined || adminId === null || adminId === "") {
    throw new DomainError("parameter_not_found", "admin_id is required for replies by an admin", "admin_id");
  }
  return String(adminId);
}

export function checkTimestamp(field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0)
    throw invalid(field, `${field} must be a unix timestamp in seconds`);
  return value * 1000;
}

export interface ReplyInput {
  message_type: "comment" | "note" | "quick_reply";
  type: "admin" | "user";
  admin_id?: string | number;
  intercom_user_id?: string;
  user_id?: string;
  email?: string;
}

/**
 * Who replies and how: admins comment or note (a quick reply is a comment); contacts only comment.
 * `signedInTeammateId` (the Help Desk) is the admin of every admin reply, whatever admin_id says.
 */
export async function resolveReplyAuthor(
  trx: Executor,
  workspaceId: string,
  body: ReplyInput,
  signedInTeammateId: string | null = null,
): Promise<{ author: Author; messageType: "comment" | "note" }> {
  if (body.type === "admin") {
    const author: Author =
      signedInTeammateId !== null
        ? { type: "admin", teammateId: signedInTeammateId }
        : await resolveAdmin(trx, workspaceId, requireAdmin(body.admin_id));
    return { author, messageType: body.message_type === "note" ? "note" : "comment" };
  }
  if (body.message_type !== "comment") {
    throw new DomainError("parameter_mismatch", "customers can only reply with comments", "message_type");
  }
  const contact = await resolveContact(
    trx,
    workspaceId,
    { intercom_user_id: body.intercom_user_id, user_id: body.user_id, email: body.email },
    { field: "intercom_user_id" },
  );
  return { author: { type: "user", contactId: contact.id }, messageType: "comment" };
}
