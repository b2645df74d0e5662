// The API mounted at /app/api for signed-in teammates: session auth, CSRF and Origin on writes, the
// teammate as author, per-session rate limits, tenant isolation, and /api left as it was.
import { describe, expect, it } from "vitest";
import { buildApiWorkspace, caller } from "../../../test/api.ts";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildContact,
  buildTeammate,
  buildTicket,
  buildTicketType,
  buildWorkspace,
} from "../../../test/factories.ts";
import { signedInTeammate } from "../../../test/teammates.ts";
import { listStatesOfType } from "../../domain/tickets/ticketState.repository.ts";
import { TEAMMATE_COOKIE } from "./session.routes.ts";

for (const dialect of testDialects()) {
  describe(`Help Desk API at /app/api (${dialect.name})`, () => {
    const app = testApp(dialect, { apiRateLimit: 1000 });

    it("reads a ticket with the teammate's session and refuses anyone signed out", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const ticket = await buildTicket(db, workspace, { title: "Printer jam" });
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");

      const read = await teammate("GET", `/app/api/tickets/${ticket.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        type: "ticket",
        id: ticket.id,
        ticket_attributes: { _default_title_: "Printer jam" },
      });

      const anonymous = await (await app()).inject({ method: "GET", url: `/app/api/tickets/${ticket.id}` });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().errors[0].code).toBe("unauthorized");
      // An API token is no way into the Help Desk's mount.
      const { token } = await buildApiWorkspace(db);
      const withToken = await caller(await app(), token)("GET", `/app/api/tickets/${ticket.id}`);
      expect(withToken.statusCode).toBe(401);
    });

    it("refuses writes without the CSRF token or from another site, and changes nothing", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "customer");
      const ticket = await buildTicket(db, workspace, { type });
      const resolved = (await listStatesOfType(db, workspace.id, type.id)).find(
        (s) => s.category === "resolved",
      )!;
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");

      const noCsrf = await teammate(
        "PUT",
        `/app/api/tickets/${ticket.id}`,
        { ticket_state_id: resolved.id },
        { csrf: null },
      );
      expect(noCsrf.statusCode).toBe(403);
      const forged = await teammate(
        "PUT",
        `/app/api/tickets/${ticket.id}`,
        { ticket_state_id: resolved.id },
        { csrf: "forged" },
      );
      expect(forged.statusCode).toBe(403);
      const helpdeskOnly = await teammate(
        "POST",
        `/app/api/tickets/${ticket.id}/contacts`,
        { email: "x@example.com" },
        { csrf: null },
      );
      expect(helpdeskOnly.statusCode).toBe(403);

      const password = "correct horse battery";
      const person = await buildTeammate(db, workspace, { password });
      const signIn = await (
        await app()
      ).inject({
        method: "POST",
        url: "/app/session",
        payload: { email: person.email, password },
      });
      const foreign = await (
        await app()
      ).inject({
        method: "PUT",
        url: `/app/api/tickets/${ticket.id}`,
        cookies: { [TEAMMATE_COOKIE]: signIn.cookies.find((c) => c.name === TEAMMATE_COOKIE)!.value },
        headers: { origin: "https://evil.example", "x-csrf-token": signIn.json().csrf_token },
        payload: { ticket_state_id: resolved.id },
      });
      expect(foreign.statusCode).toBe(403);

      const after = await teammate("GET", `/app/api/tickets/${ticket.id}`);
      expect(after.json().ticket_state.category).toBe("submitted");
    });

    it("records state changes, replies and notes as the signed-in teammate, whatever admin_id says", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "customer");
      const ticket = await buildTicket(db, workspace, { type });
      const inProgress = (await listStatesOfType(db, workspace.id, type.id)).find(
        (s) => s.category === "in_progress",
      )!;
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");
      const other = await signedInTeammate(await app(), db, workspace, "admin");
      const me = (await teammate("GET", "/app/me")).json();
      const otherId = (await other("GET", "/app/me")).json().id;

      const changed = await teammate("PUT", `/app/api/tickets/${ticket.id}`, {
        ticket_state_id: inProgress.id,
      });
      expect(changed.statusCode).toBe(200);
      const note = await teammate("POST", `/app/api/tickets/${ticket.id}/reply`, {
        message_type: "note",
        type: "admin",
        admin_id: otherId,
        body: "Checked the logs",
      });
      expect(note.statusCode).toBe(200);
      expect(note.json().author).toMatchObject({ type: "admin", id: me.id });

      const parts = (await teammate("GET", `/app/api/tickets/${ticket.id}`)).json().ticket_parts
        .ticket_parts as Array<{
        part_type: string;
        author: { type: string; id: string };
      }>;
      const stateChange = parts.find((p) => p.part_type === "ticket_state_updated_by_admin")!;
      expect(stateChange.author).toMatchObject({ type: "admin", id: me.id });
    });

    it("answers another workspace's ticket with the same 404 as a missing one", async () => {
      const { db } = await dialect.db();
      const mine = await buildWorkspace(db);
      const theirs = await buildWorkspace(db);
      const foreignTicket = await buildTicket(db, theirs);
      const teammate = await signedInTeammate(await app(), db, mine, "admin");

      for (const path of ["", "/company_choices"]) {
        const foreign = await teammate("GET", `/app/api/tickets/${foreignTicket.id}${path}`);
        const missing = await teammate("GET", `/app/api/tickets/does-not-exist${path}`);
        expect(foreign.statusCode).toBe(404);
        expect(missing.statusCode).toBe(404);
        const { request_id: _a, ...foreignBody } = foreign.json();
        const { request_id: _b, ...missingBody } = missing.json();
        expect(foreignBody).toEqual(missingBody);
      }
      const write = await teammate("PUT", `/app/api/tickets/${foreignTicket.id}`, { open: false });
      expect(write.statusCode).toBe(404);
      const link = await teammate("POST", `/app/api/tickets/${foreignTicket.id}/links`, {
        type: "ticket",
        id: "x",
      });
      expect(link.statusCode).toBe(404);
    });

    it("keeps /api/openapi.json free of the Help Desk's mount", async () => {
      const doc = (await (await app()).inject({ method: "GET", url: "/api/openapi.json" })).json() as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(doc.paths).some((p) => p.startsWith("/app/api"))).toBe(false);
      expect(doc.paths["/api/tickets/{id}"]).toBeDefined();
    });
  });

  describe(`Help Desk API rate limits (${dialect.name})`, () => {
    const app = testApp(dialect, { apiRateLimit: 3 });

    it("counts requests per session, with the X-RateLimit headers", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const first = await signedInTeammate(await app(), db, workspace, "agent");
      const second = await signedInTeammate(await app(), db, workspace, "agent");
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await first("GET", "/app/api/teammates")).statusCode);
      // The window may roll over mid-loop; past the limit within one window, the answer is 429.
      const limited = await first("GET", "/app/api/teammates");
      if (limited.statusCode === 429) expect(limited.json().errors[0].code).toBe("rate_limit_exceeded");
      expect([...statuses, limited.statusCode]).toContain(429);
      const other = await second("GET", "/app/api/teammates");
      expect(other.statusCode).toBe(200);
      expect(other.headers["x-ratelimit-limit"]).toBe("3");
    });
  });

  describe(`Help Desk pages (${dialect.name})`, () => {
    const app = testApp(dialect);

    it("serves the app's shell for every page URL, signed in or not, and keeps JSON routes JSON", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db, "Shell Co");
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");
      await buildContact(db, workspace);

      for (const url of [
        "/app/inbox",
        "/app/inbox?view=open",
        "/app/tickets/abc",
        "/app/conversations/abc",
        "/app/companies",
        "/app/contacts/x",
        "/app/admin/portal",
      ]) {
        const signedIn = await teammate("GET", url);
        expect(signedIn.statusCode, url).toBe(200);
        expect(signedIn.headers["content-type"]).toContain("text/html");
        expect(signedIn.body).toContain('id="helpdesk-bootstrap"');
        expect(signedIn.body).toContain(workspace.name);
        const signedOut = await (await app()).inject({ method: "GET", url });
        expect(signedOut.statusCode).toBe(200);
        expect(signedOut.body).toContain('"teammate":null');
        expect(signedOut.body).toContain("Sign in");
      }
      const root = await teammate("GET", "/app");
      expect(root.statusCode).toBe(302);
      expect(root.headers.location).toBe("/app/inbox");
      expect((await teammate("GET", "/app/me")).headers["content-type"]).toContain("application/json");
      const cookieless = await (await app()).inject({ method: "GET", url: "/app/settings" });
      expect(cookieless.headers["content-type"]).toContain("application/json");
    });
  });
}
