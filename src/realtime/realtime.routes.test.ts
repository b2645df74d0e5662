// Live updates over SSE on each dialect: portal, Help Desk and Messenger streams, revocation, resume.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiWorkspace, caller } from "../../test/api.ts";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { openSse, type SseEvent, type SseStream } from "../../test/sse.ts";
import { createSession } from "../identity/sessions.ts";
import { updateWorkspace } from "../domain/workspaces/workspace.repository.ts";
import { TEAMMATE_COOKIE } from "../http/helpdesk/session.routes.ts";
import { messengerCookieName, portalCookieName } from "../http/helpcenter/helpCenter.routes.ts";

const HOUR = 3600 * 1000;

for (const dialect of testDialects()) {
  describe(`realtime streams (${dialect.name})`, () => {
    // The streams answer on the main host only (PUBLIC_URL's), and these tests talk to 127.0.0.1.
    const app = testApp(dialect, { publicUrl: "http://127.0.0.1" });
    let base = "";
    const streams: SseStream[] = [];
    beforeAll(async () => {
      const a = await app();
      await a.listen({ port: 0, host: "127.0.0.1" });
      base = `http://127.0.0.1:${(a.server.address() as AddressInfo).port}`;
    });
    afterAll(() => streams.forEach((s) => s.close()));

    async function open(path: string, headers: Record<string, string> = {}) {
      const stream = await openSse(base + path, headers);
      streams.push(stream);
      return stream;
    }

    /** A workspace with Acme, a member Casey, an Acme ticket, and Casey's own no-company ticket. */
    async function world() {
      const { db } = await dialect.db();
      const { workspace, token, admin } = await buildApiWorkspace(db);
      await updateWorkspace(db, workspace.id, { portal_enabled: 1 });
      const call = caller(await app(), token);
      const acme = (await call("POST", "/api/companies", { company_id: "acme", name: "Acme" })).json();
      const casey = (await call("POST", "/api/contacts", { external_id: "casey", name: "Casey" })).json();
      const other = (await call("POST", "/api/contacts", { external_id: "other" })).json();
      await call("POST", `/api/contacts/${casey.id}/companies`, { id: acme.id });
      await call("POST", `/api/contacts/${other.id}/companies`, { id: acme.id });
      const type = (await call("POST", "/api/ticket_types", { name: "Bug" })).json();
      const stateOf = (category: string) =>
        type.ticket_states.data.find((s: { category: string }) => s.category === category).id as string;
      const acmeTicket = (
        await call("POST", "/api/tickets", {
          ticket_type_id: type.id,
          contacts: [{ id: other.id }],
          ticket_attributes: { _default_title_: "Acme outage" },
        })
      ).json();
      const own = (
        await call("POST", "/api/tickets", {
          ticket_type_id: type.id,
          contacts: [{ id: casey.id }],
          company_id: null,
          ticket_attributes: { _default_title_: "Casey's own" },
        })
      ).json();
      const portalToken = await createSession(
        db,
        { workspaceId: workspace.id, kind: "portal", contactId: casey.id },
        HOUR,
      );
      const cookie = `${portalCookieName(workspace.id)}=${portalToken}`;
      return { db, workspace, token, admin, call, acme, casey, type, stateOf, acmeTicket, own, cookie };
    }

    const ticketEvent = (number: string | number) => (e: SseEvent) =>
      e.event === "ticket" && (e.data as { ticket_id: number }).ticket_id === Number(number);

    it("pushes a state change to a portal viewer, customer-facing only", async () => {
      const w = await world();
      const stream = await open(`/help/${w.workspace.slug}/events`, { cookie: w.cookie });
      expect(stream.status).toBe(200);
      await w.call("PUT", `/api/tickets/${w.acmeTicket.id}`, {
        ticket_state_id: w.stateOf("waiting_on_customer"),
        assignee_id: w.admin.id,
      });
      await w.call("POST", `/api/tickets/${w.acmeTicket.id}/reply`, {
        message_type: "note",
        type: "admin",
        admin_id: w.admin.id,
        body: "INTERNAL-NOTE-TEXT",
      });
      const event = await stream.next(ticketEvent(w.acmeTicket.ticket_id));
      expect(event.data).toMatchObject({
        ticket_id: Number(w.acmeTicket.ticket_id),
        title: "Acme outage",
        state: { category: "waiting_on_customer", label: "Awaiting your reply" },
      });
      expect(event.id).toMatch(/^\d+$/);
      // Let the note's event pass through too, then check nothing internal went out.
      await w.call("PUT", `/api/tickets/${w.own.id}`, {
        open: true,
        ticket_attributes: { _default_description_: "sentinel" },
      });
      await stream.next(
        (e) =>
          ticketEvent(w.own.ticket_id)(e) && (e.data as { description: string }).description === "sentinel",
      );
      const everything = JSON.stringify(stream.events);
      for (const secret of ["INTERNAL-NOTE-TEXT", "Waiting on customer", w.admin.id, w.admin.email])
        expect(everything).not.toContain(secret);
    });

    it("stops a company's tickets reaching a viewer the moment their membership is removed", async () => {
      const w = await world();
      const stream = await open(`/help/${w.workspace.slug}/events?tickets=${w.acmeTicket.ticket_id}`, {
        cookie: w.cookie,
      });
      await w.call("PUT", `/api/tickets/${w.acmeTicket.id}`, { ticket_state_id: w.stateOf("in_progress") });
      await stream.next(ticketEvent(w.acmeTicket.ticket_id));
      expect((await w.call("DELETE", `/api/contacts/${w.casey.id}/companies/${w.acme.id}`)).statusCode).toBe(
        200,
      );
      await stream.next((e) => e.event === "access_changed");
      await w.call("PUT", `/api/tickets/${w.acmeTicket.id}`, { ticket_state_id: w.stateOf("resolved") });
      const removed = await stream.next((e) => e.event === "ticket_removed");
      expect(removed.data).toEqual({ ticket_id: Number(w.acmeTicket.ticket_id) });
      // A later event Casey can see proves the stream went on without Acme's ticket.
      await w.call("PUT", `/api/tickets/${w.own.id}`, { ticket_state_id: w.stateOf("in_progress") });
      await stream.next(ticketEvent(w.own.ticket_id));
      await w.call("PUT", `/api/tickets/${w.acmeTicket.id}`, { ticket_state_id: w.stateOf("in_progress") });
      await w.call("PUT", `/api/tickets/${w.own.id}`, { ticket_state_id: w.stateOf("resolved") });
      await stream.next(
        (e) =>
          ticketEvent(w.own.ticket_id)(e) &&
          (e.data as { state: { category: string } }).state.category === "resolved",
      );
      const afterRemoval = stream.events.slice(
        stream.events.findIndex((e) => e.event === "ticket_removed") + 1,
      );
      expect(afterRemoval.some(ticketEvent(w.acmeTicket.ticket_id))).toBe(false);
    });

    it("resumes with Last-Event-ID: the missed events once, in order, then live", async () => {
      const w = await world();
      const first = await open(`/help/${w.workspace.slug}/events`, { cookie: w.cookie });
      await w.call("PUT", `/api/tickets/${w.own.id}`, { ticket_state_id: w.stateOf("in_progress") });
      const seen = await first.next(ticketEvent(w.own.ticket_id));
      first.close();
      const categories = ["waiting_on_customer", "in_progress", "resolved"];
      for (const category of categories)
        await w.call("PUT", `/api/tickets/${w.own.id}`, { ticket_state_id: w.stateOf(category) });
      const resumed = await open(`/help/${w.workspace.slug}/events`, {
        cookie: w.cookie,
        "last-event-id": seen.id!,
      });
      const replayed = [];
      for (let i = 0; i < 3; i++) replayed.push(await resumed.next(ticketEvent(w.own.ticket_id)));
      const ids = replayed.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(3);
      expect(ids.every((id) => id > Number(seen.id))).toBe(true);
      // Replays render the ticket as it is now: it is resolved in each.
      await w.call("PUT", `/api/tickets/${w.own.id}`, { ticket_state_id: w.stateOf("submitted") });
      const live = await resumed.next(ticketEvent(w.own.ticket_id));
      expect((live.data as { state: { category: string } }).state.category).toBe("submitted");
      expect(resumed.events.filter(ticketEvent(w.own.ticket_id))).toHaveLength(4);
    });

    it("refuses streams without a session, and keeps each workspace's events to itself", async () => {
      const w = await world();
      expect((await open(`/help/${w.workspace.slug}/events`)).status).toBe(401);
      expect((await open(`/app/events`)).status).toBe(401);
      expect((await open(`/messenger/events?session_token=nope`)).status).toBe(401);
      const signIn = await (
        await app()
      ).inject({
        method: "POST",
        url: "/app/session",
        payload: { email: w.admin.email, password: "correct horse battery" },
      });
      const teammateCookie = `${TEAMMATE_COOKIE}=${signIn.cookies.find((c) => c.name === TEAMMATE_COOKIE)!.value}`;
      const desk = await open(`/app/events`, { cookie: teammateCookie });
      const elsewhere = await world();
      await elsewhere.call("PUT", `/api/tickets/${elsewhere.own.id}`, {
        ticket_state_id: elsewhere.stateOf("resolved"),
      });
      await w.call("PUT", `/api/tickets/${w.own.id}`, { ticket_state_id: w.stateOf("resolved") });
      const mine = await desk.next((e) => e.event === "ticket.state_changed");
      expect(mine.data).toMatchObject({ subject_type: "ticket", subject_id: w.own.id });
      expect(JSON.stringify(desk.events)).not.toContain(elsewhere.own.id);
      // Another workspace's portal cookie opens nothing here.
      expect(
        (
          await open(`/help/${w.workspace.slug}/events`, {
            cookie: `${portalCookieName(w.workspace.id)}=${elsewhere.cookie.split("=")[1]}`,
          })
        ).status,
      ).toBe(401);
    });

    it("gives the Messenger a contact's conversation replies but never notes", async () => {
      const w = await world();
      const token = await createSession(
        w.db,
        { workspaceId: w.workspace.id, kind: "messenger", contactId: w.casey.id },
        HOUR,
      );
      const stream = await open(`/messenger/events?session_token=${encodeURIComponent(token)}`);
      expect(stream.status).toBe(200);
      const message = (
        await w.call("POST", "/api/conversations", { from: { type: "user", id: w.casey.id }, body: "Hello?" })
      ).json();
      await w.call("POST", `/api/conversations/${message.conversation_id}/reply`, {
        message_type: "note",
        type: "admin",
        admin_id: w.admin.id,
        body: "SECRET-NOTE",
      });
      await w.call("POST", `/api/conversations/${message.conversation_id}/reply`, {
        message_type: "comment",
        type: "admin",
        admin_id: w.admin.id,
        body: "Hi Casey!",
      });
      const reply = await stream.next(
        (e) => e.event === "conversation" && JSON.stringify(e.data).includes("Hi Casey!"),
      );
      expect((reply.data as { parts: Array<{ body: string }> }).parts.map((p) => p.body)).toEqual([
        "Hello?",
        "Hi Casey!",
      ]);
      expect(JSON.stringify(stream.events)).not.toContain("SECRET-NOTE");
      // The forwarded Messenger cookie also opens the portal stream (cookie forwarding).
      const portal = await open(`/help/${w.workspace.slug}/events`, {
        cookie: `${messengerCookieName(w.workspace.id)}=${token}`,
      });
      expect(portal.status).toBe(200);
    });
  });
}
