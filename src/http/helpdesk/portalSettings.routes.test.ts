// Portal settings for admins: enabling names each unmet prerequisite, the card and visibility settings,
// access rules stored and previewed, agents refused, and the per-company visibility override via the API.
import { describe, expect, it } from "vitest";
import { buildApiWorkspace, caller } from "../../../test/api.ts";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildIdentityWorkspace,
  buildWorkspace,
  uniqueDomain,
} from "../../../test/factories.ts";
import { signedInTeammate } from "../../../test/teammates.ts";
import { findCompany } from "../../domain/companies/company.repository.ts";

for (const dialect of testDialects()) {
  describe(`portal settings (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function readyWorkspace() {
      const { db } = await dialect.db();
      const domain = `help.${uniqueDomain()}`;
      const { workspace } = await buildIdentityWorkspace(db, {
        helpCenterDomain: domain,
        helpCenterHttps: true,
        helpCenterLive: true,
        identityEnforced: true,
      });
      return { db, workspace, domain };
    }

    it("refuses to enable the portal with 400, naming each unmet prerequisite", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const admin = await signedInTeammate(await app(), db, workspace, "admin");
      const refused = await admin("PATCH", "/app/settings/portal", { portal_enabled: true });
      expect(refused.statusCode).toBe(400);
      const body = refused.json();
      expect(body.type).toBe("error.list");
      expect(body.unmet_prerequisites.map((u: { prerequisite: string }) => u.prerequisite)).toEqual([
        "help_center_domain",
        "help_center_https",
        "help_center_live",
        "identity_enforced",
      ]);
      expect(body.errors).toHaveLength(4);
      expect(body.errors[0]).toMatchObject({
        code: "parameter_invalid",
        field: "portal_enabled",
        prerequisite: "help_center_domain",
      });
      // One missing prerequisite is named alone, through the general settings route too.
      const { workspace: almost } = await buildIdentityWorkspace(db, {
        helpCenterDomain: `help.${uniqueDomain()}`,
        helpCenterHttps: true,
        helpCenterLive: true,
      });
      const almostAdmin = await signedInTeammate(await app(), db, almost, "admin");
      const one = await almostAdmin("PATCH", "/app/settings", { portal_enabled: true });
      expect(one.statusCode).toBe(400);
      expect(one.json().errors).toEqual([
        expect.objectContaining({
          prerequisite: "identity_enforced",
          message: expect.stringContaining("Identity verification"),
        }),
      ]);
      expect((await almostAdmin("GET", "/app/settings/portal")).json().enabled).toBe(false);
    });

    it("enables the portal and changes the card and member visibility, presenting them with the portal URL", async () => {
      const { db, workspace, domain } = await readyWorkspace();
      const admin = await signedInTeammate(await app(), db, workspace, "admin");
      const before = await admin("GET", "/app/settings/portal");
      expect(before.statusCode).toBe(200);
      expect(before.json()).toMatchObject({
        enabled: false,
        url: `https://${domain}/tickets`,
        unmet_prerequisites: [],
        access_rules: { match: "all", conditions: [] },
        home_card: { enabled: true, position: 0 },
        member_visibility: "all",
      });
      const updated = await admin("PATCH", "/app/settings/portal", {
        portal_enabled: true,
        portal_home_card: false,
        portal_home_card_position: 1,
        portal_member_visibility: "participating",
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({
        enabled: true,
        home_card: { enabled: false, position: 1 },
        member_visibility: "participating",
      });
      expect((await admin("GET", "/app/settings")).json().tickets_portal).toMatchObject({
        enabled: true,
        home_card: false,
        home_card_position: 1,
        member_visibility: "participating",
      });
      const bad = await admin("PATCH", "/app/settings/portal", { portal_member_visibility: "everyone" });
      expect(bad.statusCode).toBe(400);
      expect((await admin("PATCH", "/app/settings", { portal_home_card_position: 2 })).statusCode).toBe(400);
    });

    it("stores access rules and previews how many people they let in", async () => {
      const { db, workspace } = await readyWorkspace();
      const admin = await signedInTeammate(await app(), db, workspace, "admin");
      const enterprise = await buildCompany(db, workspace, "Enterprise");
      await db.updateTable("companies").set({ plan: "enterprise" }).where("id", "=", enterprise.id).execute();
      await buildContact(db, workspace, { companies: [enterprise], name: "Ent One" });
      await buildContact(db, workspace, { companies: [enterprise], name: "Ent Two" });
      await buildContact(db, workspace, { name: "Nobody" });
      const rules = {
        match: "all",
        conditions: [{ target: "company", attribute: "plan", operator: "equals", value: "Enterprise" }],
      };
      const preview = await admin("POST", "/app/settings/portal/access-rules/preview", {
        ...rules,
        sample_size: 1,
      });
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toMatchObject({ matching: 2, total: 3 });
      expect(preview.json().sample).toHaveLength(1);
      expect(
        (
          await admin("POST", "/app/settings/portal/access-rules/preview", { match: "all", conditions: [] })
        ).json(),
      ).toMatchObject({
        matching: 3,
        total: 3,
      });
      // Previewing stores nothing.
      expect((await admin("GET", "/app/settings/portal")).json().access_rules.conditions).toEqual([]);
      const saved = await admin("PUT", "/app/settings/portal/access-rules", rules);
      expect(saved.statusCode).toBe(200);
      expect(saved.json().access_rules).toEqual(rules);
      const invalid = await admin("PUT", "/app/settings/portal/access-rules", {
        match: "all",
        conditions: [{ target: "company", attribute: "nonsense", operator: "equals", value: 1 }],
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors[0].code).toBe("parameter_invalid");
      expect((await admin("GET", "/app/settings/portal")).json().access_rules).toEqual(rules);
    });

    it("refuses agents (403) and writes without the CSRF token", async () => {
      const { db, workspace } = await readyWorkspace();
      const agent = await signedInTeammate(await app(), db, workspace, "agent");
      const admin = await signedInTeammate(await app(), db, workspace, "admin");
      const rules = { match: "all", conditions: [] };
      for (const [method, url, payload] of [
        ["PATCH", "/app/settings/portal", { portal_home_card: false }],
        ["PUT", "/app/settings/portal/access-rules", rules],
        ["POST", "/app/settings/portal/access-rules/preview", rules],
      ] as const) {
        expect((await agent(method, url, payload)).statusCode).toBe(403);
        expect((await admin(method, url, payload, { csrf: null })).statusCode).toBe(403);
        expect((await admin(method, url, payload, { csrf: "forged" })).statusCode).toBe(403);
      }
      expect((await agent("GET", "/app/settings/portal")).statusCode).toBe(404);
      expect((await admin("GET", "/app/settings/portal")).json().home_card.enabled).toBe(true);
      const signedOut = await (await app()).inject({ method: "GET", url: "/app/settings/portal" });
      expect(signedOut.statusCode).toBe(401);
    });

    it("overrides member visibility per company through PUT /api/companies/:id", async () => {
      const { db } = await dialect.db();
      const { workspace, token } = await buildApiWorkspace(db);
      const api = caller(await app(), token);
      const company = await buildCompany(db, workspace);
      const set = await api("PUT", `/api/companies/${company.id}`, {
        portal_member_visibility: "participating",
      });
      expect(set.statusCode).toBe(200);
      expect(set.json().portal_member_visibility).toBe("participating");
      expect((await findCompany(db, workspace.id, company.id))?.portal_member_visibility).toBe(
        "participating",
      );
      const cleared = await api("PUT", `/api/companies/${company.id}`, { portal_member_visibility: null });
      expect(cleared.json().portal_member_visibility).toBeNull();
      expect(
        (await api("PUT", `/api/companies/${company.id}`, { portal_member_visibility: "some" })).statusCode,
      ).toBe(400);
      // Another workspace's company is not found.
      const other = await buildApiWorkspace(db);
      const otherApi = caller(await app(), other.token);
      expect(
        (await otherApi("PUT", `/api/companies/${company.id}`, { portal_member_visibility: "all" }))
          .statusCode,
      ).toBe(404);
    });
  });
}
