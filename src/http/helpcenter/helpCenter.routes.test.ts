// The Help Center by Host and by /help/<slug>: who is signed in through the forwarded Messenger
// cookie, JWT single sign-on, e-mailed one-time links, unknown hosts, and cookie-forwarding reports.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildContact,
  buildHelpCenterWorkspace,
  buildIdentityWorkspace,
  buildWorkspace,
  uniqueDomain,
} from "../../../test/factories.ts";
import { confusedJwt, rs256Jwt, signJwt, unsignedJwt, userHashOf } from "../../../test/identity.ts";
import { listMembershipsOfContact } from "../../domain/companies/company.repository.ts";
import { findWorkspaceById } from "../../domain/workspaces/workspace.repository.ts";
import { presentWorkspaceSettings } from "../../domain/workspaces/workspace.presenter.ts";
import type { MailMessage } from "../../identity/mailer.ts";
import { createSession, findSession, PORTAL_SESSION_TTL_MS } from "../../identity/sessions.ts";
import { portalCookieName } from "./helpCenter.routes.ts";

const sent: MailMessage[] = [];
const mailer = { send: async (message: MailMessage) => void sent.push(message) };

for (const dialect of testDialects()) {
  describe(`help center identity (${dialect.name})`, () => {
    const app = testApp(dialect, {}, { mailer });

    async function helpCenter(settings = {}) {
      const { db } = await dialect.db();
      return { ...(await buildHelpCenterWorkspace(db, settings)), db };
    }

    async function messengerSession(workspaceId: string, secret: string, userId: string, origin: string) {
      const response = await (
        await app()
      ).inject({
        method: "POST",
        url: `/messenger/${workspaceId}/boot`,
        payload: { user_id: userId, name: "Pat Person", user_hash: userHashOf(secret, userId) },
        headers: { origin },
      });
      expect(response.statusCode).toBe(200);
      return response.json().session_token as string;
    }

    const get = async (host: string, url: string, cookies: Record<string, string> = {}, headers = {}) =>
      (await app()).inject({ method: "GET", url, headers: { host, ...headers }, cookies });

    const sso = async (host: string, form: Record<string, string>, url = "/sso/jwt") =>
      (await app()).inject({
        method: "POST",
        url,
        headers: { host, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(form).toString(),
      });

    it("knows the Messenger's verified user on the custom domain through the forwarded cookie", async () => {
      const { workspace, secret, host, cookieDomain } = await helpCenter();
      const token = await messengerSession(workspace.id, secret, "pat", `https://app.${cookieDomain}`);
      const page = await get(host, "/", { [`portico-session-${workspace.id}`]: token });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toContain("text/html");
      expect(page.body).toContain("Signed in as <strong>Pat Person</strong>");
      // Renewed on use: the cookie is set again on the cookie domain for seven days.
      const renewed = page.cookies.find((c) => c.name === `portico-session-${workspace.id}`);
      expect(renewed).toMatchObject({ domain: cookieDomain, maxAge: 7 * 24 * 3600, secure: true });
      expect((await get(host, "/")).body).toContain("E-mail me a sign-in link");
    });

    it("signs out: the forwarded Messenger session and a portal session end, and their cookies go", async () => {
      const { workspace, secret, host, cookieDomain, db } = await helpCenter();
      const token = await messengerSession(workspace.id, secret, "pat", `https://app.${cookieDomain}`);
      const portalToken = await createSession(
        db,
        {
          workspaceId: workspace.id,
          kind: "portal",
          contactId: (await findSession(db, token, "messenger"))!.contact_id!,
        },
        PORTAL_SESSION_TTL_MS,
      );
      const cookies = {
        [`portico-session-${workspace.id}`]: token,
        [portalCookieName(workspace.id)]: portalToken,
      };
      const home = (await get(host, "/", cookies)).body;
      expect(home).toContain('action="/sso/signout"');
      const csrf = /name="csrf_token" value="([^"]+)"/.exec(home)![1]!;
      const signOut = (headers: Record<string, string>, form: string) =>
        app().then((a) =>
          a.inject({
            method: "POST",
            url: "/sso/signout",
            headers: { host, "content-type": "application/x-www-form-urlencoded", ...headers },
            cookies,
            payload: form,
          }),
        );
      expect((await signOut({ origin: "https://evil.example" }, `csrf_token=${csrf}`)).statusCode).toBe(403);
      // Same site but without the page's token (a form planted elsewhere on the site): refused too.
      expect((await signOut({ origin: `http://${host}` }, "csrf_token=forged")).statusCode).toBe(403);
      expect((await signOut({ origin: `http://${host}` }, "")).statusCode).toBe(400);
      expect(await findSession(db, portalToken, "portal")).toBeDefined();
      const out = await signOut({ origin: `http://${host}` }, `csrf_token=${encodeURIComponent(csrf)}`);
      expect(out.statusCode).toBe(303);
      expect(out.headers.location).toBe("/");
      expect(out.cookies.find((c) => c.name === `portico-session-${workspace.id}`)).toMatchObject({
        domain: cookieDomain,
        value: "",
      });
      expect(out.cookies.find((c) => c.name === `__Host-${portalCookieName(workspace.id)}`)).toMatchObject({
        value: "",
      });
      expect(await findSession(db, portalToken, "portal")).toBeUndefined();
      expect(await findSession(db, token, "messenger")).toBeUndefined();
      expect((await get(host, "/", cookies)).body).toContain("E-mail me a sign-in link");
    });

    it("ignores another workspace's session, an anonymous lead's, and a garbage cookie", async () => {
      const { workspace, host, cookieDomain } = await helpCenter();
      const other = await helpCenter();
      const otherToken = await messengerSession(
        other.workspace.id,
        other.secret,
        "pat",
        `https://app.${other.cookieDomain}`,
      );
      const lead = (
        await (
          await app()
        ).inject({
          method: "POST",
          url: `/messenger/${workspace.id}/boot`,
          payload: {},
          headers: { origin: `https://app.${cookieDomain}` },
        })
      ).json().session_token as string;
      for (const value of [otherToken, lead, "garbage", `ps_${workspace.id}_${"A".repeat(43)}`]) {
        const page = await get(host, "/", { [`portico-session-${workspace.id}`]: value });
        expect(page.statusCode).toBe(200);
        expect(page.body).not.toContain("Signed in as");
      }
    });

    it("answers a plain 404 to unknown hosts, never another workspace, and serves /help/<slug> on the main host only", async () => {
      const { workspace, host } = await helpCenter();
      for (const [h, url] of [
        ["unknown.example", "/"],
        ["unknown.example", "/help/" + workspace.slug],
        [host, "/help/" + workspace.slug],
        ["unknown.example", "/sso/link?token=x"],
      ] as const) {
        const response = await get(h, url);
        expect(response.statusCode, `${h}${url}`).toBe(404);
        expect(response.headers["content-type"]).toContain("text/plain");
        expect(response.body).toBe("Not Found");
      }
      const main = await get("portico.test", `/help/${workspace.slug}`);
      expect(main.statusCode).toBe(200);
      expect(main.body).toContain(`${workspace.name} Help Center`);
      expect((await get("portico.test", "/")).body).toContain("Teammate sign-in");
      expect((await get("portico.test", "/help/no-such-workspace")).statusCode).toBe(404);
    });

    it("serves nothing on the custom domain until the Help Center is live", async () => {
      const { host } = await helpCenter({ helpCenterLive: false });
      expect((await get(host, "/")).statusCode).toBe(404);
    });

    it("signs in by JWT SSO with a host-only HttpOnly cookie and a same-host return_to", async () => {
      const { workspace, secret, host, db } = await helpCenter();
      const jwt = await signJwt(secret, {
        user_id: "sso-user",
        name: "Sam Single",
        jti: randomBytes(8).toString("hex"),
        companies: [{ company_id: "acme", name: "Acme" }],
      });
      const response = await sso(host, { jwt, return_to: `https://${host}/tickets?state=open` });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/tickets?state=open");
      // On an HTTPS custom domain the session is a __Host- cookie: no other host can set or shadow it.
      const cookie = response.cookies.find((c) => c.name === `__Host-portico-hc-${workspace.id}`)!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: true });
      expect(cookie.domain).toBeUndefined();
      const page = await get(host, "/", { [`portico-hc-${workspace.id}`]: cookie.value });
      expect(page.body).toContain("Signed in as <strong>Sam Single</strong>");
      const contactId = (
        await db
          .selectFrom("contacts")
          .select("id")
          .where("workspace_id", "=", workspace.id)
          .where("external_id", "=", "sso-user")
          .executeTakeFirstOrThrow()
      ).id;
      expect(await listMembershipsOfContact(db, workspace.id, contactId)).toHaveLength(1);
      const relative = await sso(host, {
        jwt: await signJwt(secret, { user_id: "sso-user", jti: "rel-1" }),
        return_to: "/x",
      });
      expect(relative.headers.location).toBe("/x");
    });

    it("refuses forged, replayed, long-lived and redirecting SSO tokens with 4xx and no session", async () => {
      const { workspace, secret, host, db } = await helpCenter();
      const other = await buildIdentityWorkspace(db);
      const now = Math.floor(Date.now() / 1000);
      const claims = () => ({ user_id: "sso-victim", jti: randomBytes(8).toString("hex") });
      const replayed = await signJwt(secret, claims());
      expect((await sso(host, { jwt: replayed })).statusCode).toBe(303);
      const cases: Array<[string, Record<string, string>, number]> = [
        ["replayed jti", { jwt: replayed }, 401],
        ["wrong secret", { jwt: await signJwt(randomBytes(32).toString("hex"), claims()) }, 401],
        ["other workspace's secret", { jwt: await signJwt(other.secret, claims()) }, 401],
        ["alg none", { jwt: unsignedJwt(claims()) }, 401],
        ["RS256", { jwt: await rs256Jwt(claims()) }, 401],
        ["RS/HS confusion", { jwt: await confusedJwt(secret, claims()) }, 401],
        ["expired", { jwt: await signJwt(secret, { ...claims(), exp: now - 5 }) }, 401],
        ["exp beyond ten minutes", { jwt: await signJwt(secret, { ...claims(), exp: now + 3600 }) }, 401],
        ["no exp", { jwt: await signJwt(secret, { ...claims(), exp: undefined }) }, 401],
        ["no jti", { jwt: await signJwt(secret, { user_id: "sso-victim" }) }, 401],
        ["no user_id", { jwt: await signJwt(secret, { jti: "j-no-user" }) }, 401],
        [
          "return_to another host",
          { jwt: await signJwt(secret, claims()), return_to: "https://evil.example/" },
          400,
        ],
        [
          "return_to scheme-relative",
          { jwt: await signJwt(secret, claims()), return_to: "//evil.example/x" },
          400,
        ],
        [
          "return_to backslash trick",
          { jwt: await signJwt(secret, claims()), return_to: "/\\evil.example" },
          400,
        ],
        [
          "return_to javascript:",
          { jwt: await signJwt(secret, claims()), return_to: "javascript:alert(1)" },
          400,
        ],
      ];
      const before = await db
        .selectFrom("sessions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", workspace.id)
        .executeTakeFirstOrThrow();
      for (const [label, form, status] of cases) {
        const response = await sso(host, form);
        expect(response.statusCode, label).toBe(status);
        expect(response.cookies, label).toEqual([]);
        expect(response.json(), label).toMatchObject({ type: "error.list" });
      }
      const after = await db
        .selectFrom("sessions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", workspace.id)
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it("accepts a jti once even when the same token arrives twice at the same moment", async () => {
      const { secret, host } = await helpCenter();
      const jwt = await signJwt(secret, { user_id: "racer", jti: "same-moment" });
      const results = await Promise.all([sso(host, { jwt }), sso(host, { jwt }), sso(host, { jwt })]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([303, 401, 401]);
    });

    it("works at /help/<slug> on the main host, with the cookie scoped to that path", async () => {
      const { workspace, secret } = await helpCenter();
      const jwt = await signJwt(secret, { user_id: "slug-user", name: "Sly", jti: "slug-1" });
      const response = await sso("portico.test", { jwt }, `/help/${workspace.slug}/sso/jwt`);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/help/${workspace.slug}`);
      const cookie = response.cookies.find((c) => c.name === `portico-hc-${workspace.id}`)!;
      expect(cookie.path).toBe(`/help/${workspace.slug}`);
      expect(cookie.secure).not.toBe(true);
      const page = await get("portico.test", `/help/${workspace.slug}`, { [cookie.name]: cookie.value });
      expect(page.body).toContain("Signed in as <strong>Sly</strong>");
    });

    it("signs in with a one-time e-mailed link, and says the same for unknown addresses", async () => {
      const { workspace, host, db } = await helpCenter();
      const person = await buildContact(db, workspace, { name: "Mia Mail" });
      const mailed = sent.length;
      const unknown = await sso(host, { email: "nobody@example.com" }, "/sso/email");
      const known = await sso(host, { email: person.email!.toUpperCase() }, "/sso/email");
      expect(unknown.statusCode).toBe(200);
      expect(known.body).toBe(unknown.body);
      expect(sent.length).toBe(mailed + 1);
      const mail = sent.at(-1)!;
      expect(mail.to).toBe(person.email);
      const link = new URL(/https:\/\/\S+/.exec(mail.text)![0]);
      expect(link.host).toBe(host);
      const token = link.searchParams.get("token")!;
      // Opening the link (as a mail scanner would) does not use it up.
      const confirm = await get(host, `${link.pathname}${link.search}`);
      expect(confirm.body).toContain('name="token"');
      const first = await sso(host, { token }, "/sso/link");
      expect(first.statusCode).toBe(303);
      const cookie = first.cookies.find((c) => c.name === `__Host-portico-hc-${workspace.id}`)!;
      expect((await get(host, "/", { [cookie.name]: cookie.value })).body).toContain(
        "Signed in as <strong>Mia Mail</strong>",
      );
      const again = await sso(host, { token }, "/sso/link");
      expect(again.statusCode).toBe(400);
      expect(again.cookies).toEqual([]);
    });

    it("sends at most three sign-in links per person in 15 minutes, answering the same past the limit", async () => {
      const { workspace, host, db } = await helpCenter();
      const person = await buildContact(db, workspace, { name: "Flood Target" });
      const before = sent.length;
      const answers = [];
      for (let i = 0; i < 5; i++)
        answers.push((await sso(host, { email: person.email! }, "/sso/email")).body);
      expect(sent.length - before).toBe(3);
      expect(new Set(answers).size).toBe(1);
    });

    it("tells the admin when cookie forwarding does not work, with the likely cause, and when it does", async () => {
      const { workspace, secret, host, cookieDomain, db } = await helpCenter();
      const status = async () =>
        presentWorkspaceSettings((await findWorkspaceById(db, workspace.id))!, {
          publicUrl: "http://portico.test",
          allowHttp: false,
        }).cookie_forwarding;
      expect((await status()).status).toBe("unknown");
      const report = async (headers: Record<string, string>) =>
        (await app()).inject({
          method: "POST",
          url: "/cookie-report",
          headers: { host, ...headers },
          payload: { cookie_name: `portico-session-${workspace.id}` },
        });
      expect((await report({})).statusCode).toBe(204);
      expect(await status()).toMatchObject({
        status: "not_working",
        message: "Cookie forwarding is not working.",
        likely_cause: expect.stringContaining("strips cookies"),
      });
      await report({ cookie: "other=1" });
      expect((await status()).likely_cause).toContain("allow-list");
      const token = await messengerSession(workspace.id, secret, "fwd", `https://app.${cookieDomain}`);
      const page = await get(host, "/", { [`portico-session-${workspace.id}`]: token });
      expect(page.body).toContain('"received":true');
      expect(await status()).toMatchObject({ status: "working", likely_cause: null });
      // The page without the cookie asks its script to check what the browser holds.
      expect((await get(host, "/")).body).toContain('"received":false');
    });

    it("explains a missing cookie domain as the cause", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const settings = presentWorkspaceSettings(
        { ...workspace, help_center_domain: "help.example.com" },
        {
          publicUrl: "http://portico.test",
          allowHttp: false,
        },
      );
      expect(settings.cookie_forwarding).toMatchObject({
        status: "not_configured",
        likely_cause: expect.stringContaining("No cookie domain is set"),
      });
    });
  });

  describe(`help center behind a TLS proxy (${dialect.name})`, () => {
    const proxied = testApp(dialect, { trustProxy: true }, { mailer });
    const direct = testApp(dialect, {}, { mailer });

    it("finds the Help Center by X-Forwarded-Host only when TRUST_PROXY is on", async () => {
      const { db } = await dialect.db();
      const cookieDomain = uniqueDomain();
      const { workspace } = await buildIdentityWorkspace(db, {
        cookieDomain,
        helpCenterDomain: `help.${cookieDomain}`,
        helpCenterLive: true,
      });
      const request = {
        method: "GET" as const,
        url: "/",
        headers: {
          host: "10.0.0.5:3000",
          "x-forwarded-host": `help.${cookieDomain}`,
          "x-forwarded-proto": "https",
        },
      };
      const viaProxy = await (await proxied()).inject(request);
      expect(viaProxy.statusCode).toBe(200);
      expect(viaProxy.body).toContain(`${workspace.name} Help Center`);
      expect((await (await direct()).inject(request)).statusCode).toBe(404);
    });
  });
}
