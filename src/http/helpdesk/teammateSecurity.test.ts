// Teammate session security over HTTP: CSRF on cookie-authenticated writes, sign-in throttling that
// holds under parallel attempts, session rotation, sign out everywhere, password change.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildTeammate, buildWorkspace } from "../../../test/factories.ts";
import { MAX_SIGN_IN_FAILURES } from "../../identity/signInThrottle.ts";
import { TEAMMATE_COOKIE } from "./session.routes.ts";

const PASSWORD = "correct horse battery";

for (const dialect of testDialects()) {
  describe(`teammate session security (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function signIn(email: string, password = PASSWORD, cookie?: string) {
      const response = await (
        await app()
      ).inject({
        method: "POST",
        url: "/app/session",
        payload: { email, password },
        cookies: cookie ? { [TEAMMATE_COOKIE]: cookie } : {},
      });
      const token = response.cookies.find((c) => c.name === TEAMMATE_COOKIE)?.value;
      return {
        response,
        token,
        csrf: response.statusCode === 200 ? (response.json().csrf_token as string) : "",
      };
    }

    async function call(
      method: "GET" | "DELETE" | "PUT" | "PATCH" | "POST",
      url: string,
      token: string,
      extra = {},
    ) {
      return (await app()).inject({ method, url, cookies: { [TEAMMATE_COOKIE]: token }, ...extra });
    }

    const me = (token: string) => call("GET", "/app/me", token);

    it("refuses a cookie-authenticated write without the CSRF token, with a wrong one, or another session's", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db), { role: "admin" });
      const a = await signIn(teammate.email);
      const b = await signIn(teammate.email);
      for (const headers of [{}, { "x-csrf-token": "forged" }, { "x-csrf-token": b.csrf }]) {
        const out = await call("DELETE", "/app/session", a.token!, { headers });
        expect(out.statusCode).toBe(403);
        expect(out.json()).toMatchObject({ type: "error.list", errors: [{ code: "forbidden" }] });
        const patch = await call("PATCH", "/app/settings", a.token!, {
          headers,
          payload: { name: "Hijacked" },
        });
        expect(patch.statusCode).toBe(403);
      }
      expect((await me(a.token!)).statusCode).toBe(200);
      expect((await call("GET", "/app/settings", a.token!)).json().name).not.toBe("Hijacked");
      // The right token from a foreign page is still refused.
      const foreign = await call("DELETE", "/app/session", a.token!, {
        headers: { "x-csrf-token": a.csrf, origin: "https://evil.example" },
      });
      expect(foreign.statusCode).toBe(403);
      const out = await call("DELETE", "/app/session", a.token!, { headers: { "x-csrf-token": a.csrf } });
      expect(out.statusCode).toBe(204);
      expect((await me(a.token!)).statusCode).toBe(401);
    });

    it("rotates the session and its CSRF token at sign-in; the planted session is worth nothing", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db));
      const planted = await signIn(teammate.email);
      const fresh = await signIn(teammate.email, PASSWORD, planted.token);
      expect(fresh.token).not.toBe(planted.token);
      expect(fresh.csrf).not.toBe(planted.csrf);
      expect((await me(planted.token!)).statusCode).toBe(401);
      expect((await me(fresh.token!)).json().csrf_token).toBe(fresh.csrf);
      const withOldCsrf = await call("DELETE", "/app/session", fresh.token!, {
        headers: { "x-csrf-token": planted.csrf },
      });
      expect(withOldCsrf.statusCode).toBe(403);
    });

    it("locks an account after repeated failures, even under parallel attempts, and unlocks after the lock", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db));
      const attempts = await Promise.all(
        Array.from({ length: 12 }, () => signIn(teammate.email, "wrong password!")),
      );
      const statuses = attempts.map((a) => a.response.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_SIGN_IN_FAILURES);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12 - MAX_SIGN_IN_FAILURES);
      // Locked: even the right password is refused, with the error body and Retry-After.
      const locked = await signIn(teammate.email);
      expect(locked.response.statusCode).toBe(429);
      expect(locked.response.json()).toMatchObject({ errors: [{ code: "rate_limit_exceeded" }] });
      expect(Number(locked.response.headers["retry-after"])).toBeGreaterThan(0);
      expect(locked.token).toBeUndefined();
      // When the lock has run out (moved into the past here), the right password works and resets the count.
      await db
        .updateTable("teammates")
        .set({ sign_in_locked_until: 1 })
        .where("workspace_id", "=", teammate.workspace_id)
        .where("id", "=", teammate.id)
        .execute();
      expect((await signIn(teammate.email)).response.statusCode).toBe(200);
      for (let i = 0; i < MAX_SIGN_IN_FAILURES - 1; i++) {
        expect((await signIn(teammate.email, "wrong password!")).response.statusCode).toBe(401);
      }
      expect((await signIn(teammate.email)).response.statusCode).toBe(200);
    });

    it("counts failures per account: a locked account does not lock its neighbours", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const [victim, neighbour] = [await buildTeammate(db, workspace), await buildTeammate(db, workspace)];
      for (let i = 0; i <= MAX_SIGN_IN_FAILURES; i++) await signIn(victim.email, "wrong password!");
      expect((await signIn(victim.email)).response.statusCode).toBe(429);
      expect((await signIn(neighbour.email)).response.statusCode).toBe(200);
    });

    it("signs out everywhere: every session of the teammate ends", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db));
      const other = await buildTeammate(db, await buildWorkspace(db));
      const [a, b, c] = [
        await signIn(teammate.email),
        await signIn(teammate.email),
        await signIn(other.email),
      ];
      expect((await call("DELETE", "/app/sessions", a.token!)).statusCode).toBe(403);
      const out = await call("DELETE", "/app/sessions", a.token!, { headers: { "x-csrf-token": a.csrf } });
      expect(out.statusCode).toBe(204);
      expect((await me(a.token!)).statusCode).toBe(401);
      expect((await me(b.token!)).statusCode).toBe(401);
      expect((await me(c.token!)).statusCode).toBe(200);
    });

    it("changes the password, keeping this session and ending every other one", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db));
      const [a, b] = [await signIn(teammate.email), await signIn(teammate.email)];
      const change = (current: string, next: string, csrf = a.csrf) =>
        call("PUT", "/app/me/password", a.token!, {
          headers: { "x-csrf-token": csrf },
          payload: { current_password: current, new_password: next },
        });
      expect((await change(PASSWORD, "another long password", "forged")).statusCode).toBe(403);
      expect((await change("not my password", "another long password")).statusCode).toBe(401);
      expect((await change(PASSWORD, "short")).statusCode).toBe(400);
      expect((await me(b.token!)).statusCode).toBe(200);
      expect((await change(PASSWORD, "another long password")).statusCode).toBe(204);
      expect((await me(a.token!)).statusCode).toBe(200);
      expect((await me(b.token!)).statusCode).toBe(401);
      expect((await signIn(teammate.email)).response.statusCode).toBe(401);
      expect((await signIn(teammate.email, "another long password")).response.statusCode).toBe(200);
    });

    it("lets admins rotate and revoke identity secrets, shown once, and hides settings from agents", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const admin = await signIn((await buildTeammate(db, workspace, { role: "admin" })).email);
      const agent = await signIn((await buildTeammate(db, workspace, { role: "agent" })).email);
      expect((await call("GET", "/app/settings", agent.token!)).statusCode).toBe(404);
      const headers = { "x-csrf-token": admin.csrf };
      const before = (await call("GET", "/app/settings", admin.token!)).json();
      expect(before.identity_secrets).toHaveLength(1);
      expect(before.cookie_forwarding.status).toBe("not_configured");
      const rotated = await call("POST", "/app/settings/identity-secrets", admin.token!, { headers });
      expect(rotated.statusCode).toBe(201);
      expect(rotated.json().secret).toMatch(/^[0-9a-f]{64}$/);
      const during = (await call("GET", "/app/settings", admin.token!)).json();
      expect(during.identity_secrets).toHaveLength(2);
      expect(JSON.stringify(during)).not.toContain(rotated.json().secret);
      expect(
        (await call("POST", "/app/settings/identity-secrets", admin.token!, { headers })).statusCode,
      ).toBe(409);
      const oldId = before.identity_secrets[0].id as string;
      expect(
        (await call("DELETE", `/app/settings/identity-secrets/${oldId}`, admin.token!, { headers }))
          .statusCode,
      ).toBe(204);
      const last = rotated.json().id as string;
      expect(
        (await call("DELETE", `/app/settings/identity-secrets/${last}`, admin.token!, { headers }))
          .statusCode,
      ).toBe(409);
      const patched = await call("PATCH", "/app/settings", admin.token!, {
        headers,
        payload: { messenger_allowed_origins: ["https://app.example.org"], cookie_domain: "example.org" },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        cookie_domain: "example.org",
        messenger: { allowed_origins: ["https://app.example.org"] },
      });
      const bad = await call("PATCH", "/app/settings", admin.token!, {
        headers,
        payload: { messenger_allowed_origins: ["https://app.example.org/path"] },
      });
      expect(bad.statusCode).toBe(400);
    });
  });
}
