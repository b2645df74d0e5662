// Teammate sign-in, /app/me and sign-out over HTTP, on both dialects.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildTeammate, buildWorkspace } from "../../../test/factories.ts";
import { TEAMMATE_COOKIE } from "./session.routes.ts";

const PASSWORD = "correct horse battery";

for (const dialect of testDialects()) {
  describe(`teammate session (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
      return (await app()).inject({
        method: "POST",
        url: "/app/session",
        payload: { email, password },
        headers,
      });
    }

    it("signs a teammate in with an HttpOnly session cookie and tells who they are", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const teammate = await buildTeammate(db, workspace, { role: "admin", password: PASSWORD });
      const response = await signIn(teammate.email.toUpperCase(), PASSWORD);
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === TEAMMATE_COOKIE)!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe("Lax");
      expect(cookie.value).not.toContain(teammate.id);
      const me = await (
        await app()
      ).inject({ method: "GET", url: "/app/me", cookies: { [TEAMMATE_COOKIE]: cookie.value } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({
        type: "admin",
        id: teammate.id,
        email: teammate.email,
        name: teammate.name,
        role: "admin",
        workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
        csrf_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      expect(me.body).not.toContain("scrypt");
    });

    it("answers 401 with the error body to a wrong password or an unknown e-mail", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db), { password: PASSWORD });
      for (const [email, password] of [
        [teammate.email, "wrong password!"],
        ["nobody@example.com", PASSWORD],
      ] as const) {
        const response = await signIn(email, password);
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ type: "error.list", errors: [{ code: "unauthorized" }] });
        expect(response.cookies).toEqual([]);
      }
    });

    it("refuses a sign-in posted from a foreign origin", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db), { password: PASSWORD });
      const response = await signIn(teammate.email, PASSWORD, { origin: "https://evil.example" });
      expect(response.statusCode).toBe(403);
      expect(response.cookies).toEqual([]);
      expect((await signIn(teammate.email, PASSWORD, { origin: "http://portico.test" })).statusCode).toBe(
        200,
      );
    });

    it("rotates the session at sign-in, and signing out ends it", async () => {
      const { db } = await dialect.db();
      const teammate = await buildTeammate(db, await buildWorkspace(db), { password: PASSWORD });
      const first = (await signIn(teammate.email, PASSWORD)).cookies[0]!.value;
      const second = (await signIn(teammate.email, PASSWORD, { cookie: `${TEAMMATE_COOKIE}=${first}` }))
        .cookies[0]!.value;
      expect(second).not.toBe(first);
      const me = (token: string) =>
        app().then((a) => a.inject({ method: "GET", url: "/app/me", cookies: { [TEAMMATE_COOKIE]: token } }));
      expect((await me(first)).statusCode).toBe(401);
      expect((await me(second)).statusCode).toBe(200);
      const csrf = (await me(second)).json().csrf_token as string;
      const out = await (
        await app()
      ).inject({
        method: "DELETE",
        url: "/app/session",
        cookies: { [TEAMMATE_COOKIE]: second },
        headers: { "x-csrf-token": csrf },
      });
      expect(out.statusCode).toBe(204);
      expect((await me(second)).statusCode).toBe(401);
    });

    it("answers 401 to /app/me without a session or with a forged one", async () => {
      const a = await app();
      expect((await a.inject({ method: "GET", url: "/app/me" })).statusCode).toBe(401);
      const forged = `ps_abcdefgh_${"A".repeat(43)}`;
      expect(
        (await a.inject({ method: "GET", url: "/app/me", cookies: { [TEAMMATE_COOKIE]: forged } }))
          .statusCode,
      ).toBe(401);
      expect(
        (await a.inject({ method: "GET", url: "/app/me", cookies: { [TEAMMATE_COOKIE]: "garbage" } }))
          .statusCode,
      ).toBe(401);
    });

    it("answers 400 parameter_invalid to malformed bodies, never 500", async () => {
      const a = await app();
      const cases = [
        { payload: "{not json", headers: { "content-type": "application/json" } },
        { payload: { email: "x@example.com" } },
        { payload: { email: 42, password: "x" } },
        { payload: { email: "a@example.com", password: "x", extra: true } },
      ];
      for (const c of cases) {
        const response = await a.inject({ method: "POST", url: "/app/session", ...c });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({
          type: "error.list",
          errors: [{ code: "parameter_invalid" }],
        });
      }
    });

    it("reports the database in /healthz", async () => {
      const response = await (await app()).inject({ method: "GET", url: "/healthz" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: "ok", database: "ok", live_updates: "connected" });
    });
  });
}
