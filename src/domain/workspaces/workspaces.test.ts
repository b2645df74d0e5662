// Workspaces on both dialects: creation, settings, portal prerequisites, the demo seed.
import { describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import { buildWorkspace, TEST_SECRET_KEY } from "../../../test/factories.ts";
import { DomainError } from "../errors.ts";
import { open } from "../../identity/secretBox.ts";
import { authenticateApiToken, revokeApiToken } from "../../identity/apiTokens.ts";
import { listTicketStates } from "../tickets/ticketState.repository.ts";
import { demoProductHost, seedDemoWorkspace } from "./demoWorkspace.ts";
import { unmetPortalPrerequisites } from "./portalPrerequisites.ts";
import { listActiveIdentitySecrets } from "./workspace.repository.ts";
import { createWorkspace, PortalPrerequisitesError, updateWorkspaceSettings } from "./workspaceCommands.ts";

for (const dialect of testDialects()) {
  describe(`workspaces (${dialect.name})`, () => {
    it("creates a workspace with the four default states, a working API token and a sealed identity secret", async () => {
      const { db } = await dialect.db();
      const created = await db
        .transaction()
        .execute((trx) => createWorkspace(trx, TEST_SECRET_KEY, { name: "Initech Help" }));
      const states = await listTicketStates(db, created.workspace.id);
      expect(states.map((s) => [s.category, s.internal_label, s.external_label])).toEqual([
        ["submitted", "Submitted", "Submitted"],
        ["in_progress", "In progress", "In progress"],
        ["waiting_on_customer", "Waiting on customer", "Awaiting your reply"],
        ["resolved", "Resolved", "Resolved"],
      ]);
      expect(await authenticateApiToken(db, created.apiToken)).toMatchObject({
        workspaceId: created.workspace.id,
      });
      const stored = await db
        .selectFrom("api_tokens")
        .selectAll()
        .where("workspace_id", "=", created.workspace.id)
        .execute();
      expect(JSON.stringify(stored)).not.toContain(created.apiToken);
      const [secret] = await listActiveIdentitySecrets(db, created.workspace.id);
      expect(secret!.secret_ciphertext).not.toContain(created.identitySecret);
      expect(open(TEST_SECRET_KEY, secret!.secret_ciphertext)).toBe(created.identitySecret);
    });

    it("refuses revoked, tampered and other workspaces' tokens", async () => {
      const { db } = await dialect.db();
      const a = await db.transaction().execute((trx) => createWorkspace(trx, TEST_SECRET_KEY, { name: "A" }));
      const b = await db.transaction().execute((trx) => createWorkspace(trx, TEST_SECRET_KEY, { name: "B" }));
      // b's secret half under a's workspace id finds nothing: the hash covers the whole token.
      const spliced = a.apiToken.slice(0, 12) + b.apiToken.slice(12);
      expect(await authenticateApiToken(db, spliced)).toBeNull();
      expect(await authenticateApiToken(db, a.apiToken.slice(0, -1) + "x")).toBeNull();
      const [row] = await db
        .selectFrom("api_tokens")
        .select("id")
        .where("workspace_id", "=", a.workspace.id)
        .execute();
      expect(await revokeApiToken(db, a.workspace.id, row!.id)).toBe(true);
      expect(await authenticateApiToken(db, a.apiToken)).toBeNull();
    });

    it("gives each workspace its own slug", async () => {
      const { db } = await dialect.db();
      const first = await db
        .transaction()
        .execute((trx) => createWorkspace(trx, TEST_SECRET_KEY, { name: "Same Name Ltd" }));
      const second = await db
        .transaction()
        .execute((trx) => createWorkspace(trx, TEST_SECRET_KEY, { name: "Same Name Ltd" }));
      expect(first.workspace.slug).not.toBe(second.workspace.slug);
      expect(second.workspace.slug.startsWith(first.workspace.slug)).toBe(true);
    });

    it("names every unmet portal prerequisite and changes nothing when refused", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const attempt = db
        .transaction()
        .execute((trx) =>
          updateWorkspaceSettings(
            trx,
            workspace.id,
            { portalEnabled: true, helpCenterLive: true },
            { allowHttp: false },
          ),
        );
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortalPrerequisitesError);
      expect((error as PortalPrerequisitesError).unmet.map((u) => u.prerequisite)).toEqual([
        "help_center_domain",
        "help_center_https",
        "identity_enforced",
      ]);
      const after = await db
        .selectFrom("workspaces")
        .selectAll()
        .where("id", "=", workspace.id)
        .executeTakeFirstOrThrow();
      expect(after.help_center_live).toBe(0);
    });

    it("counts HTTP as secure enough only with PORTICO_ALLOW_HTTP", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const changes = {
        helpCenterDomain: `help.${workspace.slug}.test`,
        helpCenterLive: true,
        identityEnforced: true,
        portalEnabled: true,
      };
      await expect(
        db
          .transaction()
          .execute((trx) => updateWorkspaceSettings(trx, workspace.id, changes, { allowHttp: false })),
      ).rejects.toThrow(PortalPrerequisitesError);
      const updated = await db
        .transaction()
        .execute((trx) => updateWorkspaceSettings(trx, workspace.id, changes, { allowHttp: true }));
      expect(updated.portal_enabled).toBe(1);
      // Turning enforcement off while the portal is on would break its promise: refused.
      await expect(
        db
          .transaction()
          .execute((trx) =>
            updateWorkspaceSettings(trx, workspace.id, { identityEnforced: false }, { allowHttp: true }),
          ),
      ).rejects.toThrow(PortalPrerequisitesError);
    });

    it("lets a Help Center under .localhost go without HTTPS (it never leaves this machine), and no other domain", async () => {
      const { db } = await dialect.db();
      const update = (id: string, domain: string) =>
        db
          .transaction()
          .execute((trx) =>
            updateWorkspaceSettings(
              trx,
              id,
              { helpCenterDomain: domain, helpCenterLive: true, identityEnforced: true, portalEnabled: true },
              { allowHttp: false },
            ),
          );
      const local = await buildWorkspace(db);
      expect((await update(local.id, `help.${local.slug}.localhost`)).portal_enabled).toBe(1);
      for (const lookalike of [`help.${local.slug}.localhost.example`, `help.${local.slug}-localhost.test`]) {
        const other = await buildWorkspace(db);
        const refused = await update(other.id, lookalike).catch((e: unknown) => e);
        expect(refused, lookalike).toBeInstanceOf(PortalPrerequisitesError);
        expect((refused as PortalPrerequisitesError).unmet.map((u) => u.prerequisite)).toEqual([
          "help_center_https",
        ]);
      }
    });

    it("validates domains: format, one workspace per domain, cookie domain containing the Help Center", async () => {
      const { db } = await dialect.db();
      const a = await buildWorkspace(db);
      const b = await buildWorkspace(db);
      const update = (id: string, changes: Parameters<typeof updateWorkspaceSettings>[2]) =>
        db.transaction().execute((trx) => updateWorkspaceSettings(trx, id, changes, { allowHttp: false }));
      for (const bad of ["not a domain", "http://help.acme.com", "acme", "-bad-.com"]) {
        await expect(update(a.id, { helpCenterDomain: bad })).rejects.toMatchObject({
          code: "parameter_invalid",
          field: "help_center_domain",
        });
      }
      const domain = `help.${a.slug}.example`;
      expect((await update(a.id, { helpCenterDomain: domain.toUpperCase() })).help_center_domain).toBe(
        domain,
      );
      await expect(update(b.id, { helpCenterDomain: domain })).rejects.toMatchObject({ code: "conflict" });
      await expect(update(a.id, { cookieDomain: "other.example" })).rejects.toMatchObject({
        code: "parameter_invalid",
        field: "cookie_domain",
      });
      expect((await update(a.id, { cookieDomain: `.${a.slug}.example` })).cookie_domain).toBe(
        `${a.slug}.example`,
      );
      await expect(update(a.id, { name: "  " })).rejects.toBeInstanceOf(DomainError);
    });

    it("seeds a demo with tickets of every category and state, and people in one and in two companies", async () => {
      const { db } = await dialect.db();
      // The demo's slug and e-mails are fixed: this is the only test that seeds it in a run's databases.
      const demo = await seedDemoWorkspace(db, TEST_SECRET_KEY);
      const ws = demo.workspace.id;
      const tickets = await db
        .selectFrom("tickets")
        .innerJoin("ticket_states as s", (j) =>
          j
            .onRef("s.workspace_id", "=", "tickets.workspace_id")
            .onRef("s.id", "=", "tickets.ticket_state_id"),
        )
        .select(["tickets.category", "s.category as state", "tickets.company_id", "tickets.is_shared"])
        .where("tickets.workspace_id", "=", ws)
        .execute();
      expect(new Set(tickets.map((t) => t.category))).toEqual(
        new Set(["customer", "back_office", "tracker"]),
      );
      expect(new Set(tickets.map((t) => t.state))).toEqual(
        new Set(["submitted", "in_progress", "waiting_on_customer", "resolved"]),
      );
      expect(tickets.some((t) => t.category === "back_office" && t.is_shared === 1)).toBe(true);
      expect(tickets.some((t) => t.category === "back_office" && t.is_shared === 0)).toBe(true);
      const memberships = await db
        .selectFrom("company_memberships")
        .select("contact_id")
        .where("workspace_id", "=", ws)
        .execute();
      const counts = new Map<string, number>();
      for (const m of memberships) counts.set(m.contact_id, (counts.get(m.contact_id) ?? 0) + 1);
      expect(counts.get(demo.demoPerson.id)).toBe(2);
      expect([...counts.values()]).toContain(1);
      expect(
        await db.selectFrom("conversations").select("id").where("workspace_id", "=", ws).execute(),
      ).toHaveLength(2);

      // The real thing on this machine: live Help Center with the portal on, enforced identity, one
      // cookie domain for the product and the Help Center, every prerequisite met without PORTICO_ALLOW_HTTP.
      expect(demo.workspace).toMatchObject({
        help_center_domain: "help.demo.localhost",
        cookie_domain: "demo.localhost",
        help_center_live: 1,
        identity_enforced: 1,
        portal_enabled: 1,
      });
      expect(unmetPortalPrerequisites(demo.workspace, { allowHttp: false })).toEqual([]);
      expect(demoProductHost(demo.workspace)).toBe("app.demo.localhost");
      const articles = await db
        .selectFrom("help_articles")
        .select(["title", "published"])
        .where("workspace_id", "=", ws)
        .execute();
      expect(articles.length).toBeGreaterThanOrEqual(4);
      expect(articles.every((a) => a.published === 1)).toBe(true);
      // Converted conversations keep the customer's words as the ticket's description.
      const converted = await db
        .selectFrom("tickets")
        .select(["title", "description"])
        .where("workspace_id", "=", ws)
        .where("linked_conversation_id", "is not", null)
        .orderBy("ticket_number")
        .execute();
      expect(converted).toEqual([
        {
          title: "Dashboard charts are empty",
          description: "Hi! The dashboard charts are empty since this morning.",
        },
        { title: "Annual plan for Globex", description: "Do you offer an annual plan?" },
      ]);
    });
  });
}
