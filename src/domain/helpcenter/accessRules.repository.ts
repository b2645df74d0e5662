// Portal access rules in SQL: who passes, and the admin's preview (how many of the workspace's people match).
//
// The rule set compiles to one predicate over `contacts as p`; JSON attributes are read per dialect (SQLite
// json_type/json_extract, PostgreSQL ::jsonb). Every condition compiles to a two-valued boolean (never NULL),
// so negations and "any company" keep the semantics of the plain evaluator in accessRules.ts.
import { PostgresAdapter, sql, type RawBuilder, type SqlBool } from "kysely";
import type { Executor } from "../../db/database.ts";
import { notFound } from "../errors.ts";
import {
  lowerAscii,
  parseStoredAccessRules,
  resolveAttribute,
  type AccessCondition,
  type AccessRuleSet,
  type AttributeRef,
} from "./accessRules.ts";

type Dialect = "sqlite" | "postgres";
type Expr<T> = RawBuilder<T>;

function dialectOf(db: Executor): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** One attribute's value by type: each is NULL unless the value has that type. */
interface AttributeSql {
  text: Expr<string | null>;
  number: Expr<number | null>;
  /** 'true' / 'false' for JSON booleans (columns are never boolean). */
  boolean: Expr<string | null>;
  /** Present and not the empty string. */
  isSet: Expr<SqlBool>;
}

const NULL = sql<null>`null`;

function attributeSql(dialect: Dialect, alias: "p" | "c", ref: AttributeRef): AttributeSql {
  if (ref.kind === "column") {
    const column = sql.ref(`${alias}.${ref.column}`);
    return ref.type === "string"
      ? {
          text: sql<string | null>`${column}`,
          number: NULL,
          boolean: NULL,
          isSet: sql<SqlBool>`(${column} is not null and ${column} <> '')`,
        }
      : {
          text: NULL,
          number: sql<number | null>`${column}`,
          boolean: NULL,
          isSet: sql<SqlBool>`(${column} is not null)`,
        };
  }
  const document = sql.ref(`${alias}.attributes`);
  if (dialect === "postgres") {
    const json = sql`(cast(${document} as jsonb) -> ${ref.key})`;
    const text = sql`(cast(${document} as jsonb) ->> ${ref.key})`;
    const type = sql`jsonb_typeof(${json})`;
    return {
      text: sql<string | null>`(case when ${type} = 'string' then ${text} end)`,
      number: sql<number | null>`(case when ${type} = 'number' then cast(${text} as double precision) end)`,
      boolean: sql<string | null>`(case when ${type} = 'boolean' then ${text} end)`,
      isSet: sql<SqlBool>`(${type} is not null and ${type} <> 'null' and not (${type} = 'string' and ${text} = ''))`,
    };
  }
  const path = `$."${ref.key}"`;
  const type = sql`json_type(${document}, ${path})`;
  const value = sql`json_extract(${document}, ${path})`;
  return {
    text: sql<string | null>`(case when ${type} = 'text' then ${value} end)`,
    number: sql<number | null>`(case when ${type} in ('integer', 'real') then ${value} end)`,
    boolean: sql<string | null>`(case ${type} when 'true' then 'true' when 'false' then 'false' end)`,
    isSet: sql<SqlBool>`(${type} is not null and ${type} <> 'null' and not (${type} = 'text' and ${value} = ''))`,
  };
}

/** A-Z to a-z only, as lowerAscii does: PostgreSQL's lower() would also fold non-ASCII letters. */
function lowerSql(dialect: Dialect, text: Expr<string | null>): Expr<string | null> {
  return dialect === "postgres"
    ? sql`translate(${text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`
    : sql`lower(${text})`;
}

function numberParam(dialect: Dialect, value: number) {
  return dialect === "postgres" ? sql`cast(${value} as double precision)` : sql`cast(${value} as real)`;
}

/** Makes a possibly-NULL condition two-valued: NULL counts as false. */
const definitely = (e: Expr<unknown>) => sql<SqlBool>`(case when ${e} then 1 else 0 end = 1)`;
const not = (e: Expr<SqlBool>) => sql<SqlBool>`(not ${e})`;

function equalsSql(dialect: Dialect, a: AttributeSql, value: AccessCondition["value"]): Expr<SqlBool> {
  switch (typeof value) {
    case "string":
      return definitely(sql`${lowerSql(dialect, a.text)} = ${lowerAscii(value)}`);
    case "number":
      return definitely(sql`${a.number} = ${numberParam(dialect, value)}`);
    case "boolean":
      return definitely(sql`${a.boolean} = ${String(value)}`);
    default:
      return sql<SqlBool>`(1 = 0)`;
  }
}

function conditionOn(dialect: Dialect, alias: "p" | "c", condition: AccessCondition): Expr<SqlBool> {
  const a = attributeSql(dialect, alias, resolveAttribute(condition.target, condition.attribute));
  const value = condition.value;
  switch (condition.operator) {
    case "equals":
      return equalsSql(dialect, a, value);
    case "not_equals":
      return not(equalsSql(dialect, a, value));
    case "contains": {
      const needle = lowerAscii(String(value));
      const haystack = lowerSql(dialect, a.text);
      return definitely(
        dialect === "postgres"
          ? sql`strpos(${haystack}, ${needle}) > 0`
          : sql`instr(${haystack}, ${needle}) > 0`,
      );
    }
    case "greater_than":
      return definitely(sql`${a.number} > ${numberParam(dialect, Number(value))}`);
    case "less_than":
      return definitely(sql`${a.number} < ${numberParam(dialect, Number(value))}`);
    case "is_set":
      return definitely(a.isSet);
    case "is_not_set":
      return not(definitely(a.isSet));
  }
}

function conditionSql(dialect: Dialect, condition: AccessCondition): Expr<SqlBool> {
  if (condition.target === "person") return conditionOn(dialect, "p", condition);
  return sql<SqlBool>`exists (select 1 from company_memberships m
    join companies c on c.workspace_id = m.workspace_id and c.id = m.company_id
    where m.workspace_id = p.workspace_id and m.contact_id = p.id and ${conditionOn(dialect, "c", condition)})`;
}

/** The rule set as a predicate over `contacts as p`. */
export function accessRulesPredicate(db: Executor, rules: AccessRuleSet): Expr<SqlBool> {
  if (rules.conditions.length === 0) return sql<SqlBool>`(1 = 1)`;
  const dialect = dialectOf(db);
  const parts = rules.conditions.map((c) => conditionSql(dialect, c));
  return sql<SqlBool>`(${sql.join(parts, rules.match === "all" ? sql` and ` : sql` or `)})`;
}

export async function loadPortalAccessRules(db: Executor, workspaceId: string): Promise<AccessRuleSet> {
  const row = await db
    .selectFrom("workspaces")
    .select("portal_access_rules")
    .where("id", "=", workspaceId)
    .executeTakeFirst();
  if (!row) throw notFound("Workspace");
  return parseStoredAccessRules(row.portal_access_rules);
}

export async function storePortalAccessRules(trx: Executor, workspaceId: string, rules: AccessRuleSet) {
  const result = await trx
    .updateTable("workspaces")
    .set({ portal_access_rules: JSON.stringify(rules), updated_at: Date.now() })
    .where("id", "=", workspaceId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound("Workspace");
}

/**
 * Whether this contact of the workspace passes its portal access rules (false for an unknown contact).
 * Hot paths pass the rules they hold (workspaces/hotSettings.ts); the contact is always read now.
 */
export async function contactPassesAccessRules(
  db: Executor,
  workspaceId: string,
  contactId: string,
  stored?: AccessRuleSet,
): Promise<boolean> {
  const rules = stored ?? (await loadPortalAccessRules(db, workspaceId));
  const row = await db
    .selectFrom("contacts as p")
    .select("p.id")
    .where("p.workspace_id", "=", workspaceId)
    .where("p.id", "=", contactId)
    .where(accessRulesPredicate(db, rules))
    .executeTakeFirst();
  return row !== undefined;
}

export interface AccessRulesPreview {
  matching: number;
  total: number;
  /** The newest matching people. */
  sample: Array<{ id: string; name: string | null; email: string | null }>;
}

export const MAX_PREVIEW_SAMPLE = 100;

/** How many of the workspace's people a (not yet saved) rule set lets in, counted in SQL, with a sample. */
export async function previewAccessRules(
  db: Executor,
  workspaceId: string,
  rules: AccessRuleSet,
  sampleSize = 5,
): Promise<AccessRulesPreview> {
  const predicate = accessRulesPredicate(db, rules);
  const [matching, total, sample] = await Promise.all([
    db
      .selectFrom("contacts as p")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("p.workspace_id", "=", workspaceId)
      .where(predicate)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("contacts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("contacts as p")
      .select(["p.id", "p.name", "p.email"])
      .where("p.workspace_id", "=", workspaceId)
      .where(predicate)
      .orderBy("p.created_at", "desc")
      .orderBy("p.id", "desc")
      .limit(Math.max(0, Math.min(MAX_PREVIEW_SAMPLE, Math.floor(sampleSize))))
      .execute(),
  ]);
  return { matching: Number(matching.n), total: Number(total.n), sample };
}
