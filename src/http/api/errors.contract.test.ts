// Contract tests: every error code the API emits, with Intercom's error.list body, on each dialect.
import { describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { openDatabase } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { buildApiWorkspace, caller } from "../../../test/api.ts";
import { testApp, testConfig } from "../../../test/app.ts";
import { sqliteFile, testDialects } from "../../../test/dialects.ts";
import { buildTicket, buildTicketType } from "../../../test/factories.ts";
import { MemoryRateLimitStore } from "./rateLimit.ts";

function expectError(
  response: { statusCode: number; json(): unknown },
  status: number,
  code: string,
  field?: string,
) {
  expect(response.statusCode).toBe(status);
  const body = response.json() as {
    type: string;
    request_id: string;
    errors: Array<{ code: string; message: string; field?: string }>;
  };
  expect(body.type).toBe("error.list");
  expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.errors[0]!.code).toBe(code);
  expect(body.errors[0]!.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(body.errors[0]!.field).toBe(field);
}

for (const dialect of testDialects()) {
  describe(`API error contract (${dialect.name})`, () => {
    const app = testApp(dialect);
    const limitedApp = testApp(dialect, { apiRateLimit: 3 });

    it("unauthorized: no token, a wrong token, a revoked token", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const a = await app();
      expectError(await a.inject({ method: "GET", url: "/api/ticket_types" }), 401, "unauthorized");
      expectError(
        await caller(a, "pt_nope_" + "x".repeat(43))("GET", "/api/ticket_types"),
        401,
        "unauthorized",
      );
      expectError(
        await caller(a, token.slice(0, -2) + "zz")("GET", "/api/ticket_types"),
        401,
        "unauthorized",
      );
      await db
        .updateTable("api_tokens")
        .set({ revoked_at: Date.now() })
        .where("workspace_id", "=", workspace.id)
        .execute();
      expectError(await caller(a, token)("GET", "/api/ticket_types"), 401, "unauthorized");
    });

    it("not_found, ticket_not_found and company_not_found for unknown ids", async () => {
      const { db } = await dialect.db();
      const call = caller(await app(), (await buildApiWorkspace(db)).token);
      expectError(await call("GET", "/api/tickets/nope"), 404, "ticket_not_found");
      expectError(await call("GET", "/api/companies/nope"), 404, "company_not_found");
      expectError(await call("GET", "/api/companies?company_id=nope"), 404, "company_not_found");
      expectError(await call("GET", "/api/contacts/nope"), 404, "not_found");
      expectError(await call("GET", "/api/conversations/nope"), 404, "not_found");
      expectError(await call("GET", "/api/ticket_types/nope"), 404, "not_found");
      expectError(await call("GET", "/api/no/such/route"), 404, "not_found");
      expectError(
        await call("POST", "/api/tickets", { ticket_type_id: "nope", contacts: [] }),
        404,
        "not_found",
        "ticket_type_id",
      );
    });

    it("parameter_invalid: bad JSON, wrong types, unknown search fields, bad pagination, missing required attributes", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      const type = await buildTicketType(db, workspace);
      expectError(
        await call("POST", "/api/contacts", "{oops", { "content-type": "application/json" }),
        400,
        "parameter_invalid",
      );
      expectError(await call("POST", "/api/contacts", { email: 42 }), 400, "parameter_invalid", "email");
      expectError(
        await call("POST", "/api/tickets/search", {
          query: { field: "colour", operator: "=", value: "red" },
        }),
        400,
        "parameter_invalid",
        "colour",
      );
      expectError(
        await call("POST", "/api/tickets/search", { query: { field: "title", operator: ">", value: "x" } }),
        400,
        "parameter_invalid",
        "title",
      );
      expectError(
        await call("POST", "/api/tickets/search", {
          query: { field: "title", operator: "=", value: "x" },
          pagination: { per_page: 0 },
        }),
        400,
        "parameter_invalid",
        "per_page",
      );
      expectError(
        await call("POST", "/api/tickets/search", {
          query: { field: "title", operator: "=", value: "x" },
          pagination: { starting_after: "garbage" },
        }),
        400,
        "parameter_invalid",
        "starting_after",
      );
      const contact = await call("POST", "/api/contacts", { email: "needs@title.example" });
      expectError(
        await call("POST", "/api/tickets", {
          ticket_type_id: type.id,
          contacts: [{ id: contact.json().id }],
          ticket_attributes: {},
        }),
        400,
        "parameter_invalid",
        "_default_title_",
      );
      expectError(
        await call("POST", `/api/ticket_types/${type.id}/attributes`, { name: "Pick", data_type: "list" }),
        400,
        "parameter_invalid",
        "input_options",
      );
      expectError(
        await call("GET", "/api/ticket_types", undefined, { "intercom-version": "1.0" }),
        400,
        "parameter_invalid",
        "Intercom-Version",
      );
    });

    it("parameter_not_found: a missing company_id, admin_id or contact reference", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      expectError(
        await call("POST", "/api/companies", { name: "No id" }),
        400,
        "parameter_not_found",
        "company_id",
      );
      const ticket = await buildTicket(db, workspace);
      expectError(
        await call("POST", `/api/tickets/${ticket.id}/reply`, {
          message_type: "comment",
          type: "admin",
          body: "hi",
        }),
        400,
        "parameter_not_found",
        "admin_id",
      );
      const type = await buildTicketType(db, workspace);
      expectError(
        await call("POST", "/api/tickets", { ticket_type_id: type.id, contacts: [{}] }),
        400,
        "parameter_not_found",
        "contacts",
      );
    });

    it("parameter_mismatch: a customer replying on a back-office ticket", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      const contact = (await call("POST", "/api/contacts", { external_id: "bo-1" })).json();
      const backOffice = await buildTicketType(db, workspace, "back_office");
      const ticket = await call("POST", "/api/tickets", {
        ticket_type_id: backOffice.id,
        contacts: [{ id: contact.id }],
        ticket_attributes: { _default_title_: "Refund" },
        is_shared: true,
      });
      expect(ticket.statusCode).toBe(200);
      expectError(
        await call("POST", `/api/tickets/${ticket.json().id}/reply`, {
          message_type: "comment",
          type: "user",
          body: "hello",
          intercom_user_id: contact.id,
        }),
        400,
        "parameter_mismatch",
      );
    });

    it("ticket_state_id_invalid and invalid_ticket_type", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      const ticket = await buildTicket(db, workspace);
      expectError(
        await call("PUT", `/api/tickets/${ticket.id}`, { ticket_state_id: "not-a-state" }),
        400,
        "ticket_state_id_invalid",
      );
      const type = await buildTicketType(db, workspace);
      await call("PUT", `/api/ticket_types/${type.id}`, { archived: true });
      expectError(
        await call("POST", "/api/tickets", {
          ticket_type_id: type.id,
          contacts: [{ email: "a@b.example" }],
          ticket_attributes: { _default_title_: "x" },
        }),
        400,
        "invalid_ticket_type",
      );
    });

    it("conflict: a duplicate external_id, a conversation already linked", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      const first = await call("POST", "/api/contacts", { external_id: "dup" });
      expect(first.statusCode).toBe(200);
      expectError(
        await call("POST", "/api/contacts", { external_id: "dup" }),
        409,
        "conflict",
        "external_id",
      );
      const message = (
        await call("POST", "/api/conversations", { from: { type: "user", id: first.json().id }, body: "hi" })
      ).json();
      const type = await buildTicketType(db, workspace);
      const body = {
        ticket_type_id: type.id,
        contacts: [{ id: first.json().id }],
        ticket_attributes: { _default_title_: "x" },
        conversation_to_link_id: message.conversation_id,
      };
      expect((await call("POST", "/api/tickets", body)).statusCode).toBe(200);
      expectError(await call("POST", "/api/tickets", body), 409, "conflict");
    });

    it("rate_limit_exceeded after the limit in a 10-second window, with the X-RateLimit headers", async () => {
      const { db } = await dialect.db();
      const call = caller(await limitedApp(), (await buildApiWorkspace(db)).token);
      const responses = [];
      for (let i = 0; i < 4; i++) responses.push(await call("GET", "/api/ticket_types"));
      const first = responses[0]!;
      expect(first.headers["x-ratelimit-limit"]).toBe("3");
      expect(first.headers["x-ratelimit-remaining"]).toBe("2");
      const reset = Number(first.headers["x-ratelimit-reset"]);
      expect(reset).toBeGreaterThan(Date.now() / 1000 - 1);
      expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 10);
      // The 4th request may fall into a new window if a boundary passed; then the 3rd and 4th are both fine.
      const limited = responses.filter((r) => r.statusCode === 429);
      const crossedWindow = responses.some(
        (r, i) => i > 0 && Number(r.headers["x-ratelimit-reset"]) !== reset,
      );
      if (!crossedWindow) {
        expect(limited).toHaveLength(1);
        expectError(limited[0]!, 429, "rate_limit_exceeded");
        expect(limited[0]!.headers["x-ratelimit-remaining"]).toBe("0");
      }
    });

    it("413 for a body over 1 MiB, and nothing is created", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      const response = await call("POST", "/api/contacts", {
        external_id: "big",
        name: "x".repeat(1024 * 1024),
      });
      expectError(response, 413, "parameter_invalid");
      expect(
        await db.selectFrom("contacts").select("id").where("workspace_id", "=", workspace.id).execute(),
      ).toEqual([]);
    });

    it("a failing request leaves nothing behind: the contact its e-mail would have created is not kept", async () => {
      const { db } = await dialect.db();
      const { token, workspace } = await buildApiWorkspace(db);
      const call = caller(await app(), token);
      const type = await buildTicketType(db, workspace);
      const response = await call("POST", "/api/tickets", {
        ticket_type_id: type.id,
        contacts: [{ email: "new.person@example.com" }],
        ticket_attributes: { _default_title_: "x", Unknown: 1 },
      });
      expectError(response, 400, "parameter_invalid", "Unknown");
      expect(
        await db.selectFrom("contacts").select("id").where("workspace_id", "=", workspace.id).execute(),
      ).toEqual([]);
      expect(
        await db
          .selectFrom("events")
          .select("id")
          .where("workspace_id", "=", workspace.id)
          .where("type", "like", "contact%")
          .execute(),
      ).toEqual([]);
    });
  });
}

describe("API server_error", () => {
  it("answers 500 server_error with the error body when the database is gone, revealing nothing", async () => {
    const database = openDatabase({ dialect: "sqlite", file: sqliteFile(), synchronous: "normal" });
    await migrateToLatest(database.db);
    const { token } = await buildApiWorkspace(database.db);
    const app = await buildApp({ config: testConfig(), database, rateLimits: new MemoryRateLimitStore() });
    await database.db.schema.dropTable("ticket_type_states").execute();
    const response = await caller(app, token)("GET", "/api/ticket_states");
    expectError(response, 500, "server_error");
    expect(response.body).not.toContain("ticket_type_states");
    await app.close();
    await database.destroy();
  });
});
