// The contact as the person themself sees it in the Messenger and the Help Center: the minimum.
import type { Contact } from "../../db/schema.ts";

export function presentOwnContact(contact: Contact) {
  return {
    type: "contact" as const,
    id: contact.id,
    role: contact.role,
    name: contact.name,
    email: contact.email,
  };
}
