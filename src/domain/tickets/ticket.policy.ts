// Who may see and do what with a ticket. DESIGN.md rule 1 lives here twice: as the SQL predicate every
// customer-facing query uses, and as a plain function that the property test holds the SQL to.
import { sql, type ExpressionBuilder, type ExpressionWrapper, type SqlBool } from "kysely";
import type { Database, MembershipRole, Ticket, TicketCategory } from "../../db/schema.ts";

export interface PortalViewer {
  workspaceId: string;
  contactId: string;
}

/**
 * Rule 1 as SQL, for a query over `tickets`: same workspace, shared with customers (customer category
 * always, back-office when shared, tracker never), and either the viewer takes part in the ticket or
 * belongs to its company with the right to see that company's tickets (managers always; members
 * unless the company, or else the workspace, limits members to the tickets they take part in).
 */
export function portalVisibility(viewer: PortalViewer) {
  return (eb: ExpressionBuilder<Database, "tickets">): ExpressionWrapper<Database, "tickets", SqlBool> =>
    eb.and([
      eb("tickets.workspace_id", "=", viewer.workspaceId),
      eb.or([
        eb("tickets.category", "=", "customer"),
        eb.and([eb("tickets.category", "=", "back_office"), eb("tickets.is_shared", "=", 1)]),
      ]),
      eb.or([
        takesPart(eb, viewer.contactId),
        eb.exists(
          eb
            .selectFrom("company_memberships as m")
            .innerJoin("companies as c", (join) =>
              join.onRef("c.workspace_id", "=", "m.workspace_id").onRef("c.id", "=", "m.company_id"),
            )
            .innerJoin("workspaces as w", "w.id", "m.workspace_id")
            .select(sql.lit(1).as("one"))
            .whereRef("m.workspace_id", "=", "tickets.workspace_id")
            .whereRef("m.company_id", "=", "tickets.company_id")
            .where("m.contact_id", "=", viewer.contactId)
            .where((inner) =>
              inner.or([
                inner("m.role", "=", "manager"),
                inner(
                  inner.fn.coalesce("c.portal_member_visibility", "w.portal_member_visibility"),
                  "=",
                  "all",
                ),
              ]),
            ),
        ),
      ]),
    ]);
}

/** For a query over `tickets`: the contact is one of the ticket's contacts (a participant). */
export function takesPart(eb: ExpressionBuilder<Database, "tickets">, contactId: string) {
  return eb.exists(
    eb
      .selectFrom("ticket_contacts as tc")
      .select(sql.lit(1).as("one"))
      .whereRef("tc.workspace_id", "=", "tickets.workspace_id")
      .whereRef("tc.ticket_id", "=", "tickets.id")
      .where("tc.contact_id", "=", contactId),
  );
}

export type MemberVisibility = "all" | "participating";

/** The facts about one viewer and one ticket that rule 1 depends on. */
export interface VisibilityFacts {
  isParticipant: boolean;
  /** The viewer's role in the ticket's company, or null when not a member (or no company). */
  companyRole: MembershipRole | null;
  /** The company's setting, else the workspace's. */
  memberVisibility: MemberVisibility;
}

export function isSharedWithCustomers(ticket: { category: TicketCategory; is_shared: number }): boolean {
  switch (ticket.category) {
    case "customer":
      return true;
    case "back_office":
      return ticket.is_shared === 1;
    case "tracker":
      return false;
  }
}

/** Rule 1 as a plain function: the model the SQL predicate must agree with. */
export function canContactSeeTicket(
  viewer: PortalViewer,
  ticket: Pick<Ticket, "workspace_id" | "category" | "is_shared" | "company_id">,
  facts: VisibilityFacts,
): boolean {
  if (ticket.workspace_id !== viewer.workspaceId) return false;
  if (!isSharedWithCustomers(ticket)) return false;
  if (facts.isParticipant) return true;
  if (ticket.company_id === null || facts.companyRole === null) return false;
  return facts.companyRole === "manager" || facts.memberVisibility === "all";
}

/** What a customer who can see the ticket may do with it (sent to UIs as `abilities`). */
export function contactAbilities(
  ticket: Pick<Ticket, "category" | "linked_conversation_id">,
  state: { isConversationParticipant: boolean },
) {
  return {
    reply: ticket.category === "customer",
    join: ticket.linked_conversation_id !== null && !state.isConversationParticipant,
    open_conversation: ticket.linked_conversation_id !== null && state.isConversationParticipant,
  };
}
