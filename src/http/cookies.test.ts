// Cookie tossing: a request holding one session cookie name twice is signed out on every surface (never
// "first wins"); on HTTPS host-only sessions live under __Host- names, so a planted plain one is ignored.
import { describe, expect, it } from "vitest";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { buildContact, buildHelpCenterWorkspace, buildWorkspace } from "../../test/factories.ts";
import { signJwt, userHashOf } from "../../test/identity.ts";
import { signInTeammate } from "../../test/teammates.ts";
import { createSession, PORTAL_SESSION_TTL_MS } from "../identity/sessions.ts";
import { messengerCookieName, portalCookieName } from "./helpcenter/helpCenter.routes.ts";
import { TEAMMATE_COOKIE } from "./helpdesk/session.routes.ts";

for (const dialect of testDialects()) {
  describe(`cookie tossing (${dialect.name})`, () => {
    const app = testApp(dialect);
    const httpsApp = testApp(dialect, { publicUrl: "https://portico.test", trustProxy: true });

    async function portalWorld() {
      const { db } = await dialect.db();
      const made = await buildHelpCenterWorkspace(db);
      const victim = await buildContact(db, made.workspace, { name: "Vic Victim" });
      const attacker = await buildContact(db, made.workspace, { name: "Mallory Attacker" });
      const session = (contactId: string, kind: "portal" | "messenger") =>
        createSession(db, { workspaceId: made.workspace.id, kind, contactId }, PORTAL_SESSION_TTL_MS);
      return { ...made, db, victim, attacker, session };
    }

    it("signs a teammate out when the session cookie comes twice, in either order", async () => {
      const a = await app();
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const mine = await signInTeammate(a, db, workspace, "admin");
      const theirs = await signInTeammate(a, db, await buildWorkspace(db), "admin");
      const me = (cookie: string) => a.inject({ method: "GET", url: "/app/me", headers: { cookie } });
      expect((await me(mine.cookie)).statusCode).toBe(200);
      expect((await me(`${theirs.cookie}; ${mine.cookie}`)).statusCode).toBe(401);
      expect((await me(`${mine.cookie}; ${theirs.cookie}`)).statusCode).toBe(401);
      expect((await me(`${mine.cookie}; ${mine.cookie}`)).statusCode).toBe(401);
    });

    it("signs a portal viewer out when a sibling subdomain tosses in its own session cookie", async () => {
      const a = await app();
      const w = await portalWorld();
      const name = portalCookieName(w.workspace.id);
      const home = (cookie: string) =>
        a.inject({ method: "GET", url: "/", headers: { host: w.host, cookie } });
      const victim = `${name}=${await w.session(w.victim.id, "portal")}`;
      const attacker = `${name}=${await w.session(w.attacker.id, "portal")}`;
      expect((await home(victim)).body).toContain("Signed in as <strong>Vic Victim</strong>");
      for (const cookie of [`${attacker}; ${victim}`, `${victim}; ${attacker}`]) {
        const body = (await home(cookie)).body;
        expect(body).not.toContain("Mallory");
        expect(body).not.toContain("Signed in as");
      }
      // The forwarded Messenger cookie on the shared cookie domain: the same rule.
      const messenger = messengerCookieName(w.workspace.id);
      const victimM = `${messenger}=${await w.session(w.victim.id, "messenger")}`;
      const attackerM = `${messenger}=${await w.session(w.attacker.id, "messenger")}`;
      expect((await home(victimM)).body).toContain("Vic Victim");
      const tossed = (await home(`${attackerM}; ${victimM}`)).body;
      expect(tossed).not.toContain("Mallory");
      expect(tossed).not.toContain("Signed in as");
    });

    it("sets host-only sessions under __Host- names on HTTPS and ignores planted plain ones", async () => {
      const a = await httpsApp();
      const w = await portalWorld();
      const jwt = await signJwt(w.secret, { user_id: "vic", name: "Vic Https", jti: `j-${w.workspace.id}` });
      const signIn = await a.inject({
        method: "POST",
        url: "/sso/jwt",
        headers: {
          host: w.host,
          "x-forwarded-proto": "https",
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: new URLSearchParams({ jwt }).toString(),
      });
      expect(signIn.statusCode).toBe(303);
      const set = signIn.cookies.find((c) => c.name === `__Host-${portalCookieName(w.workspace.id)}`)!;
      expect(set).toMatchObject({ secure: true, path: "/", httpOnly: true });
      expect(set.domain).toBeUndefined();
      const home = (cookie: string) =>
        a.inject({
          method: "GET",
          url: "/",
          headers: { host: w.host, "x-forwarded-proto": "https", cookie },
        });
      expect((await home(`${set.name}=${set.value}`)).body).toContain("Vic Https");
      // A sibling can set the plain name with Domain=; over HTTPS it is never ours, so it names nobody.
      const planted = `${portalCookieName(w.workspace.id)}=${await w.session(w.attacker.id, "portal")}`;
      expect((await home(planted)).body).not.toContain("Mallory");
      const both = (await home(`${planted}; ${set.name}=${set.value}`)).body;
      expect(both).toContain("Vic Https");
      expect(both).not.toContain("Mallory");

      // The Help Desk on an HTTPS main host: __Host-portico_teammate, and a plain one is ignored.
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const { buildTeammate } = await import("../../test/factories.ts");
      const teammate = await buildTeammate(db, workspace, { password: "correct horse battery" });
      const teammateIn = await a.inject({
        method: "POST",
        url: "/app/session",
        headers: { "x-forwarded-proto": "https" },
        payload: { email: teammate.email, password: "correct horse battery" },
      });
      expect(teammateIn.statusCode).toBe(200);
      const session = teammateIn.cookies.find((c) => c.name === `__Host-${TEAMMATE_COOKIE}`)!;
      expect(session).toMatchObject({ secure: true, path: "/" });
      const me = (cookie: string) =>
        a.inject({ method: "GET", url: "/app/me", headers: { "x-forwarded-proto": "https", cookie } });
      expect((await me(`${session.name}=${session.value}`)).statusCode).toBe(200);
      expect((await me(`${TEAMMATE_COOKIE}=${session.value}`)).statusCode).toBe(401);
    });

    it("still accepts a single Messenger boot cookie after a tossing attempt was refused", async () => {
      const a = await app();
      const w = await portalWorld();
      const boot = await a.inject({
        method: "POST",
        url: `/messenger/${w.workspace.id}/boot`,
        headers: { origin: `https://app.${w.host.slice("help.".length)}` },
        payload: { user_id: "vic", name: "Vic Victim", user_hash: userHashOf(w.secret, "vic") },
      });
      expect(boot.statusCode).toBe(200);
      const cookie = `${messengerCookieName(w.workspace.id)}=${boot.json().session_token}`;
      const page = await a.inject({ method: "GET", url: "/", headers: { host: w.host, cookie } });
      expect(page.body).toContain("Signed in as");
    });
  });
}
