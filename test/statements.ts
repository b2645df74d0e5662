// Counts the SQL statements a piece of work runs: an app (or a handle) whose Kysely carries a counting
// plugin that records only the statements made inside `count(...)`, so background work (the outbox relay,
// pruning timers) never lands in a request's count. Transaction begin/commit are not counted.
import { AsyncLocalStorage } from "node:async_hooks";
import type { FastifyInstance } from "fastify";
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import { afterAll } from "vitest";
import { buildApp } from "../src/app.ts";
import type { Db } from "../src/db/database.ts";
import { testConfig } from "./app.ts";
import type { TestDialect } from "./dialects.ts";

export class StatementCounter implements KyselyPlugin {
  private readonly scope = new AsyncLocalStorage<string[]>();

  constructor(private readonly base: Db) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    // Compiled on the plain handle (no plugins) only to keep the text for failure messages.
    this.scope.getStore()?.push(this.base.getExecutor().compileQuery(args.node, args.queryId).sql);
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }

  /** Runs `work` and returns what it returned with the SQL of every statement it ran, in order. */
  async count<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const statements: string[] = [];
    const result = await this.scope.run(statements, work);
    return { result, statements };
  }
}

/** The database handle `db` with a counter on it: queries through `counted` are counted inside count(). */
export function countingDb(db: Db): { counted: Db; counter: StatementCounter } {
  const counter = new StatementCounter(db);
  return { counted: db.withPlugin(counter), counter };
}

/** Like testApp: one app per test file and dialect, whose every query goes through the counter. */
export function countingTestApp(dialect: TestDialect): {
  app: () => Promise<FastifyInstance>;
  counter: () => Promise<StatementCounter>;
} {
  let built: Promise<{ app: FastifyInstance; counter: StatementCounter }> | undefined;
  afterAll(async () => {
    if (built) await (await built).app.close();
  });
  const build = () =>
    (built ??= dialect.db().then(async (database) => {
      const { counted, counter } = countingDb(database.db);
      const app = await buildApp({
        config: testConfig({ eventBus: database.dialect === "postgres" ? "postgres" : "outbox" }),
        database: { ...database, db: counted },
      });
      return { app, counter };
    }));
  return { app: async () => (await build()).app, counter: async () => (await build()).counter };
}
