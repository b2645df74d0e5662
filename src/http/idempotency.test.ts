// Idempotency-Key on every surface's writes: a retry creates nothing more and gets the first answer; the
// same key with another request is 422, while the first runs 409; an error answer keeps nothing, and a
// claim whose request died is taken over (its transaction never committed).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildApiWorkspace, caller } from "../../test/api.ts";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { buildTicketType } from "../../test/factories.ts";
import { buildPortalWorkspace, buildTwoCompanyWorld } from "../../test/portalWorld.ts";
import {
  claimIdempotencyKey,
  ClaimLostError,
  completeIdempotencyKey,
} from "../domain/idempotency/idempotency.repository.ts";
import { createApiToken } from "../identity/apiTokens.ts";
import { createSession, MESSENGER_SESSION_TTL_MS, PORTAL_SESSION_TTL_MS } from "../identity/sessions.ts";
import { portalCookieName } from "./helpcenter/helpCenter.routes.ts";

for (const dialect of testDialects()) {
  describe(`Idempotency-Key (${dialect.name})`, () => {
    const app = testApp(dialect);

    async function apiWorld() {
      const { db } = await dialect.db();
      const made = await buildApiWorkspace(db);
      const type = await buildTicketType(db, made.workspace, "customer");
      const api = caller(await app(), made.token);
      const countTickets = async () =>
        Number(
          (
            await db
              .selectFrom("tickets")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .where("workspace_id", "=", made.workspace.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const body = (title: string) => ({
        ticket_type_id: type.id,
        contacts: [{ email: `${title.replace(/\W/g, "")}@example.com` }],
        ticket_attributes: { _default_title_: title },
      });
      return { ...made, db, type, api, countTickets, body };
    }

    it("creates one ticket for a retried POST /api/tickets and replays the first answer", async () => {
      const w = await apiWorld();
      const key = randomUUID();
      const first = await w.api("POST", "/api/tickets", w.body("Retry me"), { "idempotency-key": key });
      expect(first.statusCode).toBe(200);
      const retry = await w.api("POST", "/api/tickets", w.body("Retry me"), { "idempotency-key": key });
      expect(retry.statusCode).toBe(200);
      expect(retry.headers["idempotent-replayed"]).toBe("true");
      expect(retry.json()).toEqual(first.json());
      expect(await w.countTickets()).toBe(1);
      // Without a key every POST is a new ticket; with a new key too.
      await w.api("POST", "/api/tickets", w.body("Retry me"), { "idempotency-key": randomUUID() });
      expect(await w.countTickets()).toBe(2);
    });

    it("refuses the key for another request (422), another caller (422), and a malformed key (400)", async () => {
      const w = await apiWorld();
      const key = randomUUID();
      await w.api("POST", "/api/tickets", w.body("Original"), { "idempotency-key": key });
      const other = await w.api("POST", "/api/tickets", w.body("Something else"), { "idempotency-key": key });
      expect(other.statusCode).toBe(422);
      expect(other.json().errors[0]).toMatchObject({
        code: "idempotency_key_mismatch",
        field: "Idempotency-Key",
      });
      const { token } = await createApiToken(w.db, w.workspace.id, "second integration");
      const otherCaller = await caller(await app(), token)("POST", "/api/tickets", w.body("Original"), {
        "idempotency-key": key,
      });
      expect(otherCaller.statusCode).toBe(422);
      const malformed = await w.api("POST", "/api/tickets", w.body("x"), { "idempotency-key": "a b" });
      expect(malformed.statusCode).toBe(400);
      expect(await w.countTickets()).toBe(1);
    });

    it("answers 409 while the first request still runs, and runs a request whose first attempt died", async () => {
      const w = await apiWorld();
      const { createHash } = await import("node:crypto");
      const running = randomUUID();
      const token = await w.db
        .selectFrom("api_tokens")
        .select("id")
        .where("workspace_id", "=", w.workspace.id)
        .executeTakeFirstOrThrow();
      // The fingerprint the server computes for this caller, route and body (http/idempotency.ts).
      const fingerprint = createHash("sha256")
        .update(JSON.stringify([`token:${token.id}`, "POST", "/api/tickets", w.body("Busy")]))
        .digest("hex");
      expect(
        await claimIdempotencyKey(w.db, {
          workspaceId: w.workspace.id,
          key: running,
          fingerprint,
          lockMs: 60_000,
        }),
      ).toMatchObject({ kind: "claimed" });
      const busy = await w.api("POST", "/api/tickets", w.body("Busy"), { "idempotency-key": running });
      expect(busy.statusCode).toBe(409);
      expect(busy.headers["retry-after"]).toBe("1");
      expect(busy.json().errors[0].code).toBe("idempotency_key_in_progress");

      // A claim left by a process killed mid-request: its lock ran out and nothing of it committed.
      const dead = randomUUID();
      await claimIdempotencyKey(w.db, {
        workspaceId: w.workspace.id,
        key: dead,
        fingerprint,
        lockMs: 1000,
        now: Date.now() - 10_000,
      });
      const taken = await w.api("POST", "/api/tickets", w.body("Busy"), { "idempotency-key": dead });
      expect(taken.statusCode).toBe(200);
      expect(await w.countTickets()).toBe(1);
    });

    it("lets only the claim's owner store an answer once its lock ran out and another took over", async () => {
      const w = await apiWorld();
      const key = randomUUID();
      const slow = await claimIdempotencyKey(w.db, {
        workspaceId: w.workspace.id,
        key,
        fingerprint: "f",
        lockMs: 1000,
        now: Date.now() - 5000,
      });
      const retry = await claimIdempotencyKey(w.db, {
        workspaceId: w.workspace.id,
        key,
        fingerprint: "f",
        lockMs: 60_000,
      });
      expect(retry.kind).toBe("claimed");
      const answer = { status: 200, type: "application/json", body: "{}" };
      const owner = (claim: typeof slow) => (claim.kind === "claimed" ? claim.owner : "");
      await expect(
        completeIdempotencyKey(w.db, w.workspace.id, key, owner(slow), answer),
      ).rejects.toBeInstanceOf(ClaimLostError);
      await completeIdempotencyKey(w.db, w.workspace.id, key, owner(retry), answer);
      expect(
        await claimIdempotencyKey(w.db, {
          workspaceId: w.workspace.id,
          key,
          fingerprint: "f",
          lockMs: 60_000,
        }),
      ).toMatchObject({ kind: "replay", status: 200 });
    });

    it("creates exactly one ticket from many parallel retries", async () => {
      const w = await apiWorld();
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          w.api("POST", "/api/tickets", w.body("Parallel"), { "idempotency-key": key }),
        ),
      );
      expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 409)).toBe(true);
      expect(answers.some((a) => a.statusCode === 200)).toBe(true);
      expect(await w.countTickets()).toBe(1);
      const ids = new Set(answers.filter((a) => a.statusCode === 200).map((a) => a.json().id));
      expect(ids.size).toBe(1);
    });

    it("keeps nothing of a failed request, so the same key may run again", async () => {
      const w = await apiWorld();
      const key = randomUUID();
      const failing = await w.api(
        "POST",
        "/api/tickets",
        { ...w.body("Nobody"), ticket_type_id: "no-such-type" },
        { "idempotency-key": key },
      );
      expect(failing.statusCode).toBe(404);
      // The contact the request would have created by e-mail is gone with it.
      const contacts = await w.db
        .selectFrom("contacts")
        .select("id")
        .where("workspace_id", "=", w.workspace.id)
        .where("email", "=", "Nobody@example.com")
        .execute();
      expect(contacts).toEqual([]);
      const fixed = await w.api("POST", "/api/tickets", w.body("Nobody"), { "idempotency-key": key });
      expect(fixed.statusCode).toBe(200);
      expect(await w.countTickets()).toBe(1);
    });

    it("makes a double submit from the portal and the Messenger one ticket, one message", async () => {
      const a = await app();
      const { db } = await dialect.db();
      const { workspace, host } = await buildPortalWorkspace(db);
      const world = await buildTwoCompanyWorld(db, workspace);
      const portalToken = await createSession(
        db,
        { workspaceId: workspace.id, kind: "portal", contactId: world.pat.id },
        PORTAL_SESSION_TTL_MS,
      );
      const page = await a.inject({
        method: "GET",
        url: "/tickets",
        headers: { host, cookie: `${portalCookieName(workspace.id)}=${portalToken}` },
      });
      const bootstrap = /<script type="application\/json" id="portal-bootstrap">(.*?)<\/script>/s.exec(
        page.body,
      )!;
      const csrf = (JSON.parse(bootstrap[1]!) as { csrfToken: string }).csrfToken;
      expect(csrf).toBeDefined();
      const before = await db
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", workspace.id)
        .executeTakeFirstOrThrow();
      const key = randomUUID();
      const submit = () =>
        a.inject({
          method: "POST",
          url: "/portal-api/tickets",
          headers: {
            host,
            origin: `http://${host}`,
            cookie: `${portalCookieName(workspace.id)}=${portalToken}`,
            "x-csrf-token": csrf!,
            "idempotency-key": key,
          },
          payload: {
            ticket_type_id: world.types.customer.id,
            company_id: world.acme.id,
            attributes: { _default_title_: "Printer on fire" },
          },
        });
      const [one, two] = [await submit(), await submit()];
      expect(one.statusCode).toBe(201);
      expect(two.statusCode).toBe(201);
      expect(two.json()).toEqual(one.json());
      const after = await db
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", workspace.id)
        .executeTakeFirstOrThrow();
      expect(Number(after.n) - Number(before.n)).toBe(1);

      const messenger = await createSession(
        db,
        { workspaceId: workspace.id, kind: "messenger", contactId: world.pat.id },
        MESSENGER_SESSION_TTL_MS,
      );
      const messageKey = randomUUID();
      const send = () =>
        a.inject({
          method: "POST",
          url: "/messenger/api/conversations",
          headers: { authorization: `Bearer ${messenger}`, "idempotency-key": messageKey },
          payload: { body: "Is anyone there?" },
        });
      const sent = await Promise.all([send(), send()]);
      expect(sent.map((s) => s.statusCode).sort()).toEqual(
        sent.some((s) => s.statusCode === 409) ? [201, 409] : [201, 201],
      );
      const conversations = await db
        .selectFrom("conversations")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .execute();
      const threads = await db
        .selectFrom("conversation_parts")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .where("body", "=", "Is anyone there?")
        .execute();
      expect(threads.length).toBe(1);
      expect(conversations.length).toBeGreaterThan(0);
    });
  });
}
