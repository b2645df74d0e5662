// Tenancy: workspace B's token sees workspace A's ids exactly as ids that do not exist — 404 on every
// endpoint that names one in its path, the "missing" answer where a body names one — and changes nothing.
import { describe, expect, it } from "vitest";
import { buildApiWorkspace, caller, type Call } from "../../../test/api.ts";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";

for (const dialect of testDialects()) {
  describe(`cross-tenant isolation (${dialect.name})`, () => {
    const app = testApp(dialect);

    it("answers B exactly as for missing ids, for every id of A on every endpoint", async () => {
      const { db } = await dialect.db();
      const a = await buildApiWorkspace(db, "Tenant A");
      const b = await buildApiWorkspace(db, "Tenant B");
      const asA = caller(await app(), a.token);
      const asB = caller(await app(), b.token);

      // Workspace A's world, made through A's own API.
      const company = (await asA("POST", "/api/companies", { company_id: "a-co", name: "A Co" })).json();
      const contact = (
        await asA("POST", "/api/contacts", { external_id: "a-user", email: "a@a.example" })
      ).json();
      expect(
        (await asA("POST", `/api/contacts/${contact.id}/companies`, { id: company.id })).statusCode,
      ).toBe(200);
      const type = (await asA("POST", "/api/ticket_types", { name: "A type" })).json();
      const attribute = (
        await asA("POST", `/api/ticket_types/${type.id}/attributes`, { name: "A attr", data_type: "string" })
      ).json();
      const ticket = (
        await asA("POST", "/api/tickets", {
          ticket_type_id: type.id,
          contacts: [{ id: contact.id }],
          ticket_attributes: { _default_title_: "A ticket" },
        })
      ).json();
      const message = (
        await asA("POST", "/api/conversations", { from: { type: "user", id: contact.id }, body: "A talks" })
      ).json();
      const conversationId = message.conversation_id as string;
      const stateId = ticket.ticket_state.id as string;
      expect(ticket.company_id).toBe(company.id);

      // B's own objects, so that only A's ids are foreign in each call.
      const bContact = (await asB("POST", "/api/contacts", { external_id: "b-user" })).json();
      const bCompany = (await asB("POST", "/api/companies", { company_id: "b-co" })).json();
      const bType = (await asB("POST", "/api/ticket_types", { name: "B type" })).json();
      const bTicket = (
        await asB("POST", "/api/tickets", {
          ticket_type_id: bType.id,
          contacts: [{ id: bContact.id }],
          ticket_attributes: { _default_title_: "B" },
        })
      ).json();

      const MISSING = "ffffffffffffffffffffffff";
      type Probe = [
        method: "GET" | "PUT" | "POST" | "DELETE",
        path: (id: string) => string,
        body?: (id: string) => unknown,
      ];
      const probes: Array<{ id: string; calls: Probe[] }> = [
        {
          id: ticket.id,
          calls: [
            ["GET", (id) => `/api/tickets/${id}`],
            ["PUT", (id) => `/api/tickets/${id}`, () => ({ open: false })],
            [
              "POST",
              (id) => `/api/tickets/${id}/reply`,
              () => ({ message_type: "note", type: "admin", admin_id: b.admin.id, body: "x" }),
            ],
            ["DELETE", (id) => `/api/tickets/${id}`],
          ],
        },
        {
          id: company.id,
          calls: [
            ["GET", (id) => `/api/companies/${id}`],
            ["PUT", (id) => `/api/companies/${id}`, () => ({ name: "stolen" })],
            ["GET", (id) => `/api/companies/${id}/contacts`],
            ["DELETE", (id) => `/api/companies/${id}`],
            ["POST", () => `/api/contacts/${bContact.id}/companies`, (id) => ({ id })],
            ["DELETE", (id) => `/api/contacts/${bContact.id}/companies/${id}`],
            ["PUT", () => `/api/tickets/${bTicket.id}`, (id) => ({ company_id: id })],
          ],
        },
        {
          id: "a-co",
          calls: [["GET", (id) => `/api/companies?company_id=${id}`]],
        },
        {
          id: contact.id,
          calls: [
            ["GET", (id) => `/api/contacts/${id}`],
            ["PUT", (id) => `/api/contacts/${id}`, () => ({ name: "stolen" })],
            ["GET", (id) => `/api/contacts/${id}/companies`],
            ["POST", (id) => `/api/contacts/${id}/companies`, () => ({ id: bCompany.id })],
            ["DELETE", (id) => `/api/contacts/${id}/companies/${bCompany.id}`],
            ["DELETE", (id) => `/api/contacts/${id}`],
            [
              "POST",
              () => "/api/tickets",
              (id) => ({
                ticket_type_id: bType.id,
                contacts: [{ id }],
                ticket_attributes: { _default_title_: "x" },
              }),
            ],
            ["POST", () => "/api/conversations", (id) => ({ from: { type: "user", id }, body: "hi" })],
            [
              "POST",
              () => `/api/tickets/${bTicket.id}/reply`,
              (id) => ({ message_type: "comment", type: "user", intercom_user_id: id, body: "x" }),
            ],
          ],
        },
        { id: "a-user", calls: [["GET", (id) => `/api/contacts/find_by_external_id/${id}`]] },
        {
          id: type.id,
          calls: [
            ["GET", (id) => `/api/ticket_types/${id}`],
            ["PUT", (id) => `/api/ticket_types/${id}`, () => ({ name: "stolen" })],
            [
              "POST",
              (id) => `/api/ticket_types/${id}/attributes`,
              () => ({ name: "x", data_type: "string" }),
            ],
            [
              "PUT",
              (id) => `/api/ticket_types/${id}/attributes/${attribute.id}`,
              () => ({ description: "stolen" }),
            ],
            [
              "POST",
              () => "/api/tickets",
              (id) => ({
                ticket_type_id: id,
                contacts: [{ id: bContact.id }],
                ticket_attributes: { _default_title_: "x" },
              }),
            ],
          ],
        },
        {
          id: conversationId,
          calls: [
            ["GET", (id) => `/api/conversations/${id}`],
            [
              "POST",
              (id) => `/api/conversations/${id}/reply`,
              () => ({ message_type: "note", type: "admin", admin_id: b.admin.id, body: "x" }),
            ],
            [
              "POST",
              (id) => `/api/conversations/${id}/customers`,
              () => ({ customer: { intercom_user_id: bContact.id } }),
            ],
            ["DELETE", (id) => `/api/conversations/${id}/customers/${contact.id}`],
            ["POST", (id) => `/api/conversations/${id}/convert`, () => ({ ticket_type_id: bType.id })],
            [
              "POST",
              () => "/api/tickets",
              (id) => ({
                ticket_type_id: bType.id,
                contacts: [{ id: bContact.id }],
                ticket_attributes: { _default_title_: "x" },
                conversation_to_link_id: id,
              }),
            ],
          ],
        },
        {
          id: stateId,
          calls: [["PUT", () => `/api/tickets/${bTicket.id}`, (id) => ({ ticket_state_id: id })]],
        },
        {
          id: a.admin.id,
          calls: [
            [
              "POST",
              () => `/api/tickets/${bTicket.id}/reply`,
              (id) => ({ message_type: "note", type: "admin", admin_id: id, body: "x" }),
            ],
          ],
        },
      ];

      const answer = async (call: Call, [method, path, body]: Probe, id: string) => {
        const response = await call(method, path(id), body?.(id));
        return {
          status: response.statusCode,
          code: response.statusCode >= 400 ? response.json().errors[0].code : null,
        };
      };
      let checked = 0;
      for (const probe of probes) {
        for (const call of probe.calls) {
          const foreign = await answer(asB, call, probe.id);
          const missing = await answer(asB, call, MISSING);
          expect(foreign, `${call[0]} ${call[1](probe.id)}`).toEqual(missing);
          expect(foreign.status, `${call[0]} ${call[1](probe.id)}`).toBeGreaterThanOrEqual(400);
          if (call[1]("X").includes("X")) expect(foreign.status, `${call[0]} ${call[1](probe.id)}`).toBe(404);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(25);

      // B's search never returns A's rows, even when filtering on A's ids.
      const search = await asB("POST", "/api/tickets/search", {
        query: { field: "company_id", operator: "=", value: company.id },
      });
      expect(search.json().tickets).toEqual([]);
      const contacts = await asB("POST", "/api/contacts/search", {
        query: { field: "external_id", operator: "=", value: "a-user" },
      });
      expect(contacts.json().data).toEqual([]);

      // And A's world is untouched.
      const after = (await asA("GET", `/api/tickets/${ticket.id}`)).json();
      expect(after).toMatchObject({
        open: true,
        company_id: company.id,
        ticket_attributes: { _default_title_: "A ticket" },
      });
      expect((await asA("GET", `/api/companies/${company.id}`)).json().name).toBe("A Co");
      expect((await asA("GET", `/api/contacts/${contact.id}`)).json().name).toBeNull();
      expect((await asA("GET", `/api/ticket_types/${type.id}`)).json().name).toBe("A type");
      expect(
        (await asA("GET", `/api/conversations/${conversationId}`)).json().contacts.contacts,
      ).toHaveLength(1);
    });
  });
}
