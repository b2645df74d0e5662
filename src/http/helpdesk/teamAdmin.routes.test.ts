// Admin settings JSON: teammates invited by a one-time e-mailed link, roles and removal that always keep an
// admin, API tokens shown once, ticket state labels and archive; agents get 404, writes need CSRF, and
// another workspace's ids answer like missing ones.
import { describe, expect, it } from "vitest";
import { caller } from "../../../test/api.ts";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildTicket, buildTicketType, buildWorkspace } from "../../../test/factories.ts";
import { signedInTeammate } from "../../../test/teammates.ts";
import type { MailMessage } from "../../identity/mailer.ts";
import { listStatesOfType } from "../../domain/tickets/ticketState.repository.ts";

for (const dialect of testDialects()) {
  describe(`team admin routes (${dialect.name})`, () => {
    const sent: MailMessage[] = [];
    const app = testApp(dialect, {}, { mailer: { send: async (m) => void sent.push(m) } });

    async function workspaceWithAdmin() {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const admin = await signedInTeammate(await app(), db, workspace, "admin");
      return { db, workspace, admin };
    }

    const linkTokenFor = (email: string) => {
      const mail = sent.filter((m) => m.to === email).at(-1);
      const match = mail && /\/app\/invite#(\S+)/.exec(mail.text);
      if (!match) throw new Error(`no invitation e-mail to ${email}`);
      return match[1]!;
    };

    it("invites a teammate by e-mail; the link sets a password once, then they can sign in", async () => {
      const { admin } = await workspaceWithAdmin();
      const email = `new-${Math.random().toString(36).slice(2)}@example.com`;
      const invited = await admin("POST", "/app/teammates/invites", {
        email,
        name: "Nia New",
        role: "agent",
      });
      expect(invited.statusCode).toBe(201);
      expect(invited.json()).toMatchObject({ email, role: "agent" });
      expect(JSON.stringify(invited.json())).not.toContain("pi_");
      const token = linkTokenFor(email);
      expect(token.startsWith("pi_")).toBe(true);

      const listed = await admin("GET", "/app/teammates");
      expect(listed.json().invites.map((i: { email: string }) => i.email)).toEqual([email]);
      expect(listed.body).not.toContain(token);

      const a = await app();
      const weak = await a.inject({
        method: "POST",
        url: "/app/invites/accept",
        payload: { token, password: "short" },
      });
      expect(weak.statusCode).toBe(400);
      const accepted = await a.inject({
        method: "POST",
        url: "/app/invites/accept",
        payload: { token, password: "a long enough password" },
      });
      expect(accepted.statusCode).toBe(201);
      const again = await a.inject({
        method: "POST",
        url: "/app/invites/accept",
        payload: { token, password: "another long password" },
      });
      expect(again.statusCode).toBe(404);

      const signIn = await a.inject({
        method: "POST",
        url: "/app/session",
        payload: { email, password: "a long enough password" },
      });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json()).toMatchObject({ role: "agent", name: "Nia New" });
      const after = (await admin("GET", "/app/teammates")).json();
      expect(after.invites).toEqual([]);
      expect(after.data.map((t: { email: string }) => t.email)).toContain(email);
    });

    it("refuses a second invitation, and a revoked link no longer works", async () => {
      const { admin } = await workspaceWithAdmin();
      const email = `dup-${Math.random().toString(36).slice(2)}@example.com`;
      const first = await admin("POST", "/app/teammates/invites", { email, role: "admin" });
      expect((await admin("POST", "/app/teammates/invites", { email, role: "agent" })).statusCode).toBe(409);
      const token = linkTokenFor(email);
      expect((await admin("DELETE", `/app/teammates/invites/${first.json().id}`)).statusCode).toBe(204);
      const used = await (
        await app()
      ).inject({
        method: "POST",
        url: "/app/invites/accept",
        payload: { token, password: "a long enough password" },
      });
      expect(used.statusCode).toBe(404);
      expect(
        (await admin("POST", "/app/teammates/invites", { email: "not an email", role: "agent" })).statusCode,
      ).toBe(400);
    });

    it("changes roles but never demotes or removes the last admin", async () => {
      const { db, workspace, admin } = await workspaceWithAdmin();
      const me = (await admin("GET", "/app/teammates"))
        .json()
        .data.find((t: { is_you: boolean }) => t.is_you);
      const demoteSelf = await admin("PUT", `/app/teammates/${me.id}`, { role: "agent" });
      expect(demoteSelf.statusCode).toBe(400);
      expect(demoteSelf.json().errors[0]).toMatchObject({ code: "parameter_invalid", field: "role" });
      expect((await admin("DELETE", `/app/teammates/${me.id}`)).statusCode).toBe(400);

      await signedInTeammate(await app(), db, workspace, "agent");
      const agent = (await admin("GET", "/app/teammates"))
        .json()
        .data.find((t: { role: string }) => t.role === "agent");
      expect((await admin("PUT", `/app/teammates/${agent.id}`, { role: "admin" })).statusCode).toBe(200);
      // Two admins now: either may step down, but not both.
      expect((await admin("PUT", `/app/teammates/${me.id}`, { role: "agent" })).statusCode).toBe(200);
      expect((await admin("DELETE", `/app/teammates/${agent.id}`)).statusCode).toBe(404);
    });

    it("removes a teammate: their sessions end and their tickets become unassigned", async () => {
      const { db, workspace, admin } = await workspaceWithAdmin();
      const agentCall = await signedInTeammate(await app(), db, workspace, "agent");
      const agent = (await admin("GET", "/app/teammates"))
        .json()
        .data.find((t: { role: string }) => t.role === "agent");
      const made = await buildTicket(db, workspace, { title: "Assigned to the agent" });
      const assigned = await admin("PUT", `/app/api/tickets/${made.id}`, { assignee_id: agent.id });
      expect(assigned.json().admin_assignee_id).toBe(agent.id);
      expect((await admin("DELETE", `/app/teammates/${agent.id}`)).statusCode).toBe(204);
      expect((await agentCall("GET", "/app/me")).statusCode).toBe(401);
      const ticket = await admin("GET", `/app/api/tickets/${made.id}`);
      expect(ticket.json().admin_assignee_id).toBe("0");
      expect((await admin("GET", "/app/teammates")).json().data).toHaveLength(1);
    });

    it("shows an API token once, at creation; it works until revoked", async () => {
      const { admin } = await workspaceWithAdmin();
      const created = await admin("POST", "/app/api-tokens", { name: "Zapier" });
      expect(created.statusCode).toBe(201);
      const { id, token } = created.json();
      expect(token).toMatch(/^pt_/);
      const listed = await admin("GET", "/app/api-tokens");
      expect(listed.body).not.toContain(token);
      expect(listed.json().data.find((t: { id: string }) => t.id === id)).toMatchObject({
        name: "Zapier",
        revoked_at: null,
      });
      const api = caller(await app(), token);
      expect((await api("GET", "/api/ticket_types")).statusCode).toBe(200);
      expect((await admin("DELETE", `/app/api-tokens/${id}`)).statusCode).toBe(204);
      expect((await api("GET", "/api/ticket_types")).statusCode).toBe(401);
      expect((await admin("DELETE", `/app/api-tokens/${id}`)).statusCode).toBe(404);
    });

    it("creates, relabels and archives ticket states, refusing to leave a type without a category", async () => {
      const { db, workspace, admin } = await workspaceWithAdmin();
      const created = await admin("POST", "/app/ticket-states", {
        category: "in_progress",
        internal_label: "Escalated to engineering",
        external_label: "Being worked on",
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id;
      const relabelled = await admin("PUT", `/app/ticket-states/${id}`, {
        external_label: "With our engineers",
      });
      expect(relabelled.json()).toMatchObject({
        internal_label: "Escalated to engineering",
        external_label: "With our engineers",
      });
      expect(
        (
          await admin("POST", "/app/ticket-states", {
            category: "resolved",
            internal_label: "Escalated to engineering",
          })
        ).statusCode,
      ).toBe(409);
      expect((await admin("PUT", `/app/ticket-states/${id}`, { archived: true })).json().archived).toBe(true);

      const type = await buildTicketType(db, workspace, "customer");
      const onlyResolved = (await listStatesOfType(db, workspace.id, type.id)).filter(
        (s) => s.category === "resolved",
      );
      if (onlyResolved.length === 1) {
        const refused = await admin("PUT", `/app/ticket-states/${onlyResolved[0]!.id}`, { archived: true });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().errors[0].field).toBe("archived");
      } else {
        throw new Error("expected a new type to have exactly one resolved state");
      }
    });

    it("answers 404 to agents on every admin route", async () => {
      const { db, workspace } = await workspaceWithAdmin();
      const agent = await signedInTeammate(await app(), db, workspace, "agent");
      const calls: Array<[Parameters<typeof agent>[0], string, unknown?]> = [
        ["GET", "/app/teammates"],
        ["POST", "/app/teammates/invites", { email: "x@example.com", role: "admin" }],
        ["PUT", "/app/teammates/whoever", { role: "admin" }],
        ["DELETE", "/app/teammates/whoever"],
        ["GET", "/app/api-tokens"],
        ["POST", "/app/api-tokens", { name: "mine" }],
        ["DELETE", "/app/api-tokens/whatever"],
        ["POST", "/app/ticket-states", { category: "submitted", internal_label: "New" }],
        ["PUT", "/app/ticket-states/whatever", { internal_label: "New" }],
      ];
      for (const [method, url, body] of calls) {
        const answer = await agent(method, url, body);
        expect(answer.statusCode, `${method} ${url}`).toBe(404);
      }
    });

    it("refuses writes without the CSRF token, and signed-out callers", async () => {
      const { admin } = await workspaceWithAdmin();
      const refused = await admin("POST", "/app/api-tokens", { name: "no csrf" }, { csrf: null });
      expect(refused.statusCode).toBe(403);
      expect(
        (
          await admin(
            "POST",
            "/app/teammates/invites",
            { email: "a@example.com", role: "agent" },
            { csrf: "bad" },
          )
        ).statusCode,
      ).toBe(403);
      expect((await admin("GET", "/app/api-tokens")).json().data).toHaveLength(1); // the workspace's default token only
      const anonymous = await (await app()).inject({ method: "GET", url: "/app/teammates" });
      expect(anonymous.statusCode).toBe(401);
    });

    it("treats another workspace's teammates, tokens, invitations and states as missing", async () => {
      const { admin: mine } = await workspaceWithAdmin();
      const { admin: theirs } = await workspaceWithAdmin();
      const theirTeammate = (await theirs("GET", "/app/teammates")).json().data[0];
      const theirToken = (await theirs("POST", "/app/api-tokens", { name: "theirs" })).json();
      const theirInvite = (
        await theirs("POST", "/app/teammates/invites", {
          email: `t-${Math.random().toString(36).slice(2)}@example.com`,
          role: "agent",
        })
      ).json();
      const theirState = (
        await theirs("POST", "/app/ticket-states", { category: "submitted", internal_label: "Theirs" })
      ).json();

      const missing = async (method: Parameters<typeof mine>[0], url: string, body?: unknown) => {
        const answer = await mine(method, url, body);
        expect(answer.statusCode, `${method} ${url}`).toBe(404);
        const unknown = await mine(method, url.replace(/[^/]+$/, "no-such-id"), body);
        expect(unknown.statusCode).toBe(404);
        expect(answer.json().errors[0].code).toBe(unknown.json().errors[0].code);
      };
      await missing("PUT", `/app/teammates/${theirTeammate.id}`, { role: "agent" });
      await missing("DELETE", `/app/teammates/${theirTeammate.id}`);
      await missing("DELETE", `/app/api-tokens/${theirToken.id}`);
      await missing("DELETE", `/app/teammates/invites/${theirInvite.id}`);
      await missing("PUT", `/app/ticket-states/${theirState.id}`, { internal_label: "Mine now" });

      expect((await theirs("GET", "/app/teammates")).json().data[0]).toMatchObject({ role: "admin" });
      const api = caller(await app(), theirToken.token);
      expect((await api("GET", "/api/ticket_types")).statusCode).toBe(200);
    });
  });
}
