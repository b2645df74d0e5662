// Random ticket worlds for the portal's property tests: one workspace at a time written as plain rows
// (not through commands) so that every combination of flags occurs, and rule 1's plain model over them.
import fc from "fast-check";
import type { Db } from "../src/db/database.ts";
import type { Flag, MembershipRole, TicketCategory, TicketStateCategory } from "../src/db/schema.ts";
import { newId } from "../src/domain/ids.ts";
import { canContactSeeTicket, type MemberVisibility } from "../src/domain/tickets/ticket.policy.ts";
import { newWorkspaceRow } from "../src/domain/workspaces/workspaceCommands.ts";

/** A workspace to write: companies and contacts by count, the rest by index into them. */
export interface WorldWorkspaceSpec {
  memberVisibility: MemberVisibility;
  companies: Array<{ visibility: MemberVisibility | null }>;
  contacts: number;
  memberships: Array<{ company: number; contact: number; role: MembershipRole }>;
  tickets: WorldTicketSpec[];
}

export interface WorldTicketSpec {
  category: TicketCategory;
  isShared: boolean;
  company: number | null;
  participants: number[];
  /** Index into the world's states (the first when left out). */
  state?: number;
  createdBy?: number | null;
  title?: string;
  description?: string;
  /** Milliseconds after the world's own time. */
  updatedAt?: number;
  createdAt?: number;
}

export interface WorldTicket {
  id: string;
  category: TicketCategory;
  is_shared: Flag;
  company_id: string | null;
  participants: string[];
  /** The external label of the ticket's state. */
  label: string;
  created_by_contact_id: string | null;
  title: string;
  description: string;
  updated_at: number;
  created_at: number;
}

export interface WorldWorkspace {
  id: string;
  memberVisibility: MemberVisibility;
  companies: Array<{ id: string; visibility: MemberVisibility | null }>;
  contacts: string[];
  memberships: Array<{ companyId: string; contactId: string; role: MembershipRole }>;
  tickets: WorldTicket[];
}

/**
 * A random workspace: up to `limits.companies` companies (each with or without its own member
 * visibility), 1 to `limits.contacts` contacts, up to `limits.memberships` distinct memberships, and the
 * tickets `ticketsOf` draws for the drawn numbers of companies and contacts.
 */
export function worldWorkspaceArb(
  limits: { companies: number; contacts: number; memberships: number },
  ticketsOf: (drawn: { companies: number; contacts: number }) => fc.Arbitrary<WorldTicketSpec[]>,
): fc.Arbitrary<WorldWorkspaceSpec> {
  return fc
    .record({
      memberVisibility: fc.constantFrom<MemberVisibility>("all", "participating"),
      companies: fc.array(
        fc.record({ visibility: fc.constantFrom<MemberVisibility | null>(null, "all", "participating") }),
        { maxLength: limits.companies },
      ),
      contacts: fc.integer({ min: 1, max: limits.contacts }),
    })
    .chain((ws) =>
      fc.record({
        memberVisibility: fc.constant(ws.memberVisibility),
        companies: fc.constant(ws.companies),
        contacts: fc.constant(ws.contacts),
        memberships:
          ws.companies.length === 0
            ? fc.constant([])
            : fc.uniqueArray(
                fc.record({
                  company: fc.integer({ min: 0, max: ws.companies.length - 1 }),
                  contact: fc.integer({ min: 0, max: ws.contacts - 1 }),
                  role: fc.constantFrom<MembershipRole>("member", "manager"),
                }),
                { maxLength: limits.memberships, selector: (m) => `${m.company}/${m.contact}` },
              ),
        tickets: ticketsOf({ companies: ws.companies.length, contacts: ws.contacts }),
      }),
    );
}

export type WorldState = { category: TicketStateCategory; label: string };

/** Writes one workspace: its states (one submitted state unless told), a ticket type per category, the rest. */
export async function buildWorldWorkspace(
  db: Db,
  ws: WorldWorkspaceSpec,
  options: { states?: WorldState[]; now?: number } = {},
): Promise<WorldWorkspace> {
  const now = options.now ?? Date.now();
  const id = newId();
  await db
    .insertInto("workspaces")
    .values(
      newWorkspaceRow({
        id,
        slug: `world-${id}`,
        name: "Random world",
        portal_member_visibility: ws.memberVisibility,
        created_at: now,
        updated_at: now,
      }),
    )
    .execute();
  const stateSpecs = options.states ?? [{ category: "submitted", label: "Submitted" }];
  const states = stateSpecs.map((s, i) => ({
    workspace_id: id,
    id: newId(),
    category: s.category,
    internal_label: `S${i}`,
    external_label: s.label,
    archived: 0 as Flag,
    created_at: now,
    updated_at: now,
  }));
  await db.insertInto("ticket_states").values(states).execute();
  const typeIds = { customer: newId(), back_office: newId(), tracker: newId() };
  await db
    .insertInto("ticket_types")
    .values(
      (Object.keys(typeIds) as TicketCategory[]).map((category) => ({
        workspace_id: id,
        id: typeIds[category],
        category,
        name: category,
        description: "",
        icon: "x",
        archived: 0 as Flag,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  const companies = ws.companies.map((c) => ({ id: newId(), visibility: c.visibility }));
  if (companies.length > 0) {
    await db
      .insertInto("companies")
      .values(
        companies.map((c) => ({
          workspace_id: id,
          id: c.id,
          external_id: c.id,
          name: "Co",
          plan: null,
          size: null,
          website: null,
          industry: null,
          monthly_spend: null,
          attributes: "{}",
          portal_member_visibility: c.visibility,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const contacts = Array.from({ length: ws.contacts }, () => newId());
  await db
    .insertInto("contacts")
    .values(
      contacts.map((c) => ({
        workspace_id: id,
        id: c,
        external_id: null,
        email: null,
        name: null,
        role: "user" as const,
        attributes: "{}",
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  const memberships = ws.memberships.map((m) => ({
    companyId: companies[m.company]!.id,
    contactId: contacts[m.contact]!,
    role: m.role,
  }));
  if (memberships.length > 0) {
    await db
      .insertInto("company_memberships")
      .values(
        memberships.map((m) => ({
          workspace_id: id,
          company_id: m.companyId,
          contact_id: m.contactId,
          role: m.role,
          created_at: now,
        })),
      )
      .execute();
  }
  const tickets: WorldTicket[] = ws.tickets.map((t) => ({
    id: newId(),
    category: t.category,
    is_shared: (t.isShared ? 1 : 0) as Flag,
    company_id: t.company === null ? null : companies[t.company]!.id,
    participants: t.participants.map((p) => contacts[p]!),
    label: stateSpecs[t.state ?? 0]!.label,
    created_by_contact_id: t.createdBy === undefined || t.createdBy === null ? null : contacts[t.createdBy]!,
    title: t.title ?? "t",
    description: t.description ?? "",
    updated_at: now + (t.updatedAt ?? 0),
    created_at: now + (t.createdAt ?? 0),
  }));
  if (tickets.length > 0) {
    await db
      .insertInto("tickets")
      .values(
        tickets.map((t, i) => ({
          workspace_id: id,
          id: t.id,
          ticket_number: i + 1,
          ticket_type_id: typeIds[t.category],
          category: t.category,
          ticket_state_id: states[ws.tickets[i]!.state ?? 0]!.id,
          title: t.title,
          description: t.description,
          attributes: "{}",
          company_id: t.company_id,
          company_chosen: 0 as Flag,
          is_shared: t.is_shared,
          open: 1 as Flag,
          snoozed_until: null,
          admin_assignee_id: null,
          linked_conversation_id: null,
          created_by_contact_id: t.created_by_contact_id,
          created_by_teammate_id: null,
          created_at: t.created_at,
          updated_at: t.updated_at,
        })),
      )
      .execute();
    const participants = tickets.flatMap((t) =>
      t.participants.map((c) => ({
        workspace_id: id,
        ticket_id: t.id,
        contact_id: c,
        created_at: now,
        ticket_created_at: t.created_at,
        ticket_updated_at: t.updated_at,
      })),
    );
    if (participants.length > 0) await db.insertInto("ticket_contacts").values(participants).execute();
  }
  return { id, memberVisibility: ws.memberVisibility, companies, contacts, memberships, tickets };
}

/** Rule 1's plain model: the tickets of all `worlds` that `contactId` of `viewer` may see, in world order. */
export function modelVisibleTickets(
  worlds: WorldWorkspace[],
  viewer: WorldWorkspace,
  contactId: string,
): WorldTicket[] {
  return worlds.flatMap((owner) =>
    owner.tickets.filter((t) => {
      const membership = viewer.memberships.find(
        (m) => m.contactId === contactId && m.companyId === t.company_id,
      );
      const company = owner.companies.find((c) => c.id === t.company_id);
      return canContactSeeTicket(
        { workspaceId: viewer.id, contactId },
        { workspace_id: owner.id, category: t.category, is_shared: t.is_shared, company_id: t.company_id },
        {
          isParticipant: t.participants.includes(contactId),
          companyRole: owner.id === viewer.id ? (membership?.role ?? null) : null,
          memberVisibility: company?.visibility ?? owner.memberVisibility,
        },
      );
    }),
  );
}
