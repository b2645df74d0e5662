// Portal access rules: which identified people may use the Tickets portal. Types, validation and the plain evaluator.
//
// A rule set matches "all" or "any" of its conditions; an empty set lets every identified person in. A
// condition reads one attribute of the person, or of their companies (then it holds when ANY of the person's
// companies satisfies it). Comparisons are typed: a string value compares with string attributes (ignoring
// ASCII case), a number with numbers, a boolean with booleans. The SQL in accessRules.repository.ts is
// property-tested against `passesAccessRules`, so both must keep exactly these semantics.
import { invalid } from "../errors.ts";
import type { JsonObject, JsonValue } from "../json.ts";

export type AccessRuleTarget = "person" | "company";
export const ACCESS_RULE_TARGETS: readonly AccessRuleTarget[] = ["person", "company"];

export type AccessRuleOperator =
  "equals" | "not_equals" | "contains" | "is_set" | "is_not_set" | "greater_than" | "less_than";
export const ACCESS_RULE_OPERATORS: readonly AccessRuleOperator[] = [
  "equals",
  "not_equals",
  "contains",
  "is_set",
  "is_not_set",
  "greater_than",
  "less_than",
];

export type AccessRuleValue = string | number | boolean;

export interface AccessCondition {
  target: AccessRuleTarget;
  /** A built-in attribute (see PERSON_ATTRIBUTES, COMPANY_ATTRIBUTES) or `custom.<key>`. */
  attribute: string;
  operator: AccessRuleOperator;
  value?: AccessRuleValue;
}

export interface AccessRuleSet {
  match: "all" | "any";
  conditions: AccessCondition[];
}

export const EMPTY_ACCESS_RULES: AccessRuleSet = { match: "all", conditions: [] };
export const MAX_ACCESS_CONDITIONS = 20;
const MAX_VALUE_LENGTH = 255;

type ColumnType = "string" | "number";

export const PERSON_ATTRIBUTES = {
  email: "string",
  name: "string",
  external_id: "string",
  role: "string",
} as const satisfies Record<string, ColumnType>;

export const COMPANY_ATTRIBUTES = {
  name: "string",
  plan: "string",
  size: "number",
  industry: "string",
  website: "string",
  monthly_spend: "number",
} as const satisfies Record<string, ColumnType>;

export type PersonColumn = keyof typeof PERSON_ATTRIBUTES;
export type CompanyColumn = keyof typeof COMPANY_ATTRIBUTES;

/** Where a condition's attribute lives: a typed column, or a key of the `attributes` JSON document. */
export type AttributeRef =
  { kind: "column"; column: string; type: ColumnType } | { kind: "custom"; key: string };

/** Keys are written into JSON paths, so they keep to a plain alphabet. */
const CUSTOM_KEY = /^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$/;
const CUSTOM_PREFIX = "custom.";

export function resolveAttribute(target: AccessRuleTarget, attribute: string): AttributeRef {
  if (attribute.startsWith(CUSTOM_PREFIX)) {
    const key = attribute.slice(CUSTOM_PREFIX.length);
    if (!CUSTOM_KEY.test(key)) {
      throw invalid(
        "attribute",
        `${attribute} is not a custom attribute name (letters, digits, _ . - and spaces, at most 64)`,
      );
    }
    return { kind: "custom", key };
  }
  const columns: Record<string, ColumnType> = target === "person" ? PERSON_ATTRIBUTES : COMPANY_ATTRIBUTES;
  const type = Object.hasOwn(columns, attribute) ? columns[attribute] : undefined;
  if (!type) {
    throw invalid(
      "attribute",
      `${attribute} is not a ${target} attribute: use one of ${Object.keys(columns).join(", ")} or custom.<name>`,
    );
  }
  return { kind: "column", column: attribute, type };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validateCondition(raw: unknown, index: number): AccessCondition {
  const where = `conditions[${index}]`;
  if (!isRecord(raw)) throw invalid(where, `${where} must be an object`);
  const target = ACCESS_RULE_TARGETS.find((t) => t === raw.target);
  if (!target) throw invalid(`${where}.target`, `${where}.target must be "person" or "company"`);
  if (typeof raw.attribute !== "string") {
    throw invalid(`${where}.attribute`, `${where}.attribute must be a string`);
  }
  const ref = resolveAttribute(target, raw.attribute);
  const operator = ACCESS_RULE_OPERATORS.find((o) => o === raw.operator);
  if (!operator) {
    throw invalid(
      `${where}.operator`,
      `${where}.operator must be one of ${ACCESS_RULE_OPERATORS.join(", ")}`,
    );
  }
  const condition: AccessCondition = { target, attribute: raw.attribute, operator };
  const value = raw.value;
  const bad = (expected: string) =>
    invalid(`${where}.value`, `${where}: ${operator} on ${raw.attribute} needs ${expected}`);
  switch (operator) {
    case "is_set":
    case "is_not_set":
      if (value !== undefined && value !== null) throw bad("no value");
      return condition;
    case "contains":
      if (typeof value !== "string" || value === "" || (ref.kind === "column" && ref.type !== "string")) {
        throw bad("a non-empty text value, on a text attribute");
      }
      break;
    case "greater_than":
    case "less_than":
      if (
        typeof value !== "number" ||
        !Number.isFinite(value) ||
        (ref.kind === "column" && ref.type !== "number")
      ) {
        throw bad("a number value, on a numeric attribute");
      }
      break;
    case "equals":
    case "not_equals":
      if (ref.kind === "column") {
        if (ref.type === "string" && typeof value !== "string") throw bad("a text value");
        if (ref.type === "number" && (typeof value !== "number" || !Number.isFinite(value)))
          throw bad("a number");
      } else if (
        typeof value !== "boolean" &&
        typeof value !== "string" &&
        (typeof value !== "number" || !Number.isFinite(value))
      ) {
        throw bad("a text, number or boolean value");
      }
      break;
  }
  if (typeof value === "string" && value.length > MAX_VALUE_LENGTH) {
    throw bad(`a value of at most ${MAX_VALUE_LENGTH} characters`);
  }
  return { ...condition, value: value as AccessRuleValue };
}

/** Checks a rule set from the outside world and returns it in its stored shape. */
export function validateAccessRules(input: unknown): AccessRuleSet {
  // A bare list of conditions (the column's original default "[]") means "match all of them".
  const raw: unknown = Array.isArray(input) ? { match: "all", conditions: input } : input;
  if (!isRecord(raw)) throw invalid("rules", "the access rules must be an object with match and conditions");
  if (raw.match !== "all" && raw.match !== "any") throw invalid("match", 'match must be "all" or "any"');
  if (!Array.isArray(raw.conditions)) throw invalid("conditions", "conditions must be a list");
  if (raw.conditions.length > MAX_ACCESS_CONDITIONS) {
    throw invalid("conditions", `a rule set has at most ${MAX_ACCESS_CONDITIONS} conditions`);
  }
  return { match: raw.match, conditions: raw.conditions.map(validateCondition) };
}

/** The stored document (workspaces.portal_access_rules); a corrupt one is a server bug and throws. */
export function parseStoredAccessRules(text: string): AccessRuleSet {
  return validateAccessRules(JSON.parse(text) as unknown);
}

// ---- The plain evaluator: the model the SQL is held to ---------------------------------------------

/** Lower-cases A-Z only: SQLite's lower() does no more, so both dialects and this model agree on any text. */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export interface AccessPerson {
  email: string | null;
  name: string | null;
  external_id: string | null;
  role: string;
  attributes: JsonObject;
}

export interface AccessCompany {
  name: string | null;
  plan: string | null;
  size: number | null;
  industry: string | null;
  website: string | null;
  monthly_spend: number | null;
  attributes: JsonObject;
}

type Typed =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "other" }
  | null;

function typed(value: JsonValue | undefined): Typed {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return { kind: "string", value };
  if (typeof value === "number") return { kind: "number", value };
  if (typeof value === "boolean") return { kind: "boolean", value };
  return { kind: "other" };
}

function attributeOf(ref: AttributeRef, record: AccessPerson | AccessCompany): Typed {
  if (ref.kind === "custom") return typed(record.attributes[ref.key]);
  return typed((record as unknown as Record<string, string | number | null>)[ref.column]);
}

function equalsValue(attribute: Typed, value: AccessRuleValue | undefined): boolean {
  if (attribute === null || value === undefined) return false;
  switch (typeof value) {
    case "string":
      return attribute.kind === "string" && lowerAscii(attribute.value) === lowerAscii(value);
    case "number":
      return attribute.kind === "number" && attribute.value === value;
    case "boolean":
      return attribute.kind === "boolean" && attribute.value === value;
  }
}

function isSet(attribute: Typed): boolean {
  return attribute !== null && !(attribute.kind === "string" && attribute.value === "");
}

export function conditionHolds(condition: AccessCondition, record: AccessPerson | AccessCompany): boolean {
  const attribute = attributeOf(resolveAttribute(condition.target, condition.attribute), record);
  const value = condition.value;
  switch (condition.operator) {
    case "equals":
      return equalsValue(attribute, value);
    case "not_equals":
      return !equalsValue(attribute, value);
    case "contains":
      return (
        attribute?.kind === "string" &&
        typeof value === "string" &&
        lowerAscii(attribute.value).includes(lowerAscii(value))
      );
    case "greater_than":
      return attribute?.kind === "number" && typeof value === "number" && attribute.value > value;
    case "less_than":
      return attribute?.kind === "number" && typeof value === "number" && attribute.value < value;
    case "is_set":
      return isSet(attribute);
    case "is_not_set":
      return !isSet(attribute);
  }
}

/** Whether a person (with their companies) passes the rule set. */
export function passesAccessRules(
  rules: AccessRuleSet,
  person: AccessPerson,
  companies: readonly AccessCompany[],
): boolean {
  if (rules.conditions.length === 0) return true;
  const holds = (c: AccessCondition) =>
    c.target === "person"
      ? conditionHolds(c, person)
      : companies.some((company) => conditionHolds(c, company));
  return rules.match === "all" ? rules.conditions.every(holds) : rules.conditions.some(holds);
}
