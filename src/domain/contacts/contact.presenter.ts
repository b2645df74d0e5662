// The contact as the API presents it (Intercom 2.14 shape), and as the person themself sees it.
import type { CompanyMembership, Contact } from "../../db/schema.ts";
import { parseObject, seconds } from "../json.ts";

export function presentContact(contact: Contact, memberships: readonly CompanyMembership[]) {
  return {
    type: "contact" as const,
    id: contact.id,
    workspace_id: contact.workspace_id,
    external_id: contact.external_id,
    role: contact.role,
    email: contact.email,
    name: contact.name,
    phone: null,
    avatar: null,
    owner_id: null,
    custom_attributes: parseObject(contact.attributes),
    companies: {
      type: "list" as const,
      data: memberships.map((m) => ({ type: "company" as const, id: m.company_id, role: m.role })),
      total_count: memberships.length,
      has_more: false,
    },
    tags: { type: "list" as const, data: [], total_count: 0, has_more: false },
    created_at: seconds(contact.created_at),
    updated_at: seconds(contact.updated_at),
    signed_up_at: contact.role === "user" ? seconds(contact.created_at) : null,
    last_seen_at: null,
  };
}

/** The Messenger and the Help Center show a person only this much about themself. */
export function presentOwnContact(contact: Contact) {
  return {
    type: "contact" as const,
    id: contact.id,
    role: contact.role,
    name: contact.name,
    email: contact.email,
  };
}
