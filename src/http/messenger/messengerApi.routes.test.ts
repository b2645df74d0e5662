// The Messenger window's JSON API on both dialects: the session is the only key; conversations with
// unread counts; the tickets space (rules 1, 2 and 5); ticket forms (rule 3); the portal banner; the frame.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTeammate,
  buildTicket,
  buildTicketType,
  buildWorkspace,
  setWorkspaceColumns,
} from "../../../test/factories.ts";
import type { Db } from "../../db/database.ts";
import type { Contact, Workspace } from "../../db/schema.ts";
import { addConversationPart } from "../../domain/conversations/conversationCommands.ts";
import { setPortalAccessRules } from "../../domain/helpcenter/accessRuleCommands.ts";
import { linkTicket } from "../../domain/tickets/ticketLinker.ts";
import { createSession, MESSENGER_SESSION_TTL_MS } from "../../identity/sessions.ts";
import { csrfTokenFor } from "../../identity/csrf.ts";
import { portalCookieName } from "../helpcenter/helpCenter.routes.ts";
import { TEST_SECRET_KEY } from "../../../test/factories.ts";

const INTERNAL_KEYS = ["internal_label", "admin_assignee_id", "assignee", "is_internal", "note"];

function expectNoInternalKeys(value: unknown) {
  const json = JSON.stringify(value);
  for (const key of INTERNAL_KEYS) expect(json).not.toContain(`"${key}"`);
}

for (const dialect of testDialects()) {
  describe(`messenger window API (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function sessionFor(db: Db, workspace: Workspace, contact: Contact) {
      return createSession(
        db,
        { workspaceId: workspace.id, kind: "messenger", contactId: contact.id },
        MESSENGER_SESSION_TTL_MS,
      );
    }

    async function as(token: string, method: "GET" | "POST", url: string, payload?: unknown) {
      return (await app()).inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    }

    async function world() {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const [acme, globex] = [
        await buildCompany(db, workspace, "Acme"),
        await buildCompany(db, workspace, "Globex"),
      ];
      const pat = await buildContact(db, workspace, { companies: [acme], name: "Pat Person" });
      const colleague = await buildContact(db, workspace, { companies: [acme] });
      const stranger = await buildContact(db, workspace, { companies: [globex] });
      const agent = await buildTeammate(db, workspace);
      return {
        db,
        workspace,
        acme,
        globex,
        pat,
        colleague,
        stranger,
        agent,
        token: await sessionFor(db, workspace, pat),
      };
    }

    it("refuses requests without a live Messenger session", async () => {
      const w = await world();
      expect((await as("ps_nope_nope", "GET", "/messenger/api/home")).statusCode).toBe(401);
      const noHeader = await (await app()).inject({ method: "GET", url: "/messenger/api/conversations" });
      expect(noHeader.statusCode).toBe(401);
      expect(noHeader.json()).toMatchObject({ type: "error.list", errors: [{ code: "unauthorized" }] });
      // A teammate or portal session is not a Messenger session.
      const portal = await createSession(
        w.db,
        { workspaceId: w.workspace.id, kind: "portal", contactId: w.pat.id },
        MESSENGER_SESSION_TTL_MS,
      );
      expect((await as(portal, "GET", "/messenger/api/home")).statusCode).toBe(401);
    });

    it("starts a conversation, counts an agent's reply as unread until it is read", async () => {
      const w = await world();
      const started = await as(w.token, "POST", "/messenger/api/conversations", { body: "Export is broken" });
      expect(started.statusCode).toBe(201);
      const conversation = started.json();
      expect(conversation.parts).toEqual([
        expect.objectContaining({
          body: "Export is broken",
          author: { type: "user", name: "Pat Person", is_you: true },
        }),
      ]);
      let list = (await as(w.token, "GET", "/messenger/api/conversations")).json();
      expect(list.unread).toBe(0);
      expect(list.conversations).toEqual([expect.objectContaining({ id: conversation.id, unread: 0 })]);

      await w.db.transaction().execute(async (trx) => {
        await addConversationPart(trx, w.workspace.id, {
          conversationId: conversation.id,
          author: { type: "admin", teammateId: w.agent.id },
          partType: "comment",
          body: "Looking into it",
        });
        // Notes are never shown to customers, nor counted.
        await addConversationPart(trx, w.workspace.id, {
          conversationId: conversation.id,
          author: { type: "admin", teammateId: w.agent.id },
          partType: "note",
          body: "internal: customer is on legacy plan",
        });
      });
      list = (await as(w.token, "GET", "/messenger/api/conversations")).json();
      expect(list.unread).toBe(1);
      expect(list.conversations[0]).toMatchObject({
        unread: 1,
        last_message: {
          body: "Looking into it",
          author: { type: "admin", name: "Alex Agent", is_you: false },
        },
      });
      const thread = (await as(w.token, "GET", `/messenger/api/conversations/${conversation.id}`)).json();
      expect(thread.parts.map((p: { body: string }) => p.body)).toEqual([
        "Export is broken",
        "Looking into it",
      ]);
      expect(JSON.stringify(thread)).not.toContain("legacy plan");

      const read = await as(w.token, "POST", `/messenger/api/conversations/${conversation.id}/read`);
      expect(read.json()).toEqual({ unread: 0 });
      expect((await as(w.token, "GET", "/messenger/api/home")).json().unread).toBe(0);

      const replied = await as(w.token, "POST", `/messenger/api/conversations/${conversation.id}/reply`, {
        body: "Thanks!",
      });
      expect(replied.statusCode).toBe(200);
      expect(replied.json().parts).toHaveLength(3);
    });

    it("answers someone else's conversation exactly like a missing one", async () => {
      const w = await world();
      const theirs = await buildConversation(w.db, w.workspace, w.colleague);
      const other = await buildWorkspace(w.db);
      const elsewhere = await buildConversation(w.db, other);
      for (const id of [theirs.id, elsewhere.id, "does-not-exist"]) {
        const read = await as(w.token, "GET", `/messenger/api/conversations/${id}`);
        expect(read.statusCode).toBe(404);
        expect(read.json()).toEqual({
          type: "error.list",
          request_id: expect.any(String),
          errors: [{ code: "not_found", message: "This conversation does not exist." }],
        });
        expect(
          (await as(w.token, "POST", `/messenger/api/conversations/${id}/reply`, { body: "hi" })).statusCode,
        ).toBe(404);
        expect((await as(w.token, "POST", `/messenger/api/conversations/${id}/read`)).statusCode).toBe(404);
      }
      const invalid = await as(w.token, "POST", "/messenger/api/conversations", { body: "" });
      expect(invalid.statusCode).toBe(400);
    });

    it("lists the tickets the contact created, takes part in or joined, and nothing else", async () => {
      const w = await world();
      const customer = await buildTicketType(w.db, w.workspace, "customer");
      const backOffice = await buildTicketType(w.db, w.workspace, "back_office");
      const tracker = await buildTicketType(w.db, w.workspace, "tracker");
      const own = await buildTicket(w.db, w.workspace, {
        type: customer,
        contacts: [w.pat],
        title: "Own ticket",
      });
      const colleagues = await buildTicket(w.db, w.workspace, {
        type: customer,
        contacts: [w.colleague],
        title: "Colleague's ticket",
        companyId: w.acme.id,
      });
      const joinedConversation = await buildConversation(w.db, w.workspace, w.colleague);
      const joinable = await buildTicket(w.db, w.workspace, {
        type: customer,
        contacts: [w.colleague],
        title: "Joinable ticket",
        companyId: w.acme.id,
      });
      await w.db
        .transaction()
        .execute((trx) =>
          linkTicket(trx, w.workspace.id, joinable.id, { type: "conversation", id: joinedConversation.id }),
        );
      await buildTicket(w.db, w.workspace, {
        type: backOffice,
        contacts: [w.pat],
        title: "Unshared back-office",
      });
      await buildTicket(w.db, w.workspace, { type: tracker, contacts: [w.pat], title: "Tracker" });
      const strangers = await buildTicket(w.db, w.workspace, {
        type: customer,
        contacts: [w.stranger],
        title: "Stranger's",
        companyId: w.globex.id,
      });
      await setWorkspaceColumns(w.db, w.workspace.id, { portal_enabled: 1 });

      const titles = async () =>
        (await as(w.token, "GET", "/messenger/api/tickets"))
          .json()
          .tickets.map((t: { title: string }) => t.title);
      expect(await titles()).toEqual(["Own ticket"]);

      // A company ticket can be opened (the portal's hand-over) and joined; then it is in the space.
      const before = (await as(w.token, "GET", `/messenger/api/tickets/${joinable.ticket_number}`)).json();
      expect(before.abilities).toMatchObject({ join: true, open_conversation: false });
      expect(before.conversation).toBeNull();
      // ...but only while the portal is on for this person: otherwise it is outside the Messenger.
      await setWorkspaceColumns(w.db, w.workspace.id, { portal_enabled: 0 });
      expect((await as(w.token, "GET", `/messenger/api/tickets/${joinable.ticket_number}`)).statusCode).toBe(
        404,
      );
      await setWorkspaceColumns(w.db, w.workspace.id, { portal_enabled: 1 });

      const joined = await as(w.token, "POST", `/messenger/api/tickets/${joinable.ticket_number}/join`);
      expect(joined.statusCode).toBe(200);
      expect(joined.json()).toMatchObject({
        abilities: { join: false, open_conversation: true },
        conversation: {
          id: joinedConversation.id,
          parts: [expect.objectContaining({ body: "Hello, the export is broken" })],
        },
      });
      expectNoInternalKeys(joined.json());
      expect(await titles()).toEqual(["Joinable ticket", "Own ticket"]);

      const ownPage = (await as(w.token, "GET", `/messenger/api/tickets/${own.ticket_number}`)).json();
      expect(ownPage).toMatchObject({
        ticket_id: own.ticket_number,
        title: "Own ticket",
        state: { label: expect.any(String) },
      });
      expectNoInternalKeys(ownPage);
      // A company ticket the portal shows opens too, without entering the space; another company's never.
      const opened = await as(w.token, "GET", `/messenger/api/tickets/${colleagues.ticket_number}`);
      expect(opened.statusCode).toBe(200);
      expect(await titles()).not.toContain("Colleague's ticket");
      const other = await as(w.token, "GET", `/messenger/api/tickets/${strangers.ticket_number}`);
      expect(other.statusCode).toBe(404);
      expect((await as(w.token, "GET", `/messenger/api/tickets/999999`)).statusCode).toBe(404);
    });

    it("creates a ticket from the form with the company picked by rule 3", async () => {
      const w = await world();
      const customer = await buildTicketType(w.db, w.workspace, "customer");
      const types = (await as(w.token, "GET", "/messenger/api/ticket-types")).json().ticket_types;
      expect(types.map((t: { id: string }) => t.id)).toContain(customer.id);
      const missingTitle = await as(w.token, "POST", "/messenger/api/tickets", {
        ticket_type_id: customer.id,
        attributes: {},
      });
      expect(missingTitle.statusCode).toBe(400);
      expect(missingTitle.json().errors[0].message).toContain("Title");
      const created = await as(w.token, "POST", "/messenger/api/tickets", {
        ticket_type_id: customer.id,
        attributes: { _default_title_: "Invoices missing", _default_description_: "Since Monday" },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ title: "Invoices missing", company: { id: w.acme.id } });
      const list = (await as(w.token, "GET", "/messenger/api/tickets")).json();
      expect(list.tickets.map((t: { title: string }) => t.title)).toEqual(["Invoices missing"]);
    });

    it("links the Help Center's tickets portal only for people who may use it", async () => {
      const w = await world();
      await setWorkspaceColumns(w.db, w.workspace.id, { portal_enabled: 0 });
      expect((await as(w.token, "GET", "/messenger/api/home")).json().portal_url).toBeNull();
      await setWorkspaceColumns(w.db, w.workspace.id, { portal_enabled: 1 });
      const home = (await as(w.token, "GET", "/messenger/api/home")).json();
      expect(home.portal_url).toBe(`http://portico.test/help/${w.workspace.slug}/tickets`);
      expect(home).toMatchObject({
        contact: { id: w.pat.id, name: "Pat Person" },
        companies: [{ id: w.acme.id }],
      });
      expect((await as(w.token, "GET", "/messenger/api/tickets")).json().portal_url).toBe(home.portal_url);

      await w.db.transaction().execute((trx) =>
        setPortalAccessRules(trx, w.workspace.id, {
          match: "all",
          conditions: [{ target: "company", attribute: "name", operator: "contains", value: "Globex" }],
        }),
      );
      expect((await as(w.token, "GET", "/messenger/api/home")).json().portal_url).toBeNull();
      const strangerToken = await sessionFor(w.db, w.workspace, w.stranger);
      expect((await as(strangerToken, "GET", "/messenger/api/home")).json().portal_url).toBe(home.portal_url);
    });

    it("serves the window only to the pages that may embed it", async () => {
      const w = await world();
      await setWorkspaceColumns(w.db, w.workspace.id, {
        cookie_domain: "acme-corp.com",
        help_center_domain: "help.acme-corp.com",
      });
      const frame = await (await app()).inject({ method: "GET", url: `/messenger/${w.workspace.id}/frame` });
      expect(frame.statusCode).toBe(200);
      const csp = String(frame.headers["content-security-policy"]);
      expect(csp).toContain(
        "frame-ancestors 'self' https://acme-corp.com https://*.acme-corp.com https://help.acme-corp.com",
      );
      expect(frame.body).toContain('id="messenger-root"');
      expect(frame.body).not.toContain("ps_");
      const missing = await (await app()).inject({ method: "GET", url: "/messenger/nope/frame" });
      expect(missing.statusCode).toBe(404);
    });

    it("hands the portal's signed-in person a Messenger session of their own, behind CSRF", async () => {
      const w = await world();
      await setWorkspaceColumns(w.db, w.workspace.id, { portal_enabled: 1 });
      const portalToken = await createSession(
        w.db,
        { workspaceId: w.workspace.id, kind: "portal", contactId: w.pat.id },
        MESSENGER_SESSION_TTL_MS,
      );
      const url = `/help/${w.workspace.slug}/portal-api/messenger-session`;
      const cookies = { [portalCookieName(w.workspace.id)]: portalToken };
      const headers = { host: "portico.test" };
      const refused = await (await app()).inject({ method: "POST", url, cookies, headers });
      expect(refused.statusCode).toBe(403);
      const issued = await (
        await app()
      ).inject({
        method: "POST",
        url,
        cookies,
        headers: { ...headers, "x-csrf-token": csrfTokenFor(TEST_SECRET_KEY, portalToken) },
      });
      expect(issued.statusCode).toBe(200);
      const token = issued.json().session_token as string;
      const home = (await as(token, "GET", "/messenger/api/home")).json();
      expect(home.contact.id).toBe(w.pat.id);
    });
  });
}
