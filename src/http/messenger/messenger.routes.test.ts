// Messenger boot over HTTP: verified users, anonymous leads, forged identities refused, CORS, rotation.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildContact, buildIdentityWorkspace, uniqueDomain } from "../../../test/factories.ts";
import { confusedJwt, rs256Jwt, signJwt, unsignedJwt, userHashOf } from "../../../test/identity.ts";
import type { Db } from "../../db/database.ts";
import { listMembershipsOfContact } from "../../domain/companies/company.repository.ts";
import { findContactByExternalId } from "../../domain/contacts/contact.repository.ts";
import {
  revokePreviousIdentitySecrets,
  rotateIdentitySecret,
} from "../../domain/workspaces/identitySecrets.ts";
import { TEST_SECRET_KEY } from "../../../test/factories.ts";

async function sessionCount(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of testDialects()) {
  describe(`messenger boot (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function identityWorkspace(settings = {}) {
      const { db } = await dialect.db();
      const cookieDomain = uniqueDomain();
      const made = await buildIdentityWorkspace(db, {
        cookieDomain,
        helpCenterDomain: `help.${cookieDomain}`,
        identityEnforced: true,
        ...settings,
      });
      return { ...made, db, origin: `https://app.${cookieDomain}`, cookieDomain };
    }

    async function boot(workspaceId: string, body: Record<string, unknown>, origin?: string) {
      return (await app()).inject({
        method: "POST",
        url: `/messenger/${workspaceId}/boot`,
        payload: body,
        headers: origin ? { origin } : {},
      });
    }

    it("boots a verified user from user_hash, creating the contact, and renews the same session on reuse", async () => {
      const { workspace, secret, origin, cookieDomain, db } = await identityWorkspace();
      const userId = `u-${randomBytes(4).toString("hex")}`;
      const settings = { user_id: userId, email: `${userId}@example.com`, name: "Pat Person" };
      const first = await boot(workspace.id, { ...settings, user_hash: userHashOf(secret, userId) }, origin);
      expect(first.statusCode).toBe(200);
      expect(first.headers["access-control-allow-origin"]).toBe(origin);
      const body = first.json();
      expect(body).toMatchObject({
        type: "messenger_session",
        session_token: expect.stringMatching(new RegExp(`^ps_${workspace.id}_`)),
        cookie_domain: cookieDomain,
        identity_verified: true,
        session_max_age: 7 * 24 * 3600,
        contact: { type: "contact", role: "user", name: "Pat Person", email: settings.email },
      });
      const contact = await findContactByExternalId(db, workspace.id, userId);
      expect(contact?.id).toBe(body.contact.id);
      const again = await boot(
        workspace.id,
        {
          ...settings,
          user_hash: userHashOf(secret, userId).toUpperCase(),
          session_token: body.session_token,
          device_id: body.device_id,
        },
        origin,
      );
      expect(again.json()).toMatchObject({ session_token: body.session_token, device_id: body.device_id });
      expect(await sessionCount(db, workspace.id)).toBe(1);
    });

    it("creates one contact when a new person boots from several tabs at once", async () => {
      const { workspace, secret, origin, db } = await identityWorkspace();
      const userId = `tabs-${randomBytes(4).toString("hex")}`;
      const body = { user_id: userId, user_hash: userHashOf(secret, userId) };
      const responses = await Promise.all(Array.from({ length: 8 }, () => boot(workspace.id, body, origin)));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
      expect(new Set(responses.map((r) => r.json().contact.id)).size).toBe(1);
      const contacts = await db
        .selectFrom("contacts")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .where("external_id", "=", userId)
        .execute();
      expect(contacts).toHaveLength(1);
    });

    it("boots from the e-mail's hash when no user_id is sent", async () => {
      const { workspace, secret, origin } = await identityWorkspace();
      const email = `only-${randomBytes(4).toString("hex")}@example.com`;
      const response = await boot(workspace.id, { email, user_hash: userHashOf(secret, email) }, origin);
      expect(response.statusCode).toBe(200);
      expect(response.json().contact).toMatchObject({ role: "user", email });
    });

    it("refuses every forged identity with 401, no session and nothing about the contact", async () => {
      const { workspace, secret, origin, db } = await identityWorkspace();
      const other = await buildIdentityWorkspace(db);
      const victim = await buildContact(db, workspace, { name: "Victor Victim" });
      const userId = victim.external_id!;
      const email = victim.email!;
      const forged: Array<[string, Record<string, unknown>]> = [
        ["wrong secret", { user_id: userId, user_hash: userHashOf(randomBytes(32).toString("hex"), userId) }],
        ["other workspace's secret", { user_id: userId, user_hash: userHashOf(other.secret, userId) }],
        [
          "hash of the e-mail when user_id was sent",
          { user_id: userId, email, user_hash: userHashOf(secret, email) },
        ],
        ["wrong-length hash", { user_id: userId, user_hash: userHashOf(secret, userId).slice(0, 63) }],
        ["non-hex hash", { user_id: userId, user_hash: "z".repeat(64) }],
        ["no proof under enforcement", { user_id: userId, email }],
        ["JWT alg none", { user_jwt: unsignedJwt({ user_id: userId }) }],
        ["JWT RS256 from another key", { user_jwt: await rs256Jwt({ user_id: userId }) }],
        ["JWT RS/HS confusion", { user_jwt: await confusedJwt(secret, { user_id: userId }) }],
        [
          "expired JWT",
          { user_jwt: await signJwt(secret, { user_id: userId, exp: Math.floor(Date.now() / 1000) - 60 }) },
        ],
        ["JWT without user_id", { user_jwt: await signJwt(secret, { email }) }],
        ["JWT from another workspace", { user_jwt: await signJwt(other.secret, { user_id: userId }) }],
        [
          "JWT naming someone else than user_id",
          { user_id: userId, user_jwt: await signJwt(secret, { user_id: "someone-else" }) },
        ],
        ["garbage JWT", { user_jwt: "not.a.jwt" }],
      ];
      for (const [label, body] of forged) {
        const response = await boot(workspace.id, body, origin);
        expect(response.statusCode, label).toBe(401);
        expect(response.json(), label).toMatchObject({
          type: "error.list",
          errors: [{ code: "unauthorized" }],
        });
        expect(response.body, label).not.toContain("session_token");
        expect(response.body, label).not.toContain(victim.id);
        expect(response.body, label).not.toContain("Victor");
      }
      expect(await sessionCount(db, workspace.id)).toBe(0);
    });

    it("gives anonymous visitors a lead, kept across boots, and never the named person without proof", async () => {
      const { workspace, origin, db } = await identityWorkspace({ identityEnforced: false });
      const first = (await boot(workspace.id, {}, origin)).json();
      expect(first).toMatchObject({ identity_verified: false, contact: { role: "lead", name: null } });
      const second = (await boot(workspace.id, { session_token: first.session_token }, origin)).json();
      expect(second.contact.id).toBe(first.contact.id);
      // Enforcement off: an unproven identity is treated as a visitor, not as that user.
      const victim = await buildContact(db, workspace);
      const unproven = await boot(workspace.id, { user_id: victim.external_id, email: victim.email }, origin);
      expect(unproven.statusCode).toBe(200);
      expect(unproven.json()).toMatchObject({ identity_verified: false, contact: { role: "lead" } });
      expect(unproven.json().contact.id).not.toBe(victim.id);
      // A wrong proof is refused even with enforcement off.
      expect(
        (await boot(workspace.id, { user_id: victim.external_id, user_hash: "0".repeat(64) }, origin))
          .statusCode,
      ).toBe(401);
    });

    it("applies a verified JWT's claims, companies included, as trusted updates", async () => {
      const { workspace, secret, origin, db } = await identityWorkspace();
      const userId = `jwt-${randomBytes(4).toString("hex")}`;
      const jwt = await signJwt(secret, {
        user_id: userId,
        name: "Jo Signed",
        email: `${userId}@example.com`,
        companies: [
          { company_id: "acme", name: "Acme Corp" },
          { company_id: "globex", name: "Globex" },
        ],
      });
      const response = await boot(workspace.id, { user_jwt: jwt, name: "Unsigned Name" }, origin);
      expect(response.statusCode).toBe(200);
      expect(response.json().contact).toMatchObject({ name: "Jo Signed", email: `${userId}@example.com` });
      const memberships = await listMembershipsOfContact(db, workspace.id, response.json().contact.id);
      expect(memberships).toHaveLength(2);
      // Unsigned input has no way to name companies at all.
      const unsigned = await boot(
        workspace.id,
        { user_id: userId, companies: [{ company_id: "x" }] },
        origin,
      );
      expect(unsigned.statusCode).toBe(400);
    });

    it("allows the cookie domain, its subdomains, the Help Center domain and listed origins; nothing else", async () => {
      const { workspace, secret, cookieDomain } = await identityWorkspace();
      const body = { user_id: "cors-user", user_hash: userHashOf(secret, "cors-user") };
      for (const origin of [
        `https://${cookieDomain}`,
        `https://app.${cookieDomain}`,
        `https://help.${cookieDomain}`,
      ]) {
        const response = await boot(workspace.id, body, origin);
        expect(response.statusCode, origin).toBe(200);
        expect(response.headers["access-control-allow-origin"]).toBe(origin);
      }
      for (const origin of [
        "https://evil.example",
        `https://${cookieDomain}.evil.example`,
        `https://evil${cookieDomain}`,
        `http://app.${cookieDomain}`,
        "null",
      ]) {
        const response = await boot(workspace.id, body, origin);
        expect(response.statusCode, origin).toBe(403);
        expect(response.headers["access-control-allow-origin"]).toBeUndefined();
      }
      const preflight = await (
        await app()
      ).inject({
        method: "OPTIONS",
        url: `/messenger/${workspace.id}/boot`,
        headers: { origin: `https://app.${cookieDomain}`, "access-control-request-method": "POST" },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers["access-control-allow-headers"]).toBe("content-type");
      const { db } = await dialect.db();
      const { updateWorkspaceSettings } = await import("../../domain/workspaces/workspaceCommands.ts");
      await updateWorkspaceSettings(
        db,
        workspace.id,
        { messengerAllowedOrigins: ["https://partner.example"] },
        { allowHttp: false },
      );
      expect((await boot(workspace.id, body, "https://partner.example")).statusCode).toBe(200);
    });

    it("keeps the old secret valid during a rotation, until it is revoked", async () => {
      const { workspace, secret, origin, db } = await identityWorkspace();
      const { secret: fresh } = await rotateIdentitySecret(db, TEST_SECRET_KEY, workspace.id);
      const withSecret = (s: string) =>
        boot(workspace.id, { user_id: "rotating", user_hash: userHashOf(s, "rotating") }, origin);
      expect((await withSecret(secret)).statusCode).toBe(200);
      expect((await withSecret(fresh)).statusCode).toBe(200);
      await revokePreviousIdentitySecrets(db, workspace.id);
      expect((await withSecret(secret)).statusCode).toBe(401);
      expect((await withSecret(fresh)).statusCode).toBe(200);
      const jwt = await signJwt(secret, { user_id: "rotating" });
      expect((await boot(workspace.id, { user_jwt: jwt }, origin)).statusCode).toBe(401);
    });

    it("ends the session on shutdown", async () => {
      const { workspace, secret, origin, db } = await identityWorkspace();
      const booted = (
        await boot(workspace.id, { user_id: "bye", user_hash: userHashOf(secret, "bye") }, origin)
      ).json();
      const shutdown = await (
        await app()
      ).inject({
        method: "POST",
        url: `/messenger/${workspace.id}/shutdown`,
        payload: { session_token: booted.session_token },
        headers: { origin },
      });
      expect(shutdown.statusCode).toBe(204);
      expect(await sessionCount(db, workspace.id)).toBe(0);
    });

    it("serves the loader script pointing at PUBLIC_URL, and 404s an unknown workspace", async () => {
      const loader = await (await app()).inject({ method: "GET", url: "/messenger.js" });
      expect(loader.statusCode).toBe(200);
      expect(loader.headers["content-type"]).toContain("javascript");
      expect(loader.body).toContain('var BASE = "http://portico.test"');
      expect((await boot("nosuchws", {}, "https://app.example.com")).statusCode).toBe(404);
    });
  });
}
