// The portal's writes on both dialects: replying, joining, the New ticket form's reads and create (rule 3,
// required attributes), 404 for tickets the viewer cannot see, and CSRF on every POST.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTicket,
  buildTicketType,
} from "../../../test/factories.ts";
import { buildPortalWorkspace } from "../../../test/portalWorld.ts";
import { linkTicket } from "../../domain/tickets/ticketLinker.ts";
import { createTicketTypeAttribute } from "../../domain/tickets/ticketTypeCommands.ts";
import { createSession } from "../../identity/sessions.ts";
import { portalCookieName } from "../helpcenter/helpCenter.routes.ts";

const csrfOf = (html: string) => {
  const json = /<script type="application\/json" id="portal-bootstrap">(.*?)<\/script>/s.exec(html)![1]!;
  return (JSON.parse(json) as { csrfToken: string }).csrfToken;
};

for (const dialect of testDialects()) {
  describe(`portal writes (${dialect.name})`, () => {
    const app = testApp(dialect, { allowHttp: true });

    async function world() {
      const { db } = await dialect.db();
      const { workspace, host } = await buildPortalWorkspace(db, { https: true });
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const initech = await buildCompany(db, workspace, "Initech");
      const pat = await buildContact(db, workspace, { companies: [acme, globex], name: "Pat" });
      const solo = await buildContact(db, workspace, { companies: [acme], name: "Solo" });
      const colleague = await buildContact(db, workspace, { companies: [acme] });
      const stranger = await buildContact(db, workspace, { companies: [initech] });
      const customer = await buildTicketType(db, workspace, "customer");
      const backOffice = await buildTicketType(db, workspace, "back_office");
      const acmeTicket = await buildTicket(db, workspace, {
        type: customer,
        contacts: [colleague],
        title: "Acme export broken",
      });
      const conversation = await buildConversation(db, workspace, colleague);
      await db
        .transaction()
        .execute((trx) =>
          linkTicket(trx, workspace.id, acmeTicket.id, { type: "conversation", id: conversation.id }),
        );
      const sharedBackOffice = await buildTicket(db, workspace, {
        type: backOffice,
        contacts: [colleague],
        isShared: true,
        title: "Refund review",
      });
      const initechTicket = await buildTicket(db, workspace, {
        type: customer,
        contacts: [stranger],
        title: "Initech export broken",
      });
      const sessionOf = async (contactId: string) => {
        const token = await createSession(
          db,
          { workspaceId: workspace.id, kind: "portal", contactId },
          3600_000,
        );
        const cookies = { [portalCookieName(workspace.id)]: token };
        const page = await (
          await app()
        ).inject({ method: "GET", url: "/tickets", headers: { host }, cookies });
        expect(page.statusCode).toBe(200);
        const csrf = csrfOf(page.body);
        const call = async (
          method: "GET" | "POST",
          url: string,
          payload?: object,
          headers: Record<string, string> = { "x-csrf-token": csrf },
        ) =>
          (await app()).inject({
            method,
            url,
            headers: { host, ...(method === "POST" ? headers : {}) },
            cookies,
            ...(payload ? { payload } : {}),
          });
        return { csrf, call };
      };
      return {
        db,
        workspace,
        acme,
        globex,
        pat,
        solo,
        customer,
        backOffice,
        acmeTicket,
        sharedBackOffice,
        initechTicket,
        sessionOf,
      };
    }

    it("refuses writes without the CSRF token or from another site, and writes nothing", async () => {
      const w = await world();
      const { call, csrf } = await w.sessionOf(w.pat.id);
      const url = `/portal-api/tickets/${w.acmeTicket.ticket_number}/replies`;
      for (const headers of <Array<Record<string, string>>>[
        {},
        { "x-csrf-token": "forged" },
        { "x-csrf-token": csrf, origin: "https://evil.example" },
      ]) {
        const response = await call("POST", url, { body: "Sneaky" }, headers);
        expect(response.statusCode).toBe(403);
        expect(response.json().errors[0].code).toBe("forbidden");
      }
      // Another person's token does not work either.
      const other = await w.sessionOf(w.solo.id);
      expect((await call("POST", url, { body: "Sneaky" }, { "x-csrf-token": other.csrf })).statusCode).toBe(
        403,
      );
      const join = await call(
        "POST",
        `/portal-api/tickets/${w.acmeTicket.ticket_number}/join`,
        undefined,
        {},
      );
      expect(join.statusCode).toBe(403);
      const create = await call(
        "POST",
        "/portal-api/tickets",
        { ticket_type_id: w.customer.id, attributes: { _default_title_: "Sneaky" } },
        {},
      );
      expect(create.statusCode).toBe(403);
      const ticket = (await call("GET", `/portal-api/tickets/${w.acmeTicket.ticket_number}`)).json();
      expect(ticket.history.some((h: { body: string | null }) => h.body === "Sneaky")).toBe(false);
      expect(ticket.abilities.join).toBe(true);
      const list = (await call("GET", "/portal-api/tickets?q=Sneaky")).json();
      expect(list.tickets).toEqual([]);
    });

    it("adds a customer comment to a visible ticket and answers 404 for one the viewer cannot see", async () => {
      const w = await world();
      const { call } = await w.sessionOf(w.pat.id);
      const response = await call("POST", `/portal-api/tickets/${w.acmeTicket.ticket_number}/replies`, {
        body: "Still broken on Monday",
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ type: "portal_ticket", ticket_id: w.acmeTicket.ticket_number });
      expect(response.json().history.at(-1)).toMatchObject({
        kind: "comment",
        body: "Still broken on Monday",
        author: { type: "user", name: "Pat" },
      });
      const hidden = await call("POST", `/portal-api/tickets/${w.initechTicket.ticket_number}/replies`, {
        body: "Hello",
      });
      expect(hidden.statusCode).toBe(404);
      expect(
        (await call("POST", "/portal-api/tickets/999999/replies", { body: "x" })).json().errors[0],
      ).toEqual(hidden.json().errors[0]);
      const backOffice = await call(
        "POST",
        `/portal-api/tickets/${w.sharedBackOffice.ticket_number}/replies`,
        { body: "Can I?" },
      );
      expect(backOffice.statusCode).toBe(400);
      expect(backOffice.json().errors[0].code).toBe("parameter_mismatch");
      const empty = await call("POST", `/portal-api/tickets/${w.acmeTicket.ticket_number}/replies`, {
        body: "  ",
      });
      expect(empty.statusCode).toBe(400);
    });

    it("joins a ticket's conversation once, and refuses tickets without one or out of sight", async () => {
      const w = await world();
      const { call } = await w.sessionOf(w.pat.id);
      const url = `/portal-api/tickets/${w.acmeTicket.ticket_number}/join`;
      const joined = await call("POST", url);
      expect(joined.statusCode).toBe(200);
      expect(joined.json().abilities).toEqual({ reply: true, join: false, open_conversation: true });
      expect((await call("POST", url)).json().abilities.join).toBe(false);
      const noConversation = await call(
        "POST",
        `/portal-api/tickets/${w.sharedBackOffice.ticket_number}/join`,
      );
      expect(noConversation.statusCode).toBe(400);
      expect(
        (await call("POST", `/portal-api/tickets/${w.initechTicket.ticket_number}/join`)).statusCode,
      ).toBe(404);
    });

    it("lists customer ticket types with the attributes a contact fills in on create", async () => {
      const w = await world();
      await w.db.transaction().execute(async (trx) => {
        await createTicketTypeAttribute(trx, w.workspace.id, w.customer.id, {
          name: "Browser",
          dataType: "list",
          inputOptions: { list_options: [{ label: "Chrome" }, { label: "Firefox" }] },
          requiredToCreateForContacts: true,
        });
        await createTicketTypeAttribute(trx, w.workspace.id, w.customer.id, {
          name: "Internal score",
          dataType: "integer",
          visibleToContacts: false,
        });
      });
      const { call } = await w.sessionOf(w.pat.id);
      const response = await call("GET", "/portal-api/ticket-types");
      expect(response.statusCode).toBe(200);
      const types = response.json().ticket_types;
      expect(types.map((t: { id: string }) => t.id)).toEqual([w.customer.id]);
      expect(types[0].attributes.map((a: { label: string }) => a.label)).toEqual([
        "Title",
        "Description",
        "Browser",
      ]);
      expect(types[0].attributes[2]).toEqual({
        id: expect.any(String),
        name: "Browser",
        label: "Browser",
        description: "",
        data_type: "list",
        input_options: { list_options: [{ label: "Chrome" }, { label: "Firefox" }] },
        required_to_create_for_contacts: true,
      });
      expect(response.body).not.toContain("Internal score");
    });

    it("finds similar open tickets the viewer can see", async () => {
      const w = await world();
      const { call } = await w.sessionOf(w.pat.id);
      const response = await call("GET", `/portal-api/similar?company=${w.acme.id}&q=export%20fails`);
      expect(response.statusCode).toBe(200);
      expect(response.json().tickets).toEqual([
        expect.objectContaining({ type: "portal_ticket_row", ticket_id: w.acmeTicket.ticket_number }),
      ]);
      expect(response.body).not.toContain("Initech");
    });

    it("creates a ticket with the viewer as author; with two companies it has none until one is chosen", async () => {
      const w = await world();
      const { call } = await w.sessionOf(w.pat.id);
      const none = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        attributes: { _default_title_: "Cannot log in", _default_description_: "Since Monday" },
      });
      expect(none.statusCode).toBe(201);
      expect(none.json()).toMatchObject({
        type: "portal_ticket",
        title: "Cannot log in",
        description: "Since Monday",
        company: null,
        state: { category: "submitted" },
        history: [{ kind: "created", author: { type: "user", name: "Pat" } }],
      });
      const chosen = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        company_id: w.globex.id,
        attributes: { _default_title_: "Invoice missing" },
      });
      expect(chosen.statusCode).toBe(201);
      expect(chosen.json().company).toEqual({ id: w.globex.id, name: w.globex.name });
      const foreign = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        company_id: (await buildCompany(w.db, w.workspace, "Elsewhere")).id,
        attributes: { _default_title_: "Not mine" },
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors[0].field).toBe("company_id");
      // The new ticket is visible to its author.
      const page = await call("GET", `/portal-api/tickets/${none.json().ticket_id}`);
      expect(page.statusCode).toBe(200);
    });

    it("puts a one-company person's ticket in that company unless they choose No company", async () => {
      const w = await world();
      const { call } = await w.sessionOf(w.solo.id);
      const auto = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        attributes: { _default_title_: "Slow dashboard" },
      });
      expect(auto.statusCode).toBe(201);
      expect(auto.json().company).toEqual({ id: w.acme.id, name: w.acme.name });
      const noCompany = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        company_id: null,
        attributes: { _default_title_: "Personal question" },
      });
      expect(noCompany.json().company).toBeNull();
    });

    it("enforces required attributes with messages naming the field, and only customer types", async () => {
      const w = await world();
      await w.db.transaction().execute((trx) =>
        createTicketTypeAttribute(trx, w.workspace.id, w.customer.id, {
          name: "Order number",
          dataType: "integer",
          requiredToCreateForContacts: true,
        }),
      );
      const { call } = await w.sessionOf(w.pat.id);
      const noTitle = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        attributes: { "Order number": 42 },
      });
      expect(noTitle.statusCode).toBe(400);
      expect(noTitle.json().errors[0]).toMatchObject({ field: "Title", message: "Title is required" });
      const noOrder = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        attributes: { _default_title_: "Where is my order" },
      });
      expect(noOrder.statusCode).toBe(400);
      expect(noOrder.json().errors[0]).toMatchObject({
        field: "Order number",
        message: "Order number is required",
      });
      const ok = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.customer.id,
        attributes: { _default_title_: "Where is my order", "Order number": 42 },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().attributes).toEqual([{ name: "Order number", data_type: "integer", value: 42 }]);
      const backOffice = await call("POST", "/portal-api/tickets", {
        ticket_type_id: w.backOffice.id,
        attributes: { _default_title_: "Let me in" },
      });
      expect(backOffice.statusCode).toBe(400);
      expect(backOffice.json().errors[0].code).toBe("parameter_mismatch");
    });

    it("answers the same under /help/<slug> on the main host", async () => {
      const w = await world();
      const token = await createSession(
        w.db,
        { workspaceId: w.workspace.id, kind: "portal", contactId: w.pat.id },
        3600_000,
      );
      const cookies = { [portalCookieName(w.workspace.id)]: token };
      const host = "portico.test";
      const base = `/help/${w.workspace.slug}`;
      const page = await (
        await app()
      ).inject({ method: "GET", url: `${base}/tickets/new`, cookies, headers: { host } });
      expect(page.statusCode).toBe(200);
      const csrf = csrfOf(page.body);
      const types = await (
        await app()
      ).inject({ method: "GET", url: `${base}/portal-api/ticket-types`, cookies, headers: { host } });
      expect(types.statusCode).toBe(200);
      const created = await (
        await app()
      ).inject({
        method: "POST",
        url: `${base}/portal-api/tickets`,
        cookies,
        headers: { host, "x-csrf-token": csrf },
        payload: { ticket_type_id: w.customer.id, attributes: { _default_title_: "Via slug" } },
      });
      expect(created.statusCode).toBe(201);
      const reply = await (
        await app()
      ).inject({
        method: "POST",
        url: `${base}/portal-api/tickets/${created.json().ticket_id}/replies`,
        cookies,
        headers: { host, "x-csrf-token": csrf },
        payload: { body: "More details" },
      });
      expect(reply.statusCode).toBe(200);
    });
  });
}
