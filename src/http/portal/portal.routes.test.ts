// The portal's JSON API on the workspace's custom domain, on both dialects: rule 1 end to end, filters,
// the ticket page's data, and who gets no portal at all.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildTicket, setWorkspaceColumns } from "../../../test/factories.ts";
import { buildPortalWorkspace, buildTwoCompanyWorld } from "../../../test/portalWorld.ts";
import { setPortalAccessRules } from "../../domain/helpcenter/accessRuleCommands.ts";
import { createSession } from "../../identity/sessions.ts";
import { portalCookieName } from "../helpcenter/helpCenter.routes.ts";

for (const dialect of testDialects()) {
  describe(`portal JSON API (${dialect.name})`, () => {
    const app = testApp(dialect);

    /** Pat in Acme and Globex; tickets of every kind around them. */
    async function world() {
      const { db } = await dialect.db();
      const { workspace, host } = await buildPortalWorkspace(db, { https: true });
      const { pat, acme, globex, stranger, tickets: t } = await buildTwoCompanyWorld(db, workspace);
      const token = await createSession(
        db,
        { workspaceId: workspace.id, kind: "portal", contactId: pat.id },
        3600_000,
      );
      const get = async (url: string, signedIn = true) =>
        (await app()).inject({
          method: "GET",
          url,
          headers: { host },
          cookies: signedIn ? { [portalCookieName(workspace.id)]: token } : {},
        });
      return { db, workspace, host, pat, acme, globex, stranger, t, get };
    }

    const numbers = (body: { tickets: Array<{ ticket_id: number }> }) =>
      body.tickets.map((r) => r.ticket_id).sort((a, b) => a - b);

    it("lists both companies' customer tickets and shared back-office ones, never the rest", async () => {
      const w = await world();
      const response = await w.get("/portal-api/tickets");
      expect(response.statusCode).toBe(200);
      expect(numbers(response.json())).toEqual(
        [w.t.acme, w.t.globex, w.t.sharedBackOffice].map((t) => t.ticket_number).sort((a, b) => a - b),
      );
      const row = response
        .json()
        .tickets.find((r: { ticket_id: number }) => r.ticket_id === w.t.acme.ticket_number);
      expect(row).toMatchObject({
        title: "Acme export broken",
        state: { category: "submitted", label: "Submitted" },
        company: { id: w.acme.id },
      });
      expect(response.body).not.toContain("Internal discount");
    });

    it("names each row's company, the viewer's own and one they only take part in", async () => {
      const w = await world();
      const initech = await buildTicket(w.db, w.workspace, {
        contacts: [w.stranger, w.pat],
        companyId: w.t.initech.company_id!,
        title: "Initech asked Pat",
      });
      const rows: Array<{ ticket_id: number; company: { id: string; name: string } | null }> = (
        await w.get("/portal-api/tickets")
      ).json().tickets;
      const companyOf = (number: number) => rows.find((r) => r.ticket_id === number)?.company;
      const initechCompany = await w.db
        .selectFrom("companies")
        .select(["id", "name"])
        .where("workspace_id", "=", w.workspace.id)
        .where("id", "=", w.t.initech.company_id!)
        .executeTakeFirstOrThrow();
      expect(companyOf(w.t.acme.ticket_number)).toEqual({ id: w.acme.id, name: w.acme.name });
      expect(companyOf(w.t.globex.ticket_number)).toEqual({ id: w.globex.id, name: w.globex.name });
      expect(companyOf(initech.ticket_number)).toEqual(initechCompany);
    });

    it("filters by one state label and by two", async () => {
      const w = await world();
      expect(numbers((await w.get("/portal-api/tickets?state=Resolved")).json())).toEqual([
        w.t.globex.ticket_number,
      ]);
      const both = (await w.get("/portal-api/tickets?state=Resolved&state=Submitted")).json();
      expect(numbers(both)).toEqual(
        [w.t.acme, w.t.globex, w.t.sharedBackOffice].map((t) => t.ticket_number).sort((a, b) => a - b),
      );
      expect(numbers((await w.get(`/portal-api/tickets?company=${w.globex.id}`)).json())).toEqual([
        w.t.globex.ticket_number,
      ]);
      expect(numbers((await w.get("/portal-api/tickets?q=login")).json())).toEqual([
        w.t.globex.ticket_number,
      ]);
    });

    it("pages with a cursor, newest activity first", async () => {
      const w = await world();
      const first = (await w.get("/portal-api/tickets?per_page=2")).json();
      expect(first.tickets).toHaveLength(2);
      expect(first.next_cursor).toEqual(expect.any(String));
      const second = (
        await w.get(`/portal-api/tickets?per_page=2&cursor=${encodeURIComponent(first.next_cursor)}`)
      ).json();
      expect(second.tickets).toHaveLength(1);
      expect(second.next_cursor).toBeNull();
      // The globex ticket was updated last, so it leads.
      expect(first.tickets[0].ticket_id).toBe(w.t.globex.ticket_number);
    });

    it("shows a visible ticket with its history, and answers 404 alike for hidden and missing ones", async () => {
      const w = await world();
      const response = await w.get(`/portal-api/tickets/${w.t.globex.ticket_number}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        ticket_id: w.t.globex.ticket_number,
        state: { category: "resolved", label: "Resolved" },
        history: [
          { kind: "created", state: { label: "Submitted" } },
          { kind: "state_change", state: { label: "Resolved" } },
        ],
      });
      const hidden = await w.get(`/portal-api/tickets/${w.t.unsharedBackOffice.ticket_number}`);
      const missing = await w.get(`/portal-api/tickets/999999`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().errors[0]).toEqual(missing.json().errors[0]);
      expect((await w.get(`/portal-api/tickets/${w.t.initech.ticket_number}`)).statusCode).toBe(404);
    });

    it("answers 401 signed out, 404 where the portal is off or on an unknown host, 403 outside the access rules", async () => {
      const w = await world();
      expect((await w.get("/portal-api/tickets", false)).statusCode).toBe(401);
      const page = await w.get("/tickets", false);
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe("/?return_to=%2Ftickets");
      const other = await (
        await app()
      ).inject({ method: "GET", url: "/portal-api/tickets", headers: { host: "unknown.example" } });
      expect(other.statusCode).toBe(404);
      await w.db.transaction().execute((trx) =>
        setPortalAccessRules(trx, w.workspace.id, {
          match: "all",
          conditions: [{ target: "company", attribute: "plan", operator: "equals", value: "Enterprise" }],
        }),
      );
      expect((await w.get("/portal-api/tickets")).statusCode).toBe(403);
      await setWorkspaceColumns(w.db, w.workspace.id, { portal_enabled: 0 });
      expect((await w.get("/portal-api/tickets")).statusCode).toBe(404);
      expect((await w.get("/tickets")).statusCode).toBe(404);
    });
  });
}
