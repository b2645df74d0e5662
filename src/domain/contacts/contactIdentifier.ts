// Turns a verified identity (Messenger boot, SSO, e-mailed link) into the contact it names.
import type { Executor } from "../../db/database.ts";
import { isUniqueViolation } from "../../db/uniqueViolation.ts";
import type { Contact } from "../../db/schema.ts";
import { addMembership, upsertCompany } from "../companies/companyCommands.ts";
import { DomainError } from "../errors.ts";
import { checkEmail } from "../teammates/teammate.repository.ts";
import { createContact, updateContact, type ContactInput } from "./contactCommands.ts";
import { findContactByEmail, findContactByExternalId } from "./contact.repository.ts";

export interface IdentifyContactInput {
  /** Verified: the contact's external_id, or null when the proof covered the e-mail alone. */
  userId: string | null;
  /** Verified when userId is null (the proof covered it); otherwise as trusted as `signed` says. */
  email: string | null;
  /** Attribute updates carried inside a signed JWT: applied as given. */
  signed?: {
    email?: string | null;
    name?: string | null;
    companies?: Array<{ companyId: string; name: string | null }>;
  };
  /** Attributes the page sent beside a user_hash, which covers only the id: they fill blanks only. */
  unsigned?: { email?: string | null; name?: string | null };
}

function validEmail(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    return checkEmail("email", value);
  } catch {
    return null;
  }
}

/**
 * Finds or creates the verified contact and applies what the proof allows. Company memberships change
 * only from signed claims (DESIGN.md: never from unsigned Messenger input).
 */
export async function identifyContact(
  trx: Executor,
  workspaceId: string,
  input: IdentifyContactInput,
): Promise<Contact> {
  let contact = input.userId
    ? await findContactByExternalId(trx, workspaceId, input.userId)
    : input.email
      ? await findContactByEmail(trx, workspaceId, input.email)
      : undefined;
  if (!input.userId && !input.email) throw new Error("identifyContact needs a verified user_id or email");

  const changes: ContactInput = {};
  const signed = input.signed ?? {};
  const unsigned = input.unsigned ?? {};
  if (signed.email !== undefined && signed.email !== null) changes.email = signed.email;
  else if (!input.userId && input.email) changes.email = input.email;
  else if (!contact?.email && validEmail(unsigned.email)) changes.email = validEmail(unsigned.email);
  if (signed.name !== undefined && signed.name !== null) changes.name = signed.name;
  else if (!contact?.name && unsigned.name?.trim()) changes.name = unsigned.name.trim().slice(0, 255);

  if (!contact) {
    contact = await createContact(trx, workspaceId, {
      role: "user",
      externalId: input.userId,
      email: changes.email ?? null,
      name: changes.name ?? null,
    });
  } else {
    if (contact.role === "lead") changes.role = "user";
    if (changes.email !== undefined && changes.email?.toLowerCase() === contact.email) delete changes.email;
    if (changes.name !== undefined && changes.name === contact.name) delete changes.name;
    if (Object.keys(changes).length > 0) contact = await updateContact(trx, workspaceId, contact.id, changes);
  }

  for (const claim of signed.companies ?? []) {
    const { company } = await upsertCompany(
      trx,
      workspaceId,
      claim.companyId,
      claim.name ? { name: claim.name } : {},
    );
    await addMembership(trx, workspaceId, { companyId: company.id, contactId: contact.id });
  }
  return contact;
}

export function createLead(trx: Executor, workspaceId: string): Promise<Contact> {
  return createContact(trx, workspaceId, { role: "lead" });
}

/**
 * Two requests identifying the same new person at once (a first boot from two tabs): the loser sees
 * the winner's row either as a unique violation or, when the winner committed between its reads, as a
 * conflict. Running its transaction once more finds the winner's contact.
 */
export async function retryIfContactRaced<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const raced = isUniqueViolation(error) || (error instanceof DomainError && error.code === "conflict");
    if (!raced) throw error;
    return run();
  }
}
