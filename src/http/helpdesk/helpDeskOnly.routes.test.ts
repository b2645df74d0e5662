// The Help-Desk-only JSON routes under /app/api: company choices (rule 3), participants, links by the
// valid pairs, a tracker's state offered to its customer tickets, teammates and company suggestions.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTicket,
  buildTicketType,
  buildWorkspace,
} from "../../../test/factories.ts";
import { signedInTeammate } from "../../../test/teammates.ts";
import { upsertCompany } from "../../domain/companies/companyCommands.ts";
import { findTicket } from "../../domain/tickets/ticket.repository.ts";
import { listStatesOfType } from "../../domain/tickets/ticketState.repository.ts";
import { updateTicket } from "../../domain/tickets/ticketUpdater.ts";

for (const dialect of testDialects()) {
  describe(`Help-Desk-only routes (${dialect.name})`, () => {
    const app = testApp(dialect);

    it("lists the participants' companies as the ticket's choices: one is preselected, several are not", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const single = await buildTicket(db, workspace, {
        contacts: [await buildContact(db, workspace, { companies: [acme] })],
      });
      const several = await buildTicket(db, workspace, {
        contacts: [await buildContact(db, workspace, { companies: [acme, globex] })],
      });
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");

      const one = (await teammate("GET", `/app/api/tickets/${single.id}/company_choices`)).json();
      expect(one.data.map((c: { id: string }) => c.id)).toEqual([acme.id]);
      expect(one.company_id).toBe(acme.id);
      expect(one.chosen_by_teammate).toBe(false);

      const two = (await teammate("GET", `/app/api/tickets/${several.id}/company_choices`)).json();
      expect(two.data.map((c: { name: string }) => c.name)).toEqual([acme.name, globex.name].sort());
      expect(two.company_id).toBeNull();

      await teammate("PUT", `/app/api/tickets/${several.id}`, { company_id: globex.id });
      const picked = (await teammate("GET", `/app/api/tickets/${several.id}/company_choices`)).json();
      expect(picked).toMatchObject({ company_id: globex.id, chosen_by_teammate: true });
    });

    it("adds and removes participants, and the company follows the participants", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const acme = await buildCompany(db, workspace, "Acme");
      const type = await buildTicketType(db, workspace, "back_office");
      const ticket = await buildTicket(db, workspace, { type, contacts: [] });
      const person = await buildContact(db, workspace, { companies: [acme] });
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");

      const added = await teammate("POST", `/app/api/tickets/${ticket.id}/contacts`, { email: person.email });
      expect(added.statusCode).toBe(200);
      expect(added.json().contacts.contacts.map((c: { id: string }) => c.id)).toEqual([person.id]);
      expect(added.json().company_id).toBe(acme.id);

      const unknown = await teammate("POST", `/app/api/tickets/${ticket.id}/contacts`, {
        email: "nobody@example.com",
      });
      expect(unknown.statusCode).toBe(404);
      const empty = await teammate("POST", `/app/api/tickets/${ticket.id}/contacts`, {});
      expect(empty.statusCode).toBe(400);
      expect(empty.json().errors[0].code).toBe("parameter_not_found");

      const removed = await teammate("DELETE", `/app/api/tickets/${ticket.id}/contacts/${person.id}`);
      expect(removed.statusCode).toBe(200);
      expect(removed.json()).toMatchObject({ contacts: { contacts: [] }, company_id: null });
      const again = await teammate("DELETE", `/app/api/tickets/${ticket.id}/contacts/${person.id}`);
      expect(again.statusCode).toBe(404);
    });

    it("links a customer ticket to a tracker and a conversation, and refuses pairs that do not link", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const contact = await buildContact(db, workspace);
      const customer = await buildTicket(db, workspace, { category: "customer", contacts: [contact] });
      const otherCustomer = await buildTicket(db, workspace, { category: "customer" });
      const tracker = await buildTicket(db, workspace, { category: "tracker" });
      const conversation = await buildConversation(db, workspace, contact);
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");

      const linked = await teammate("POST", `/app/api/tickets/${customer.id}/links`, {
        type: "ticket",
        id: tracker.id,
      });
      expect(linked.statusCode).toBe(200);
      expect(linked.json().linked_objects.data).toEqual([
        { type: "ticket", id: tracker.id, category: "Tracker" },
      ]);
      const fromTracker = (await teammate("GET", `/app/api/tickets/${tracker.id}`)).json();
      expect(fromTracker.linked_objects.data).toEqual([
        { type: "ticket", id: customer.id, category: "Customer" },
      ]);

      const wrongPair = await teammate("POST", `/app/api/tickets/${customer.id}/links`, {
        type: "ticket",
        id: otherCustomer.id,
      });
      expect(wrongPair.statusCode).toBe(400);
      expect(wrongPair.json().errors[0].code).toBe("parameter_invalid");

      const withConversation = await teammate("POST", `/app/api/tickets/${customer.id}/links`, {
        type: "conversation",
        id: conversation.id,
      });
      expect(withConversation.statusCode).toBe(200);
      expect(withConversation.json().linked_objects.data).toContainEqual({
        type: "conversation",
        id: conversation.id,
        category: null,
      });
      const secondConversation = await buildConversation(db, workspace, contact);
      const conflict = await teammate("POST", `/app/api/tickets/${customer.id}/links`, {
        type: "conversation",
        id: secondConversation.id,
      });
      expect(conflict.statusCode).toBe(409);
      const badType = await teammate("POST", `/app/api/tickets/${customer.id}/links`, {
        type: "company",
        id: "x",
      });
      expect(badType.statusCode).toBe(400);
    });

    it("moves a tracker's linked customer tickets to the tracker's state category when asked, as the teammate", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const customerType = await buildTicketType(db, workspace, "customer");
      const trackerType = await buildTicketType(db, workspace, "tracker");
      const first = await buildTicket(db, workspace, { type: customerType });
      const second = await buildTicket(db, workspace, { type: customerType });
      const unlinked = await buildTicket(db, workspace, { type: customerType });
      const tracker = await buildTicket(db, workspace, { type: trackerType });
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");
      const me = (await teammate("GET", "/app/me")).json();
      for (const t of [first, second])
        await teammate("POST", `/app/api/tickets/${tracker.id}/links`, { type: "ticket", id: t.id });
      const trackerResolved = (await listStatesOfType(db, workspace.id, trackerType.id)).find(
        (s) => s.category === "resolved",
      )!;
      await updateTicket(db, workspace.id, tracker.id, { stateId: trackerResolved.id }, { type: "bot" });

      const moved = await teammate("POST", `/app/api/tickets/${tracker.id}/linked_tickets/apply_state`, {});
      expect(moved.statusCode).toBe(200);
      expect(moved.json().total_count).toBe(2);
      for (const t of [first, second]) {
        const ticket = (await teammate("GET", `/app/api/tickets/${t.id}`)).json();
        expect(ticket.ticket_state.category).toBe("resolved");
        const change = ticket.ticket_parts.ticket_parts.find(
          (p: { part_type: string }) => p.part_type === "ticket_state_updated_by_admin",
        );
        expect(change.author).toMatchObject({ type: "admin", id: me.id });
      }
      const untouched = (await teammate("GET", `/app/api/tickets/${unlinked.id}`)).json();
      expect(untouched.ticket_state.category).toBe("submitted");

      // Again: nothing left to move. A customer ticket is no tracker; an unlinked id is refused.
      expect(
        (await teammate("POST", `/app/api/tickets/${tracker.id}/linked_tickets/apply_state`, {})).json()
          .total_count,
      ).toBe(0);
      const notTracker = await teammate(
        "POST",
        `/app/api/tickets/${first.id}/linked_tickets/apply_state`,
        {},
      );
      expect(notTracker.statusCode).toBe(400);
      const notLinked = await teammate("POST", `/app/api/tickets/${tracker.id}/linked_tickets/apply_state`, {
        ticket_ids: [unlinked.id],
      });
      expect(notLinked.statusCode).toBe(400);
    });

    it("lists only the workspace's own teammates and companies", async () => {
      const { db } = await dialect.db();
      const mine = await buildWorkspace(db);
      const theirs = await buildWorkspace(db);
      await db.transaction().execute(async (trx) => {
        await upsertCompany(trx, mine.id, "c-1", { name: "Acme 100% Widgets" });
        await upsertCompany(trx, mine.id, "c-2", { name: "Globex" });
        await upsertCompany(trx, theirs.id, "c-3", { name: "Acme Rival" });
      });
      const teammate = await signedInTeammate(await app(), db, mine, "agent");
      await signedInTeammate(await app(), db, theirs, "admin");

      const teammates = (await teammate("GET", "/app/api/teammates")).json().data;
      expect(teammates).toHaveLength(1);
      expect(Object.keys(teammates[0]).sort()).toEqual(["email", "id", "name", "role", "type"]);

      const acme = (await teammate("GET", "/app/api/company_suggestions?q=acme")).json().data;
      expect(acme.map((c: { name: string }) => c.name)).toEqual(["Acme 100% Widgets"]);
      const percent = (await teammate("GET", "/app/api/company_suggestions?q=%25")).json().data;
      expect(percent.map((c: { name: string }) => c.name)).toEqual(["Acme 100% Widgets"]);
      const all = (await teammate("GET", "/app/api/company_suggestions")).json().data;
      expect(all.map((c: { name: string }) => c.name)).toEqual(["Acme 100% Widgets", "Globex"]);
    });

    it("answers another workspace's ticket on every Help-Desk-only route exactly like a missing one", async () => {
      const { db } = await dialect.db();
      const mine = await buildWorkspace(db);
      const theirs = await buildWorkspace(db);
      const contact = await buildContact(db, theirs);
      const foreign = await buildTicket(db, theirs, { category: "tracker" });
      const teammate = await signedInTeammate(await app(), db, mine, "admin");
      const calls: Array<[string, string, unknown?]> = [
        ["GET", "/company_choices"],
        ["POST", "/contacts", { id: contact.id }],
        ["DELETE", `/contacts/${contact.id}`],
        ["POST", "/links", { type: "ticket", id: foreign.id }],
        ["POST", "/linked_tickets/apply_state", {}],
      ];
      for (const [method, suffix, payload] of calls) {
        const a = await teammate(method as "GET", `/app/api/tickets/${foreign.id}${suffix}`, payload);
        const b = await teammate(
          method as "GET",
          `/app/api/tickets/000000000000000000000000${suffix}`,
          payload,
        );
        expect(a.statusCode, `${method} ${suffix}`).toBe(404);
        expect(b.statusCode, `${method} ${suffix}`).toBe(404);
        expect(a.json().errors, `${method} ${suffix}`).toEqual(b.json().errors);
      }
      // Nothing of theirs changed.
      expect((await findTicket(db, theirs.id, foreign.id))!.updated_at).toBe(foreign.updated_at);
    });
  });
}
