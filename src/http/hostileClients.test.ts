// Hostile clients: slow bodies are cut off, body types a route does not take are 415, bodies of unknown
// fields only are refused, one address cannot hold every connection, and every guessing or anonymous
// path answers 429 with Retry-After past its limit, under parallel attempts and across instances.
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { buildApiWorkspace } from "../../test/api.ts";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { buildHelpCenterWorkspace, buildIdentityWorkspace, buildTeammate } from "../../test/factories.ts";
import { signJwt } from "../../test/identity.ts";
import { scaledAbuseLimits, type AbuseLimits } from "../config.ts";

/** A fresh client address per test (X-Forwarded-For is believed with trustProxy), so counters are ours. */
const randomAddress = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]!).join(".")}`;

const low: AbuseLimits = {
  ...scaledAbuseLimits(100_000),
  sign_in_failures_per_ip: { max: 3, windowSeconds: 600 },
  sso_failures_per_ip: { max: 5, windowSeconds: 600 },
  link_emails_per_address: { max: 2, windowSeconds: 3600 },
  link_failures_per_ip: { max: 3, windowSeconds: 600 },
  invite_failures_per_ip: { max: 3, windowSeconds: 600 },
  new_leads_per_ip: { max: 5, windowSeconds: 600 },
  boot_failures_per_ip: { max: 3, windowSeconds: 600 },
  lead_conversations_per_visitor: { max: 3, windowSeconds: 3600 },
};

function expectTooMany(response: Awaited<ReturnType<FastifyInstance["inject"]>>) {
  expect(response.statusCode, response.body).toBe(429);
  expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
  expect(response.json().errors[0].code).toBe("rate_limit_exceeded");
}

for (const dialect of testDialects()) {
  describe(`hostile clients (${dialect.name})`, () => {
    const app = testApp(dialect, { trustProxy: true, abuseLimits: low });
    const second = testApp(dialect, { trustProxy: true, abuseLimits: low });
    const slow = testApp(dialect, { requestTimeoutMs: 1000 });
    const capped = testApp(dialect, { maxConnectionsPerIp: 4 });

    it("cuts off a request body sent a byte at a time", async () => {
      const a = await slow();
      const address = await a.listen({ port: 0, host: "127.0.0.1" });
      const { port } = new URL(address);
      const socket = connect(Number(port), "127.0.0.1");
      let answer = "";
      let closed = false;
      socket.on("data", (chunk) => (answer += chunk.toString()));
      socket.on("close", () => (closed = true));
      socket.on("error", () => {});
      socket.write(
        "POST /app/session HTTP/1.1\r\nHost: portico.test\r\nContent-Type: application/json\r\n" +
          "Content-Length: 200\r\n\r\n",
      );
      let sent = 0;
      while (!closed && sent < 200) {
        socket.write("x");
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(closed).toBe(true);
      expect(sent).toBeLessThan(200);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    });

    it("closes connections past the cap of one address, and serves the ones within it", async () => {
      const a = await capped();
      const port = Number(new URL(await a.listen({ port: 0, host: "127.0.0.1" })).port);
      const sockets = Array.from({ length: 6 }, () => connect(port, "127.0.0.1"));
      const closed = await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<boolean>((resolve) => {
              socket.on("error", () => {});
              socket.on("close", () => resolve(true));
              setTimeout(() => resolve(false), 1500);
            }),
        ),
      );
      expect(closed.filter(Boolean).length).toBe(2);
      sockets.forEach((s) => s.destroy());
    });

    it("answers 415 to body types a route does not take, and refuses bodies of unknown fields only", async () => {
      const a = await app();
      const { db } = await dialect.db();
      const { token } = await buildApiWorkspace(db);
      const auth = { authorization: `Bearer ${token}` };
      for (const type of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ]) {
        const response = await a.inject({
          method: "POST",
          url: "/api/contacts",
          headers: { ...auth, "content-type": type },
          payload: "email=a@b.test",
        });
        expect(response.statusCode, type).toBe(415);
        expect(response.json().type).toBe("error.list");
      }
      const unknownOnly = await a.inject({
        method: "POST",
        url: "/api/contacts",
        headers: auth,
        payload: { emial: "typo@example.com", nmae: "Typo" },
      });
      expect(unknownOnly.statusCode).toBe(400);
      expect(unknownOnly.json().errors[0].field).toBe("emial");
      const empty = await a.inject({ method: "POST", url: "/api/contacts", headers: auth, payload: {} });
      expect(empty.statusCode).toBe(400);
      const search = await a.inject({
        method: "POST",
        url: "/api/contacts/search",
        headers: auth,
        payload: { query: { field: "email", operator: "=", value: "typo@example.com" } },
      });
      expect(search.json().total_count).toBe(0);
      // Known fields beside unknown ones still work (Intercom clients send extras).
      const mixed = await a.inject({
        method: "POST",
        url: "/api/contacts",
        headers: auth,
        payload: { email: "fine@example.com", extra_field: 1 },
      });
      expect(mixed.statusCode).toBe(200);
    });

    it("limits wrong teammate passwords per address, across accounts, under parallel attempts", async () => {
      const a = await app();
      const { db } = await dialect.db();
      const { workspace } = await buildApiWorkspace(db);
      const teammates = await Promise.all(
        [1, 2, 3, 4].map(() => buildTeammate(db, workspace, { password: "correct horse battery" })),
      );
      const ip = randomAddress();
      const attempts = await Promise.all(
        teammates.flatMap((t) =>
          [1, 2].map(() =>
            a.inject({
              method: "POST",
              url: "/app/session",
              headers: { "x-forwarded-for": ip },
              payload: { email: t.email, password: "wrong password!" },
            }),
          ),
        ),
      );
      const statuses = attempts.map((r) => r.statusCode).sort();
      expect(statuses.filter((s) => s === 401).length).toBe(3);
      expectTooMany(attempts.find((r) => r.statusCode === 429)!);
      // Another address is not affected, and a right password there does not count as a failure.
      const elsewhere = await a.inject({
        method: "POST",
        url: "/app/session",
        headers: { "x-forwarded-for": randomAddress() },
        payload: { email: teammates[0]!.email, password: "correct horse battery" },
      });
      expect(elsewhere.statusCode).toBe(200);
    });

    it("limits refused JWT sign-ins, wrong sign-in links, invitations and e-mailed links", async () => {
      const a = await app();
      const { db } = await dialect.db();
      const { secret, host } = await buildHelpCenterWorkspace(db);
      const ip = randomAddress();
      const form = (url: string, fields: Record<string, string>, from = ip) =>
        a.inject({
          method: "POST",
          url,
          headers: { host, "x-forwarded-for": from, "content-type": "application/x-www-form-urlencoded" },
          payload: new URLSearchParams(fields).toString(),
        });
      const forged = await Promise.all(
        Array.from({ length: 8 }, () => form("/sso/jwt", { jwt: "not.a.jwt" })),
      );
      expect(forged.filter((r) => r.statusCode === 401).length).toBe(5);
      expectTooMany(forged.find((r) => r.statusCode === 429)!);
      // Even a right token waits out the window from that address; from another it works.
      const good = await signJwt(secret, { user_id: "u1", jti: randomBytes(6).toString("hex") });
      expectTooMany(await form("/sso/jwt", { jwt: good }));
      expect((await form("/sso/jwt", { jwt: good }, randomAddress())).statusCode).toBe(303);

      const linkIp = randomAddress();
      for (let i = 0; i < 3; i++) {
        expect((await form("/sso/link", { token: `wrong-${i}` }, linkIp)).statusCode).toBe(400);
      }
      expectTooMany(await form("/sso/link", { token: "wrong-again" }, linkIp));

      const address = `someone-${randomBytes(4).toString("hex")}@example.com`;
      for (let i = 0; i < 2; i++) {
        expect((await form("/sso/email", { email: address }, randomAddress())).statusCode).toBe(200);
      }
      expectTooMany(await form("/sso/email", { email: address.toUpperCase() }, randomAddress()));

      const inviteIp = randomAddress();
      const accept = () =>
        a.inject({
          method: "POST",
          url: "/app/invites/accept",
          headers: { "x-forwarded-for": inviteIp },
          payload: { token: `pi_wrong_${randomBytes(8).toString("hex")}`, password: "a long new password" },
        });
      for (let i = 0; i < 3; i++) expect((await accept()).statusCode).toBeLessThan(429);
      expectTooMany(await accept());
    });

    it("limits new anonymous visitors, forged identities and anonymous conversations", async () => {
      const a = await app();
      const { db } = await dialect.db();
      const { workspace, secret } = await buildIdentityWorkspace(db, {});
      const ip = randomAddress();
      const boot = (payload: Record<string, unknown>, from = ip) =>
        a.inject({
          method: "POST",
          url: `/messenger/${workspace.id}/boot`,
          headers: { "x-forwarded-for": from },
          payload,
        });
      const boots = await Promise.all(Array.from({ length: 8 }, () => boot({})));
      expect(boots.filter((r) => r.statusCode === 200).length).toBe(5);
      expectTooMany(boots.find((r) => r.statusCode === 429)!);
      const leads = await db
        .selectFrom("contacts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", workspace.id)
        .where("role", "=", "lead")
        .executeTakeFirstOrThrow();
      expect(Number(leads.n)).toBe(5);
      // A visitor who already has a session boots again freely (page loads are not new visitors).
      const held = boots.find((r) => r.statusCode === 200)!.json().session_token as string;
      for (let i = 0; i < 3; i++) expect((await boot({ session_token: held })).statusCode).toBe(200);

      const forger = randomAddress();
      for (let i = 0; i < 3; i++) {
        expect((await boot({ user_id: "victim", user_hash: "00".repeat(32) }, forger)).statusCode).toBe(401);
      }
      expectTooMany(await boot({ user_id: "victim", user_hash: "00".repeat(32) }, forger));
      const { userHashOf } = await import("../../test/identity.ts");
      expect((await boot({ user_id: "victim", user_hash: userHashOf(secret, "victim") })).statusCode).toBe(
        200,
      );

      const open = () =>
        a.inject({
          method: "POST",
          url: "/messenger/api/conversations",
          headers: { authorization: `Bearer ${held}`, "x-forwarded-for": randomAddress() },
          payload: { body: "hello?" },
        });
      for (let i = 0; i < 3; i++) expect((await open()).statusCode).toBe(201);
      expectTooMany(await open());
    });

    // Several instances share one database on PostgreSQL only (SQLite runs one instance).
    if (dialect.name === "postgres")
      it("shares the counters between two instances on one database", async () => {
        const [one, two] = [await app(), await second()];
        const { db } = await dialect.db();
        const { workspace } = await buildIdentityWorkspace(db, {});
        const ip = randomAddress();
        const boot = (instance: FastifyInstance) =>
          instance.inject({
            method: "POST",
            url: `/messenger/${workspace.id}/boot`,
            headers: { "x-forwarded-for": ip },
            payload: {},
          });
        const results = await Promise.all([1, 2, 3, 4].flatMap(() => [boot(one), boot(two)]));
        expect(results.filter((r) => r.statusCode === 200).length).toBe(5);
      });
  });
}
