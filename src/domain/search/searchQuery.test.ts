// The search DSL's validation and SQL shapes, without a database: every error names its field.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import { describe, expect, it } from "vitest";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError } from "../errors.ts";
import { CONTACT_SEARCH_FIELDS, TICKET_SEARCH_FIELDS } from "./search.repository.ts";
import { compileSearchQuery, escapeLike, parseSearchQuery } from "./searchQuery.ts";

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("expected a DomainError, but nothing was thrown");
}

const parseTickets = (query: unknown) => parseSearchQuery(query, TICKET_SEARCH_FIELDS);

function expectInvalid(query: unknown, field: string, message: RegExp) {
  const error = errorOf(() => parseTickets(query));
  expect(error.code).toBe("parameter_invalid");
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
}

const filter = (field: string, operator: string | undefined, value: unknown) => ({ field, operator, value });
const group = (operator: string, value: unknown) => ({ operator, value });

/** A Kysely that compiles without a database, to look at the SQL a query becomes. */
function compiler(dialect: Dialect) {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => (dialect === "postgres" ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) =>
        dialect === "postgres" ? new PostgresIntrospector(db) : new SqliteIntrospector(db),
      createQueryCompiler: () =>
        dialect === "postgres" ? new PostgresQueryCompiler() : new SqliteQueryCompiler(),
    },
  });
}

function compileTickets(query: unknown, dialect: Dialect = "sqlite") {
  const parsed = parseTickets(query);
  return compiler(dialect)
    .selectFrom("tickets")
    .select("id")
    .where((eb) => compileSearchQuery(eb, parsed, { dialect, now: 0 }))
    .compile();
}

describe("search query validation", () => {
  it("refuses an unknown field, naming it", () => {
    expectInvalid(filter("colour", "=", "red"), "colour", /colour is not a field/);
  });

  it("refuses fields that only look like known ones", () => {
    expectInvalid(filter("constructor", "=", "x"), "constructor", /constructor is not a field/);
    expectInvalid(filter("ticket_attribute", "=", "x"), "ticket_attribute", /not a field/);
  });

  it("refuses an unknown operator, naming the field", () => {
    expectInvalid(filter("title", "LIKE", "x"), "title", /"LIKE" is not a search operator \(field title\)/);
    expectInvalid(filter("title", undefined, "x"), "title", /not a search operator/);
    expectInvalid(filter("title", "AND", ["x"]), "title", /AND combines filters/);
  });

  it("refuses ordering operators on strings and ids", () => {
    for (const operator of ["<", ">", "<=", ">="]) {
      expectInvalid(
        filter("title", operator, "a"),
        "title",
        new RegExp(`${operator} cannot be used on title`),
      );
      expectInvalid(filter("contact_ids", operator, "a"), "contact_ids", /cannot be used on contact_ids/);
    }
  });

  it("refuses text operators on numbers, dates, booleans and ids", () => {
    for (const operator of ["~", "!~", "^", "$"]) {
      expectInvalid(filter("created_at", operator, "1"), "created_at", /cannot be used on created_at/);
      expectInvalid(filter("open", operator, "true"), "open", /cannot be used on open/);
      expectInvalid(
        filter("ticket_type_id", operator, "a"),
        "ticket_type_id",
        /cannot be used on ticket_type_id/,
      );
    }
  });

  it("allows only equality operators on fixed-choice fields", () => {
    expectInvalid(filter("category", "~", "req"), "category", /~ cannot be used on category/);
    expectInvalid(filter("state", "^", "sub"), "state", /\^ cannot be used on state/);
  });

  it("requires a list of 1 to 100 values for IN and NIN, and a single value otherwise", () => {
    expectInvalid(filter("id", "IN", "abc"), "id", /IN on id needs a list of 1 to 100 values/);
    expectInvalid(filter("id", "NIN", []), "id", /NIN on id needs a list/);
    expectInvalid(
      filter(
        "id",
        "IN",
        Array.from({ length: 101 }, (_, i) => `id-${i}`),
      ),
      "id",
      /needs a list of 1 to 100/,
    );
    expect(() =>
      parseTickets(
        filter(
          "id",
          "IN",
          Array.from({ length: 100 }, (_, i) => `id-${i}`),
        ),
      ),
    ).not.toThrow();
    expectInvalid(filter("title", "=", ["a", "b"]), "title", /takes a single value, not a list/);
    expectInvalid(filter("title", "IN", ["a", null]), "title", /null can only be used with = and !=/);
  });

  it("refuses values of the wrong type, naming the field", () => {
    expectInvalid(filter("created_at", ">", "yesterday"), "created_at", /created_at is a date/);
    expectInvalid(filter("created_at", "=", 1306054154.5), "created_at", /whole number/);
    expectInvalid(filter("open", "=", "yes"), "open", /open must be true or false/);
    expectInvalid(filter("title", "~", { a: 1 }), "title", /title must be compared with a string/);
    expectInvalid(filter("title", "~", null), "title", /null can only be used with = and !=/);
    expectInvalid(filter("id", "=", ""), "id", /non-empty id/);
    expectInvalid(filter("category", "=", "incident"), "category", /category must be one of: request, task/);
    expectInvalid(filter("state", "IN", ["submitted", "done"]), "state", /state must be one of/);
    expectInvalid(filter("title", "=", undefined), "title", /needs a value/);
    expectInvalid({ field: "title", operator: "=" }, "title", /needs a value/);
    expectInvalid(
      filter("ticket_attribute.0123456789abcdef01234567", ">", "big"),
      "ticket_attribute.0123456789abcdef01234567",
      /must be compared with a number/,
    );
  });

  it("refuses attribute ids that are not ours, which would otherwise reach the SQL", () => {
    expectInvalid(
      filter("ticket_attribute.x') or 1=1 --", "=", "a"),
      "ticket_attribute.x') or 1=1 --",
      /does not name a ticket attribute/,
    );
    expectInvalid(
      filter("ticket_attribute.0123456789ABCDEF01234567", "=", "a"),
      "ticket_attribute.0123456789ABCDEF01234567",
      /24 hexadecimal/,
    );
  });

  it("accepts numbers and dates sent as strings, as the official SDK does", () => {
    const parsed = parseTickets(filter("created_at", ">", "1306054154"));
    expect(parsed).toMatchObject({ kind: "filter", condition: { operator: ">=", value: 1306054154 } });
    expect(parseTickets(filter("open", "=", "false"))).toMatchObject({
      condition: { operator: "=", value: false },
    });
    expect(parseTickets(filter("open", "!=", true))).toMatchObject({
      condition: { operator: "!=", value: true },
    });
  });

  it("maps the API's ticket categories to the stored ones", () => {
    expect(
      parseTickets(filter("category", "IN", ["request", "task", "tracker", "back_office"])),
    ).toMatchObject({
      condition: { operator: "IN", value: ["customer", "back_office", "tracker", "back_office"] },
    });
  });

  it("accepts null with = and != only", () => {
    expect(parseTickets(filter("snoozed_until", "=", null))).toMatchObject({ condition: { value: null } });
    expectInvalid(filter("snoozed_until", ">", null), "snoozed_until", /null can only be used with = and !=/);
  });

  it("allows two levels of groups and refuses a third", () => {
    const twoLevels = group("AND", [filter("open", "=", true), group("OR", [filter("title", "~", "a")])]);
    expect(parseTickets(twoLevels)).toMatchObject({ kind: "group", operator: "AND" });
    const threeLevels = group("AND", [group("OR", [group("AND", [filter("title", "~", "a")])])]);
    expectInvalid(threeLevels, "query", /nested at most 2 levels/);
  });

  it("allows 15 filters in a group and refuses 16", () => {
    const filters = (n: number) => Array.from({ length: n }, (_, i) => filter("title", "~", `word${i}`));
    expect(parseTickets(group("OR", filters(15)))).toMatchObject({ kind: "group" });
    expectInvalid(group("OR", filters(16)), "query", /at most 15 filters/);
    expectInvalid(group("AND", [group("OR", filters(16))]), "query", /at most 15 filters/);
  });

  it("refuses empty groups, groups without AND/OR and shapeless input", () => {
    expectInvalid(group("AND", []), "query", /non-empty list/);
    expectInvalid(group("OR", "title"), "query", /non-empty list/);
    expectInvalid(group("XOR", [filter("title", "~", "a")]), "query", /"AND" or "OR"/);
    expectInvalid(undefined, "query", /query is required/);
    expectInvalid("title ~ a", "query", /must be an object/);
    expectInvalid(group("AND", [42]), "query", /must be an object/);
    expectInvalid(filter("", "=", "a"), "query", /non-empty string/);
  });

  it("reports a bad filter inside a group by its own field", () => {
    expectInvalid(
      group("AND", [filter("open", "=", true), filter("priority", "=", "high")]),
      "priority",
      /priority/,
    );
  });

  it("checks contact fields against the contact field map", () => {
    const error = errorOf(() => parseSearchQuery(filter("role", "=", "admin"), CONTACT_SEARCH_FIELDS));
    expect(error.field).toBe("role");
    expect(error.message).toMatch(/role must be one of: user, lead/);
    expect(errorOf(() => parseSearchQuery(filter("title", "=", "x"), CONTACT_SEARCH_FIELDS)).field).toBe(
      "title",
    );
  });
});

describe("search query SQL", () => {
  it("escapes %, _ and backslash in LIKE patterns", () => {
    expect(escapeLike("50%_off\\now")).toBe("50\\%\\_off\\\\now");
  });

  for (const dialect of ["sqlite", "postgres"] as const) {
    it(`matches case-insensitively with an escaped pattern (${dialect})`, () => {
      const compiled = compileTickets(filter("title", "~", "100%_Sure"), dialect);
      expect(compiled.sql).toContain("lower(");
      expect(compiled.sql).toContain("escape '\\'");
      expect(compiled.parameters).toEqual(["%100\\%\\_Sure%"]);
    });
  }

  it("anchors starts-with and ends-with patterns", () => {
    expect(compileTickets(filter("title", "^", "Print")).parameters).toEqual(["Print%"]);
    expect(compileTickets(filter("title", "$", "fire")).parameters).toEqual(["%fire"]);
  });

  it("compares dates as whole seconds in milliseconds", () => {
    expect(compileTickets(filter("created_at", "=", 1306054154)).parameters).toEqual([
      1306054154000, 1306054154999,
    ]);
    expect(compileTickets(filter("created_at", "<", "1306054154")).parameters).toEqual([1306054154999]);
    expect(compileTickets(filter("created_at", ">", 1306054154)).parameters).toEqual([1306054154000]);
  });

  it("binds booleans as 0/1", () => {
    expect(compileTickets(filter("open", "=", "true")).parameters).toEqual([1]);
    expect(compileTickets(filter("open", "=", false)).parameters).toEqual([0]);
  });

  it("reads ticket attributes with each dialect's JSON operator", () => {
    const field = "ticket_attribute.0123456789abcdef01234567";
    expect(compileTickets(filter(field, "=", "x"), "sqlite").sql).toContain(
      `json_extract("tickets"."attributes", '$."0123456789abcdef01234567"')`,
    );
    expect(compileTickets(filter(field, "=", "x"), "postgres").sql).toContain(
      `cast("tickets"."attributes" as jsonb) ->> '0123456789abcdef01234567'`,
    );
  });
});
