// Portal access rules: validation, the plain evaluator, and the SQL held to it over random people and rules.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newWorkspaceRow } from "../workspaces/workspaceCommands.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildCompany, buildContact, buildWorkspace } from "../../../test/factories.ts";
import type { Db } from "../../db/database.ts";
import type { MembershipRole } from "../../db/schema.ts";
import { updateCompany } from "../companies/companyCommands.ts";
import { updateContact } from "../contacts/contactCommands.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { JsonObject, JsonValue } from "../json.ts";
import { setPortalAccessRules } from "./accessRuleCommands.ts";
import {
  passesAccessRules,
  validateAccessRules,
  type AccessCompany,
  type AccessCondition,
  type AccessPerson,
  type AccessRuleSet,
} from "./accessRules.ts";
import {
  contactPassesAccessRules,
  loadPortalAccessRules,
  previewAccessRules,
} from "./accessRules.repository.ts";

const person = (over: Partial<AccessPerson> = {}): AccessPerson => ({
  email: "ann@acme.com",
  name: "Ann",
  external_id: "u1",
  role: "user",
  attributes: {},
  ...over,
});
const company = (over: Partial<AccessCompany> = {}): AccessCompany => ({
  name: "Acme",
  plan: "pro",
  size: 50,
  industry: null,
  website: null,
  monthly_spend: 120.5,
  attributes: {},
  ...over,
});
const rules = (match: "all" | "any", ...conditions: AccessCondition[]): AccessRuleSet => ({
  match,
  conditions,
});

describe("access rules (validation and the plain evaluator)", () => {
  it("lets every identified person in when there are no conditions", () => {
    expect(passesAccessRules(rules("any"), person(), [])).toBe(true);
    expect(passesAccessRules(validateAccessRules([]), person(), [])).toBe(true);
  });

  it("compares text ignoring case, numbers as numbers, and custom attributes by their JSON type", () => {
    const p = person({ attributes: { tier: "Gold", seats: 12, beta: true } });
    const holds = (c: AccessCondition) => passesAccessRules(rules("all", c), p, []);
    expect(holds({ target: "person", attribute: "email", operator: "contains", value: "@ACME.com" })).toBe(
      true,
    );
    expect(holds({ target: "person", attribute: "custom.tier", operator: "equals", value: "gold" })).toBe(
      true,
    );
    expect(holds({ target: "person", attribute: "custom.seats", operator: "greater_than", value: 10 })).toBe(
      true,
    );
    expect(holds({ target: "person", attribute: "custom.seats", operator: "equals", value: "12" })).toBe(
      false,
    );
    expect(holds({ target: "person", attribute: "custom.beta", operator: "equals", value: true })).toBe(true);
    expect(holds({ target: "person", attribute: "custom.missing", operator: "is_not_set" })).toBe(true);
    expect(holds({ target: "person", attribute: "custom.missing", operator: "not_equals", value: "x" })).toBe(
      true,
    );
  });

  it("holds a company condition when any of the person's companies satisfies it", () => {
    const plan = rules("all", {
      target: "company",
      attribute: "plan",
      operator: "equals",
      value: "enterprise",
    });
    expect(passesAccessRules(plan, person(), [company(), company({ plan: "Enterprise" })])).toBe(true);
    expect(passesAccessRules(plan, person(), [company()])).toBe(false);
    expect(passesAccessRules(plan, person(), [])).toBe(false);
  });

  it("matches all or any of the conditions", () => {
    const a: AccessCondition = { target: "person", attribute: "role", operator: "equals", value: "user" };
    const b: AccessCondition = { target: "person", attribute: "name", operator: "equals", value: "Bob" };
    expect(passesAccessRules(rules("all", a, b), person(), [])).toBe(false);
    expect(passesAccessRules(rules("any", a, b), person(), [])).toBe(true);
  });

  it("refuses malformed rules with the field at fault", () => {
    const refuse = (input: unknown, field: string) => {
      try {
        validateAccessRules(input);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).field).toBe(field);
        return;
      }
      throw new Error(`accepted ${JSON.stringify(input)}`);
    };
    refuse({ match: "some", conditions: [] }, "match");
    refuse({ match: "all" }, "conditions");
    refuse(
      { match: "all", conditions: [{ target: "team", attribute: "name", operator: "equals" }] },
      "conditions[0].target",
    );
    refuse(
      { match: "all", conditions: [{ target: "person", attribute: "plan", operator: "is_set" }] },
      "attribute",
    );
    refuse(
      { match: "all", conditions: [{ target: "person", attribute: 'custom.a"b', operator: "is_set" }] },
      "attribute",
    );
    refuse(
      { match: "all", conditions: [{ target: "person", attribute: "name", operator: "like" }] },
      "conditions[0].operator",
    );
    refuse(
      {
        match: "all",
        conditions: [{ target: "company", attribute: "size", operator: "contains", value: "5" }],
      },
      "conditions[0].value",
    );
    refuse(
      {
        match: "all",
        conditions: [{ target: "company", attribute: "size", operator: "equals", value: "5" }],
      },
      "conditions[0].value",
    );
    refuse(
      {
        match: "all",
        conditions: [{ target: "person", attribute: "name", operator: "greater_than", value: 3 }],
      },
      "conditions[0].value",
    );
    refuse(
      { match: "all", conditions: [{ target: "person", attribute: "name", operator: "equals" }] },
      "conditions[0].value",
    );
    refuse(
      { match: "all", conditions: [{ target: "person", attribute: "name", operator: "is_set", value: "x" }] },
      "conditions[0].value",
    );
    refuse(
      {
        match: "all",
        conditions: Array(21).fill({ target: "person", attribute: "name", operator: "is_set" }),
      },
      "conditions",
    );
  });
});

// ---- Random people, companies and rules ------------------------------------------------------------

const TEXTS = ["", "gold", "Gold", "GOLD", "golden", "élan", "ÉLAN", "Élan", "ann@acme.com", "BOB@ACME.COM"];
const NUMBERS = [-1, 0, 2.5, 10, 100];
const KEYS = ["tier", "seats", "beta"];

const jsonValueArb: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom(...TEXTS),
  fc.constantFrom(...NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.constant<JsonValue>([1]),
);
const attributesArb: fc.Arbitrary<JsonObject> = fc.dictionary(fc.constantFrom(...KEYS), jsonValueArb, {
  maxKeys: 3,
});
const textOrNull = fc.option(fc.constantFrom(...TEXTS), { freq: 4 });
const numberOrNull = fc.option(fc.constantFrom(...NUMBERS), { freq: 4 });

const personArb: fc.Arbitrary<AccessPerson> = fc.record({
  email: textOrNull,
  name: textOrNull,
  external_id: textOrNull,
  role: fc.constantFrom("user", "lead"),
  attributes: attributesArb,
});
const companyArb: fc.Arbitrary<AccessCompany> = fc.record({
  name: textOrNull,
  plan: textOrNull,
  size: fc.option(fc.constantFrom(0, 10, 100), { freq: 4 }),
  industry: textOrNull,
  website: textOrNull,
  monthly_spend: numberOrNull,
  attributes: attributesArb,
});

const worldArb = fc
  .record({
    people: fc.array(personArb, { minLength: 1, maxLength: 5 }),
    companies: fc.array(companyArb, { maxLength: 3 }),
  })
  .chain((w) =>
    fc.record({
      people: fc.constant(w.people),
      companies: fc.constant(w.companies),
      memberships:
        w.companies.length === 0
          ? fc.constant([] as Array<{ person: number; company: number }>)
          : fc.uniqueArray(
              fc.record({
                person: fc.integer({ min: 0, max: w.people.length - 1 }),
                company: fc.integer({ min: 0, max: w.companies.length - 1 }),
              }),
              { maxLength: 6, selector: (m) => `${m.person}/${m.company}` },
            ),
    }),
  );

const conditionArb: fc.Arbitrary<AccessCondition> = fc
  .record({
    target: fc.constantFrom<"person" | "company">("person", "company"),
    personAttribute: fc.constantFrom(
      "email",
      "name",
      "external_id",
      "role",
      ...KEYS.map((k) => `custom.${k}`),
    ),
    companyAttribute: fc.constantFrom(
      "name",
      "plan",
      "size",
      "industry",
      "website",
      "monthly_spend",
      ...KEYS.map((k) => `custom.${k}`),
    ),
    operator: fc.constantFrom(
      "equals",
      "not_equals",
      "contains",
      "is_set",
      "is_not_set",
      "greater_than",
      "less_than",
    ) as fc.Arbitrary<AccessCondition["operator"]>,
    value: fc.oneof(
      fc.constantFrom(...TEXTS, "old", "user", "lead"),
      fc.constantFrom(...NUMBERS),
      fc.boolean(),
    ),
  })
  .map(({ target, personAttribute, companyAttribute, operator, value }) => {
    const condition: AccessCondition = {
      target,
      attribute: target === "person" ? personAttribute : companyAttribute,
      operator,
    };
    return operator === "is_set" || operator === "is_not_set" ? condition : { ...condition, value };
  })
  .filter((condition) => {
    try {
      validateAccessRules({ match: "all", conditions: [condition] });
      return true;
    } catch {
      return false;
    }
  });

const rulesArb: fc.Arbitrary<AccessRuleSet> = fc.record({
  match: fc.constantFrom<"all" | "any">("all", "any"),
  conditions: fc.array(conditionArb, { maxLength: 3 }),
});

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

async function buildWorld(db: Db, world: World) {
  const now = Date.now();
  const workspaceId = newId();
  await db
    .insertInto("workspaces")
    .values(
      newWorkspaceRow({
        id: workspaceId,
        slug: `ar-${workspaceId}`,
        name: "Access rules world",
        created_at: now,
        updated_at: now,
      }),
    )
    .execute();
  const contactIds = world.people.map(() => newId());
  await db
    .insertInto("contacts")
    .values(
      world.people.map((p, i) => ({
        workspace_id: workspaceId,
        id: contactIds[i]!,
        external_id: p.external_id === null ? null : `${p.external_id}`,
        email: p.email,
        name: p.name,
        role: p.role as "user" | "lead",
        attributes: JSON.stringify(p.attributes),
        created_at: now + i,
        updated_at: now,
      })),
    )
    .execute();
  const companyIds = world.companies.map(() => newId());
  if (companyIds.length > 0) {
    await db
      .insertInto("companies")
      .values(
        world.companies.map((c, i) => ({
          workspace_id: workspaceId,
          id: companyIds[i]!,
          external_id: companyIds[i]!,
          name: c.name,
          plan: c.plan,
          size: c.size,
          website: c.website,
          industry: c.industry,
          monthly_spend: c.monthly_spend,
          attributes: JSON.stringify(c.attributes),
          portal_member_visibility: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  if (world.memberships.length > 0) {
    await db
      .insertInto("company_memberships")
      .values(
        world.memberships.map((m) => ({
          workspace_id: workspaceId,
          company_id: companyIds[m.company]!,
          contact_id: contactIds[m.person]!,
          role: "member" as MembershipRole,
          created_at: now,
        })),
      )
      .execute();
  }
  return { workspaceId, contactIds };
}

for (const dialect of testDialects()) {
  describe(`access rules in SQL (${dialect.name})`, () => {
    it("counts and lists exactly the people the plain evaluator lets in (300 random worlds)", async () => {
      const { db } = await dialect.db();
      let passed = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(worldArb, rulesArb, async (world, ruleSet) => {
          // External ids are unique per workspace: keep at most one person per value.
          world.people.forEach((p, i) => {
            if (p.external_id !== null) p.external_id = `${p.external_id}-${i}`;
          });
          const { workspaceId, contactIds } = await buildWorld(db, world);
          const expected = contactIds.filter((_, i) =>
            passesAccessRules(
              ruleSet,
              world.people[i]!,
              world.memberships.filter((m) => m.person === i).map((m) => world.companies[m.company]!),
            ),
          );
          const preview = await previewAccessRules(db, workspaceId, ruleSet, 100);
          expect(preview.total).toBe(contactIds.length);
          expect(preview.matching).toBe(expected.length);
          expect(preview.sample.map((s) => s.id).sort()).toEqual([...expected].sort());
          await db.transaction().execute((trx) => setPortalAccessRules(trx, workspaceId, ruleSet));
          for (const contactId of contactIds) {
            expect(await contactPassesAccessRules(db, workspaceId, contactId)).toBe(
              expected.includes(contactId),
            );
          }
          passed += expected.length;
          refused += contactIds.length - expected.length;
        }),
        { numRuns: 300 },
      );
      expect(passed).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(100);
    });

    it("stores validated rules, announces them, and previews the newest matching people first", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const enterprise = await buildCompany(db, ws, "Initech");
      await db
        .transaction()
        .execute((trx) => updateCompany(trx, ws.id, enterprise.id, { plan: "Enterprise" }));
      const first = await buildContact(db, ws, { companies: [enterprise] });
      await new Promise((resolve) => setTimeout(resolve, 2));
      const second = await buildContact(db, ws, { companies: [enterprise] });
      const outsider = await buildContact(db, ws);
      const input = {
        match: "all",
        conditions: [{ target: "company", attribute: "plan", operator: "equals", value: "enterprise" }],
      };

      expect(await contactPassesAccessRules(db, ws.id, outsider.id)).toBe(true);
      const stored = await db.transaction().execute((trx) => setPortalAccessRules(trx, ws.id, input));
      expect(await loadPortalAccessRules(db, ws.id)).toEqual(stored);
      const events = await db
        .selectFrom("events")
        .selectAll()
        .where("workspace_id", "=", ws.id)
        .where("type", "=", "workspace.updated")
        .execute();
      expect(events.map((e) => JSON.parse(e.payload))).toEqual([{ changed: ["portal_access_rules"] }]);

      expect(await contactPassesAccessRules(db, ws.id, first.id)).toBe(true);
      expect(await contactPassesAccessRules(db, ws.id, outsider.id)).toBe(false);
      expect(await contactPassesAccessRules(db, ws.id, newId())).toBe(false);
      const preview = await previewAccessRules(db, ws.id, stored, 1);
      expect(preview).toEqual({
        matching: 2,
        total: 3,
        sample: [{ id: second.id, name: second.name, email: second.email }],
      });
    });

    it("reads custom person attributes, and refuses invalid rules without storing them", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const beta = await buildContact(db, ws);
      await db
        .transaction()
        .execute((trx) => updateContact(trx, ws.id, beta.id, { attributes: { beta: true } }));
      const other = await buildContact(db, ws);
      await db.transaction().execute((trx) =>
        setPortalAccessRules(trx, ws.id, {
          match: "any",
          conditions: [{ target: "person", attribute: "custom.beta", operator: "equals", value: true }],
        }),
      );
      expect(await contactPassesAccessRules(db, ws.id, beta.id)).toBe(true);
      expect(await contactPassesAccessRules(db, ws.id, other.id)).toBe(false);
      await expect(
        db
          .transaction()
          .execute((trx) => setPortalAccessRules(trx, ws.id, { match: "all", conditions: "x" })),
      ).rejects.toThrow(DomainError);
      expect((await loadPortalAccessRules(db, ws.id)).match).toBe("any");
    });
  });
}
