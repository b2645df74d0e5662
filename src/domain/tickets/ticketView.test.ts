// The page loader gives every ticket the view it gets alone, and the view the single-ticket queries give.
import { describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import { buildTicket, buildWorkspace } from "../../../test/factories.ts";
import { buildBusyTickets } from "../../../test/ticketPages.ts";
import type { Executor } from "../../db/database.ts";
import type { Ticket } from "../../db/schema.ts";
import { findCompany } from "../companies/company.repository.ts";
import { listContactsByIds } from "../contacts/contact.repository.ts";
import { listTeammateSummaries } from "../teammates/teammate.repository.ts";
import {
  listTicketCategories,
  listTicketContactIds,
  listTicketLinks,
  listTicketParts,
} from "./ticket.repository.ts";
import { listStatesOfType, listTicketStates } from "./ticketState.repository.ts";
import { findTicketType, listAttributesOfType } from "./ticketType.repository.ts";
import { loadTicketView, loadTicketViews, type TicketView } from "./ticketView.ts";

/** One ticket's view from the one-ticket queries, relation by relation (how it was loaded before pages). */
async function loadOneRelationAtATime(db: Executor, ticket: Ticket): Promise<TicketView> {
  const ws = ticket.workspace_id;
  const parts = await listTicketParts(db, ws, ticket.id);
  const links = await listTicketLinks(db, ws, ticket.id);
  const contactIds = await listTicketContactIds(db, ws, ticket.id);
  const contacts = new Map((await listContactsByIds(db, ws, contactIds)).map((c) => [c.id, c]));
  const authorIds = (type: "user" | "admin") =>
    parts.flatMap((p) => (p.author_type === type && p.author_id ? [p.author_id] : []));
  const categories = new Map(
    (
      await listTicketCategories(
        db,
        ws,
        links.filter((l) => l.linked_type === "ticket").map((l) => l.linked_id),
      )
    ).map((t) => [t.id, t.category]),
  );
  return {
    ticket,
    type: (await findTicketType(db, ws, ticket.ticket_type_id))!,
    attributes: await listAttributesOfType(db, ws, ticket.ticket_type_id),
    typeStates: await listStatesOfType(db, ws, ticket.ticket_type_id),
    statesById: new Map((await listTicketStates(db, ws)).map((s) => [s.id, s])),
    contacts: contactIds.map((id) => contacts.get(id)!),
    company: ticket.company_id ? ((await findCompany(db, ws, ticket.company_id)) ?? null) : null,
    parts,
    authors: {
      teammates: new Map((await listTeammateSummaries(db, ws, authorIds("admin"))).map((t) => [t.id, t])),
      contacts: new Map((await listContactsByIds(db, ws, authorIds("user"))).map((c) => [c.id, c])),
    },
    links: [
      ...(ticket.linked_conversation_id
        ? [{ type: "conversation" as const, id: ticket.linked_conversation_id, category: null }]
        : []),
      ...links.map((l) => ({
        type: l.linked_type,
        id: l.linked_id,
        category: categories.get(l.linked_id) ?? null,
      })),
    ],
  };
}

for (const dialect of testDialects()) {
  describe(`ticket views (${dialect.name})`, () => {
    it("loads a page of mixed tickets exactly as it loads each ticket alone", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const busy = await buildBusyTickets(db, workspace, 7);
      const bare = await buildTicket(db, workspace, { category: "tracker", title: "Nothing here yet" });
      // Another workspace's busy tickets must not leak into this one's views.
      await buildBusyTickets(db, await buildWorkspace(db), 2);
      // Types and companies repeat and alternate, with ticket-less relations in between.
      const page = [
        busy.tickets[3]!,
        bare,
        ...busy.linkedTo,
        ...busy.tickets.slice(0, 3),
        ...busy.tickets.slice(4),
      ];

      const views = await loadTicketViews(db, workspace.id, page);

      expect(views.map((v) => v.ticket.id)).toEqual(page.map((t) => t.id));
      const alone = [];
      for (const ticket of page) alone.push(await loadTicketView(db, ticket));
      expect(views).toEqual(alone);
      const relationByRelation = [];
      for (const ticket of page) relationByRelation.push(await loadOneRelationAtATime(db, ticket));
      expect(views).toEqual(relationByRelation);

      // The page really has what the views must get right.
      const viewOf = (ticket: Ticket) => views.find((v) => v.ticket.id === ticket.id)!;
      const withCompany = viewOf(busy.tickets[0]!);
      const withoutCompany = viewOf(busy.tickets[2]!);
      expect(withCompany.company).not.toBeNull();
      expect(withoutCompany.company).toBeNull();
      expect(withCompany.contacts.length).toBe(2);
      expect(withCompany.parts.map((p) => p.author_type)).toEqual(expect.arrayContaining(["admin", "user"]));
      expect(withCompany.authors.teammates.size).toBe(1);
      expect(withCompany.authors.contacts.size).toBe(1);
      expect(withCompany.links.map((l) => [l.type, l.category])).toEqual(
        expect.arrayContaining([
          ["conversation", null],
          ["ticket", "tracker"],
          ["ticket", "back_office"],
        ]),
      );
      const tracker = viewOf(busy.linkedTo[0]!);
      expect(tracker.links.filter((l) => l.category === "customer").length).toBeGreaterThan(1);
      expect(viewOf(bare)).toMatchObject({ contacts: [], company: null, links: [] });
    });

    it("loads nothing for an empty page and refuses a ticket of another workspace", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const other = await buildTicket(db, await buildWorkspace(db), { category: "tracker" });
      expect(await loadTicketViews(db, workspace.id, [])).toEqual([]);
      await expect(loadTicketViews(db, workspace.id, [other])).rejects.toThrow(/not in workspace/);
    });
  });
}
