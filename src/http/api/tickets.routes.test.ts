// /api/tickets details the SDK scenario does not reach: company_id fallbacks, sharing, snoozing,
// assignment, 2.11 state names, and the ticket_states listing.
import { describe, expect, it } from "vitest";
import { buildApiWorkspace, caller } from "../../../test/api.ts";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";

for (const dialect of testDialects()) {
  describe(`tickets API (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function world() {
      const { db } = await dialect.db();
      const { token, admin } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      const acme = (await call("POST", "/api/companies", { company_id: "acme-own-id", name: "Acme" })).json();
      const globex = (
        await call("POST", "/api/companies", { company_id: "globex-own-id", name: "Globex" })
      ).json();
      const pat = (
        await call("POST", "/api/contacts", { external_id: "pat", email: "pat@example.com" })
      ).json();
      await call("POST", `/api/contacts/${pat.id}/companies`, { id: "acme-own-id" });
      await call("POST", `/api/contacts/${pat.id}/companies`, { id: globex.id, role: "manager" });
      const customer = (await call("POST", "/api/ticket_types", { name: "Question" })).json();
      const backOffice = (
        await call("POST", "/api/ticket_types", { name: "Review", category: "Back-office" })
      ).json();
      return { call, admin, acme, globex, pat, customer, backOffice };
    }

    it("takes the customer's own company_id when no Portico id matches, on create and update", async () => {
      const { call, acme, globex, pat, customer } = await world();
      const created = await call("POST", "/api/tickets", {
        ticket_type_id: customer.id,
        contacts: [{ id: pat.id }],
        company_id: "acme-own-id",
        ticket_attributes: { _default_title_: "Old client" },
      });
      expect(created.statusCode).toBe(200);
      expect(created.json()).toMatchObject({
        company_id: acme.id,
        company: { id: acme.id, company_id: "acme-own-id", name: "Acme" },
      });
      const moved = await call("PUT", `/api/tickets/${created.json().id}`, { company_id: "globex-own-id" });
      expect(moved.json().company_id).toBe(globex.id);
      const search = await call("POST", "/api/tickets/search", {
        query: { field: "company_id", operator: "=", value: globex.id },
      });
      expect(search.json().tickets.map((t: { id: string }) => t.id)).toEqual([created.json().id]);
      expect(search.json()).toMatchObject({
        type: "ticket.list",
        total_count: 1,
        pages: { type: "pages", page: 1, total_pages: 1 },
      });
      expect(search.json().pages.next).toBeUndefined();
    });

    it("leaves a person in two companies at No company, and refuses a company they are not in", async () => {
      const { call, pat, customer } = await world();
      const created = await call("POST", "/api/tickets", {
        ticket_type_id: customer.id,
        contacts: [{ id: pat.id }],
        ticket_attributes: { _default_title_: "Which?" },
      });
      expect(created.json()).toMatchObject({ company_id: null, company: null });
      const other = (await call("POST", "/api/companies", { company_id: "initech" })).json();
      const refused = await call("PUT", `/api/tickets/${created.json().id}`, { company_id: other.id });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0]).toMatchObject({ code: "parameter_invalid", field: "company_id" });
    });

    it('shares back-office tickets on request, snoozes, assigns and unassigns with "0"', async () => {
      const { call, admin, pat, backOffice } = await world();
      const ticket = (
        await call("POST", "/api/tickets", {
          ticket_type_id: backOffice.id,
          contacts: [{ id: pat.id }],
          ticket_attributes: { _default_title_: "Refund" },
        })
      ).json();
      expect(ticket).toMatchObject({
        category: "Back-office",
        is_shared: false,
        admin_assignee_id: "0",
        team_assignee_id: "0",
      });
      const until = Math.floor(Date.now() / 1000) + 3600;
      const updated = (
        await call("PUT", `/api/tickets/${ticket.id}`, {
          is_shared: true,
          snoozed_until: until,
          assignee_id: admin.id,
          admin_id: admin.id,
        })
      ).json();
      expect(updated).toMatchObject({ is_shared: true, snoozed_until: until, admin_assignee_id: admin.id });
      const unassigned = (
        await call("PUT", `/api/tickets/${ticket.id}`, { assignee_id: "0", snoozed_until: null })
      ).json();
      expect(unassigned).toMatchObject({ admin_assignee_id: "0", snoozed_until: null });
      const past = await call("PUT", `/api/tickets/${ticket.id}`, { snoozed_until: 1000 });
      expect(past.json().errors[0]).toMatchObject({ code: "parameter_invalid", field: "snoozed_until" });
    });

    it("accepts 2.11's state as a category name, refusing unknown ones", async () => {
      const { call, pat, customer } = await world();
      const ticket = (
        await call("POST", "/api/tickets", {
          ticket_type_id: customer.id,
          contacts: [{ id: pat.id }],
          ticket_attributes: { _default_title_: "x" },
        })
      ).json();
      const moved = await call(
        "PUT",
        `/api/tickets/${ticket.id}`,
        { state: "in_progress" },
        { "intercom-version": "2.11" },
      );
      expect(moved.json().ticket_state.category).toBe("in_progress");
      const bad = await call(
        "PUT",
        `/api/tickets/${ticket.id}`,
        { state: "on_fire" },
        { "intercom-version": "2.11" },
      );
      expect(bad.json().errors[0]).toMatchObject({ code: "parameter_invalid", field: "state" });
    });

    it("lists ticket states with the types that use them, and records the history as ticket parts", async () => {
      const { call, admin, pat, customer } = await world();
      const states = (await call("GET", "/api/ticket_states")).json();
      expect(states.type).toBe("list");
      const resolved = states.data.find((s: { category: string }) => s.category === "resolved");
      expect(resolved).toMatchObject({
        type: "ticket_state",
        internal_label: "Resolved",
        external_label: "Resolved",
        archived: false,
      });
      expect(resolved.ticket_types.data.map((t: { id: string }) => t.id)).toContain(customer.id);
      const ticket = (
        await call("POST", "/api/tickets", {
          ticket_type_id: customer.id,
          contacts: [{ id: pat.id }],
          ticket_attributes: { _default_title_: "x" },
        })
      ).json();
      await call("PUT", `/api/tickets/${ticket.id}`, { ticket_state_id: resolved.id, admin_id: admin.id });
      const after = (await call("GET", `/api/tickets/${ticket.id}`)).json();
      expect(after.open).toBe(false);
      expect(
        after.ticket_parts.ticket_parts.map((p: { part_type: string; ticket_state: string | null }) => [
          p.part_type,
          p.ticket_state,
        ]),
      ).toEqual([
        ["ticket_created", "submitted"],
        ["ticket_state_updated_by_admin", "resolved"],
      ]);
      expect(after.ticket_parts.ticket_parts[1].author).toMatchObject({
        type: "admin",
        id: admin.id,
        name: admin.name,
      });
    });
  });
}
