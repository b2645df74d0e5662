// The search DSL of API.md as a small compiler: a query is validated against an aggregate's field map, then turned into a Kysely boolean expression.
//
// Decisions the DSL leaves open, taken here once for every aggregate:
// - Negations (`!=`, `NIN`, `!~`) also match rows where the field is null: "title does not contain x" includes
//   tickets without a title. `= null` / `!= null` test for null explicitly.
// - `=` and `IN` on strings are exact (case-sensitive); `~ !~ ^ $` are case-insensitive on both dialects
//   (`lower(col) like lower(pattern)`, since PostgreSQL LIKE is case-sensitive), with `%`, `_` and `\` escaped.
// - Dates are unix seconds in the API and milliseconds in the database, compared at whole-second precision:
//   `= v` is ms in [v*1000, v*1000+999], `<= v` is ms <= v*1000+999, `>= v` is ms >= v*1000.
// - `<` and `>` are inclusive (Intercom's contract), so they mean `<=` and `>=`.
// - `ticket_attribute.<id>` fields ("attribute" type) compare the stored JSON value as text for `=`, `!=`, `IN`,
//   `NIN` and the string operators (numbers as their decimal text, booleans as "true"/"false"), and
//   numerically for `<`, `>`, `<=`, `>=`, where only number-valued attributes (integer, decimal, datetime in unix
//   seconds) can match.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { invalid } from "../errors.ts";

export const MAX_NESTING = 2;
export const MAX_GROUP_SIZE = 15;
export const MAX_LIST_VALUES = 100;

export type SearchOperator = "=" | "!=" | "IN" | "NIN" | "<" | ">" | "<=" | ">=" | "~" | "!~" | "^" | "$";
const SEARCH_OPERATORS: readonly SearchOperator[] = [
  "=",
  "!=",
  "IN",
  "NIN",
  "<",
  ">",
  "<=",
  ">=",
  "~",
  "!~",
  "^",
  "$",
];

/** "attribute" is a ticket attribute of any data type: see the module comment for how it compares. */
export type FieldType = "string" | "number" | "date" | "boolean" | "id" | "attribute";

const EQUALITY: readonly SearchOperator[] = ["=", "!=", "IN", "NIN"];
const ORDERING: readonly SearchOperator[] = ["<", ">", "<=", ">="];
const TEXT: readonly SearchOperator[] = ["~", "!~", "^", "$"];

function operatorsOf(type: FieldType): readonly SearchOperator[] {
  switch (type) {
    case "string":
      return [...EQUALITY, ...TEXT];
    case "number":
    case "date":
      return [...EQUALITY, ...ORDERING];
    case "boolean":
    case "id":
      return EQUALITY;
    case "attribute":
      return SEARCH_OPERATORS;
  }
}

export type ScalarValue = string | number | boolean;

/**
 * A validated filter condition. Values keep API units (dates in unix seconds), are typed by the field
 * (strings for string and id fields, numbers for number and date fields, booleans for boolean fields;
 * attribute fields get text, or numbers for ordering), and are already mapped through a field's `values`.
 * `<` and `>` arrive as `<=` and `>=`.
 */
export type Condition =
  | { operator: "=" | "!="; value: ScalarValue | null }
  | { operator: "IN" | "NIN"; value: ScalarValue[] }
  | { operator: "<=" | ">="; value: number }
  | { operator: "~" | "!~" | "^" | "$"; value: string };

export interface CompileContext {
  dialect: Dialect;
  /** The time "now" for fields derived from it (a conversation's snoozed state), unix ms. */
  now: number;
}

type Eb<TB extends keyof Database> = ExpressionBuilder<Database, TB>;

interface FieldBase {
  type: FieldType;
  /**
   * Closed vocabulary: accepted API value -> stored value. A field with values takes only `=`, `!=`, `IN`,
   * `NIN`, and any other value is refused.
   */
  values?: Readonly<Record<string, string>>;
}

/** A field that is one column (a qualified name such as "tickets.title") or one scalar expression. */
export interface ColumnField<TB extends keyof Database> extends FieldBase {
  column: string | ((eb: Eb<TB>, ctx: CompileContext) => Expression<unknown>);
}

/** A field with its own SQL (existence in another table, a derived state). */
export interface ComputedField<TB extends keyof Database> extends FieldBase {
  compile: (eb: Eb<TB>, condition: Condition, ctx: CompileContext) => Expression<SqlBool>;
}

export type FieldDefinition<TB extends keyof Database> = ColumnField<TB> | ComputedField<TB>;

export interface SearchFields<TB extends keyof Database> {
  fields: Readonly<Record<string, FieldDefinition<TB>>>;
  /**
   * Dynamic fields named `<prefix><suffix>` (`ticket_attribute.<id>`): the function checks the suffix,
   * throwing `invalid(field, ...)` when it is not acceptable, and defines the field.
   */
  prefixed?: Readonly<Record<string, (suffix: string, field: string) => FieldDefinition<TB>>>;
}

export type ParsedSearch<TB extends keyof Database> =
  | { kind: "filter"; field: string; definition: FieldDefinition<TB>; condition: Condition }
  | { kind: "group"; operator: "AND" | "OR"; children: ParsedSearch<TB>[] };

// ---------------------------------------------------------------------------------------------------------
// Validation

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Validates a query from a request body; every problem is a 400 parameter_invalid naming the field or "query". */
export function parseSearchQuery<TB extends keyof Database>(
  input: unknown,
  fields: SearchFields<TB>,
): ParsedSearch<TB> {
  if (input === undefined || input === null) throw invalid("query", "query is required");
  return parseNode(input, fields, 1);
}

function parseNode<TB extends keyof Database>(
  node: unknown,
  fields: SearchFields<TB>,
  level: number,
): ParsedSearch<TB> {
  if (!isRecord(node)) {
    throw invalid("query", "each part of the query must be an object: {field, operator, value} or a group");
  }
  if (node.field !== undefined) return parseFilter(node, fields);
  const operator = typeof node.operator === "string" ? node.operator.toUpperCase() : node.operator;
  if (operator !== "AND" && operator !== "OR") {
    throw invalid("query", 'a filter needs a field, and a group needs the operator "AND" or "OR"');
  }
  if (level > MAX_NESTING) {
    throw invalid("query", `groups can be nested at most ${MAX_NESTING} levels deep`);
  }
  if (!Array.isArray(node.value) || node.value.length === 0) {
    throw invalid("query", `an ${operator} group needs a non-empty list of filters as its value`);
  }
  if (node.value.length > MAX_GROUP_SIZE) {
    throw invalid("query", `an ${operator} group can hold at most ${MAX_GROUP_SIZE} filters or groups`);
  }
  return {
    kind: "group",
    operator,
    children: node.value.map((child: unknown) => parseNode(child, fields, level + 1)),
  };
}

function findField<TB extends keyof Database>(fields: SearchFields<TB>, field: string): FieldDefinition<TB> {
  if (Object.hasOwn(fields.fields, field)) return fields.fields[field]!;
  for (const [prefix, define] of Object.entries(fields.prefixed ?? {})) {
    if (field.startsWith(prefix)) return define(field.slice(prefix.length), field);
  }
  throw invalid(field, `${field} is not a field that can be searched`);
}

function parseOperator(raw: unknown, field: string): SearchOperator {
  const operator = typeof raw === "string" ? raw.toUpperCase() : raw;
  const known = SEARCH_OPERATORS.find((o) => o === operator);
  if (known) return known;
  if (operator === "AND" || operator === "OR") {
    throw invalid(
      field,
      `${String(operator)} combines filters and cannot be the operator of the field ${field}`,
    );
  }
  throw invalid(field, `${JSON.stringify(raw) ?? "undefined"} is not a search operator (field ${field})`);
}

function parseFilter<TB extends keyof Database>(
  node: JsonRecord,
  fields: SearchFields<TB>,
): ParsedSearch<TB> {
  const field = node.field;
  if (typeof field !== "string" || field === "") {
    throw invalid("query", "a filter's field must be a non-empty string");
  }
  const definition = findField(fields, field);
  const operator = parseOperator(node.operator, field);
  const allowed = definition.values ? EQUALITY : operatorsOf(definition.type);
  if (!allowed.includes(operator)) {
    throw invalid(
      field,
      `the operator ${operator} cannot be used on ${field} (a ${definition.values ? "fixed-choice" : definition.type} field); use one of ${allowed.join(" ")}`,
    );
  }
  if (node.value === undefined) throw invalid(field, `the filter on ${field} needs a value`);
  const value = node.value;
  const condition = parseCondition(definition, field, operator, value);
  return { kind: "filter", field, definition, condition };
}

function parseCondition(
  definition: FieldBase,
  field: string,
  operator: SearchOperator,
  value: unknown,
): Condition {
  if (operator === "IN" || operator === "NIN") {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_VALUES) {
      throw invalid(field, `${operator} on ${field} needs a list of 1 to ${MAX_LIST_VALUES} values`);
    }
    return { operator, value: value.map((v: unknown) => parseScalar(definition, field, operator, v)) };
  }
  if (Array.isArray(value)) {
    throw invalid(
      field,
      `the operator ${operator} on ${field} takes a single value, not a list (use IN or NIN)`,
    );
  }
  if (value === null && operator !== "=" && operator !== "!=") {
    throw invalid(field, `null can only be used with = and != (field ${field})`);
  }
  switch (operator) {
    case "=":
    case "!=":
      return { operator, value: value === null ? null : parseScalar(definition, field, operator, value) };
    case "<":
    case ">":
    case "<=":
    case ">=": {
      const bound = definition.type === "date" ? parseDate(field, value) : parseNumber(field, value);
      return { operator: operator === "<" || operator === "<=" ? "<=" : ">=", value: bound };
    }
    case "~":
    case "!~":
    case "^":
    case "$":
      return { operator, value: parseText(field, value) };
  }
}

function parseScalar(
  definition: FieldBase,
  field: string,
  operator: SearchOperator,
  value: unknown,
): ScalarValue {
  if (value === null) throw invalid(field, `null can only be used with = and != (field ${field})`);
  switch (definition.type) {
    case "string":
    case "id": {
      const text = parseText(field, value);
      if (definition.type === "id" && text === "") throw invalid(field, `${field} must be a non-empty id`);
      if (!definition.values) return text;
      if (Object.hasOwn(definition.values, text)) return definition.values[text]!;
      throw invalid(field, `${field} must be one of: ${Object.keys(definition.values).join(", ")}`);
    }
    case "number":
      return parseNumber(field, value);
    case "date":
      return parseDate(field, value);
    case "boolean":
      if (value === true || value === "true") return true;
      if (value === false || value === "false") return false;
      throw invalid(field, `${field} must be true or false`);
    case "attribute":
      if (typeof value === "boolean") return String(value);
      if (typeof value === "number" || typeof value === "string") return parseText(field, value);
      throw invalid(
        field,
        `${field} must be compared with a string, a number or a boolean (operator ${operator})`,
      );
  }
}

function parseText(field: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw invalid(field, `${field} must be compared with a string`);
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

function parseNumber(field: string, value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && NUMERIC.test(value.trim())) return Number(value);
  throw invalid(field, `${field} must be compared with a number`);
}

function parseDate(field: string, value: unknown): number {
  const seconds =
    typeof value === "number"
      ? value
      : typeof value === "string" && INTEGER.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(seconds) || !Number.isSafeInteger(seconds * 1000 + 999)) {
    throw invalid(field, `${field} is a date: give unix seconds as a whole number`);
  }
  return seconds;
}

// ---------------------------------------------------------------------------------------------------------
// Compilation

/** Turns a validated query into a boolean expression over the aggregate's table. */
export function compileSearchQuery<TB extends keyof Database>(
  eb: Eb<TB>,
  parsed: ParsedSearch<TB>,
  ctx: CompileContext,
): Expression<SqlBool> {
  if (parsed.kind === "group") {
    const parts = parsed.children.map((child) => compileSearchQuery(eb, child, ctx));
    return parsed.operator === "AND" ? eb.and(parts) : eb.or(parts);
  }
  const { definition, condition } = parsed;
  if ("compile" in definition) return definition.compile(eb, condition, ctx);
  const target =
    typeof definition.column === "string" ? sql.ref(definition.column) : definition.column(eb, ctx);
  return compileCondition(target, definition.type, condition);
}

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

export const not = (e: Expression<SqlBool>) => sql<SqlBool>`not (${e})`;
export const anyOf = (parts: readonly Expression<SqlBool>[]) =>
  parts.length === 0 ? FALSE : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
export const allOf = (parts: readonly Expression<SqlBool>[]) =>
  parts.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
const isNull = (target: Expression<unknown>) => sql<SqlBool>`${target} is null`;
const isNotNull = (target: Expression<unknown>) => sql<SqlBool>`${target} is not null`;
/** A negation that also matches rows where the target is null (see the module comment). */
const nullOr = (target: Expression<unknown>, e: Expression<SqlBool>) =>
  sql<SqlBool>`(${target} is null or ${e})`;

/** `%`, `_` and the escape character itself match literally in the user's value. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function like(target: Expression<unknown>, pattern: string) {
  return sql<SqlBool>`lower(${target}) like lower(cast(${pattern} as text)) escape '\\'`;
}

function storedScalar(type: FieldType, value: ScalarValue): ScalarValue {
  // Booleans are stored as 0/1 integers (better-sqlite3 refuses to bind a boolean).
  if (type === "boolean") return value === true ? 1 : 0;
  return value;
}

/** One date second as a millisecond range. */
function withinSecond(target: Expression<unknown>, seconds: number) {
  return sql<SqlBool>`${target} between ${seconds * 1000} and ${seconds * 1000 + 999}`;
}

/** The comparison of one value (a column or a scalar expression) with a condition. */
export function compileCondition(
  target: Expression<unknown>,
  type: FieldType,
  condition: Condition,
): Expression<SqlBool> {
  switch (condition.operator) {
    case "=":
    case "!=": {
      const { value } = condition;
      if (value === null) return condition.operator === "=" ? isNull(target) : isNotNull(target);
      const equal =
        type === "date"
          ? withinSecond(target, Number(value))
          : sql<SqlBool>`${target} = ${storedScalar(type, value)}`;
      return condition.operator === "=" ? equal : nullOr(target, not(equal));
    }
    case "IN":
    case "NIN": {
      const inList =
        type === "date"
          ? anyOf(condition.value.map((v) => withinSecond(target, Number(v))))
          : sql<SqlBool>`${target} in (${sql.join(condition.value.map((v) => storedScalar(type, v)))})`;
      return condition.operator === "IN" ? inList : nullOr(target, not(inList));
    }
    case "<=":
      return sql<SqlBool>`${target} <= ${type === "date" ? condition.value * 1000 + 999 : condition.value}`;
    case ">=":
      return sql<SqlBool>`${target} >= ${type === "date" ? condition.value * 1000 : condition.value}`;
    case "~":
      return like(target, `%${escapeLike(condition.value)}%`);
    case "!~":
      return nullOr(target, not(like(target, `%${escapeLike(condition.value)}%`)));
    case "^":
      return like(target, `${escapeLike(condition.value)}%`);
    case "$":
      return like(target, `%${escapeLike(condition.value)}`);
  }
}

function unsupported(field: string, operator: SearchOperator): never {
  throw invalid(field, `the operator ${operator} cannot be used on ${field}`);
}

/**
 * A to-many field (a ticket's contacts): `=` / `IN` mean "has one of these", `!=` / `NIN` "has none of these";
 * `= null` means "has none at all" and `!= null` "has at least one". `has(null)` must test for any member, and
 * `has` must never be null in SQL (use exists, or guard nullable columns with "is not null"): it is negated.
 */
export function compileMembership(
  field: string,
  condition: Condition,
  has: (ids: readonly string[] | null) => Expression<SqlBool>,
): Expression<SqlBool> {
  switch (condition.operator) {
    case "=":
      return condition.value === null ? not(has(null)) : has([String(condition.value)]);
    case "!=":
      return condition.value === null ? has(null) : not(has([String(condition.value)]));
    case "IN":
      return has(condition.value.map(String));
    case "NIN":
      return not(has(condition.value.map(String)));
    default:
      return unsupported(field, condition.operator);
  }
}

/**
 * A field with a closed set of values each defined by a predicate (a conversation's state); null matches none.
 * Predicates must never be null in SQL, since != and NIN negate them.
 */
export function compileChoice(
  field: string,
  condition: Condition,
  predicate: (value: string) => Expression<SqlBool>,
): Expression<SqlBool> {
  switch (condition.operator) {
    case "=":
      return condition.value === null ? FALSE : predicate(String(condition.value));
    case "!=":
      return condition.value === null ? TRUE : not(predicate(String(condition.value)));
    case "IN":
      return anyOf(condition.value.map((v) => predicate(String(v))));
    case "NIN":
      return not(anyOf(condition.value.map((v) => predicate(String(v)))));
    default:
      return unsupported(field, condition.operator);
  }
}

/** An admin assignee column, where "0" (as in Intercom's responses) and null both mean "unassigned". */
export function compileAssignee(
  field: string,
  target: Expression<unknown>,
  condition: Condition,
): Expression<SqlBool> {
  const unassigned = (v: ScalarValue | null) => v === null || v === "0";
  switch (condition.operator) {
    case "=":
      return unassigned(condition.value) ? isNull(target) : sql<SqlBool>`${target} = ${condition.value}`;
    case "!=":
      return unassigned(condition.value)
        ? isNotNull(target)
        : nullOr(target, sql<SqlBool>`${target} <> ${condition.value}`);
    case "IN":
    case "NIN": {
      const ids = condition.value.filter((v) => !unassigned(v));
      const inIds = ids.length > 0 ? sql<SqlBool>`${target} in (${sql.join(ids)})` : FALSE;
      const includesUnassigned = condition.value.some(unassigned);
      if (condition.operator === "IN") return includesUnassigned ? anyOf([isNull(target), inIds]) : inIds;
      return includesUnassigned ? allOf([isNotNull(target), not(inIds)]) : nullOr(target, not(inIds));
    }
    default:
      return unsupported(field, condition.operator);
  }
}

const ATTRIBUTE_ID = /^[0-9a-f]{24}$/;

/**
 * `ticket_attribute.<attribute id>` over a JSON text column keyed by attribute id. The id is checked against
 * the shape of our ids before it is written into the SQL as a literal.
 */
export function attributeField<TB extends keyof Database>(column: string) {
  return (attributeId: string, field: string): ComputedField<TB> => {
    if (!ATTRIBUTE_ID.test(attributeId)) {
      throw invalid(
        field,
        `${field} does not name a ticket attribute: the id must be 24 hexadecimal characters`,
      );
    }
    return {
      type: "attribute",
      compile: (_eb, condition, ctx) =>
        condition.operator === "<=" || condition.operator === ">="
          ? compileCondition(attributeNumber(column, attributeId, ctx.dialect), "number", condition)
          : compileCondition(attributeText(column, attributeId, ctx.dialect), "string", condition),
    };
  };
}

/** The attribute's value as text, the same on both dialects (booleans "true"/"false", numbers in decimal). */
function attributeText(column: string, attributeId: string, dialect: Dialect): Expression<string | null> {
  const ref = sql.ref(column);
  switch (dialect) {
    case "postgres":
      return sql<string | null>`(cast(${ref} as jsonb) ->> ${sql.lit(attributeId)})`;
    case "sqlite": {
      const path = sql.lit(`$."${attributeId}"`);
      return sql<
        string | null
      >`(case json_type(${ref}, ${path}) when 'true' then 'true' when 'false' then 'false' else cast(json_extract(${ref}, ${path}) as text) end)`;
    }
  }
}

/** The attribute's value as a number, or null when it is not a JSON number (never a cast error). */
function attributeNumber(column: string, attributeId: string, dialect: Dialect): Expression<number | null> {
  const ref = sql.ref(column);
  switch (dialect) {
    case "postgres": {
      const id = sql.lit(attributeId);
      return sql<
        number | null
      >`(case when jsonb_typeof(cast(${ref} as jsonb) -> ${id}) = 'number' then cast(cast(${ref} as jsonb) ->> ${id} as numeric) end)`;
    }
    case "sqlite": {
      const path = sql.lit(`$."${attributeId}"`);
      return sql<
        number | null
      >`(case when json_type(${ref}, ${path}) in ('integer', 'real') then json_extract(${ref}, ${path}) end)`;
    }
  }
}
