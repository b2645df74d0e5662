// API test helpers: a workspace with its bearer token and an admin, and inject() with that token.
import type { FastifyInstance, InjectOptions } from "fastify";
import type { Db } from "../src/db/database.ts";
import { createWorkspace } from "../src/domain/workspaces/workspaceCommands.ts";
import { buildTeammate, TEST_SECRET_KEY } from "./factories.ts";

export async function buildApiWorkspace(db: Db, name = "API Co") {
  const created = await db.transaction().execute((trx) => createWorkspace(trx, TEST_SECRET_KEY, { name }));
  const admin = await buildTeammate(db, created.workspace, { role: "admin" });
  return { workspace: created.workspace, token: created.apiToken, admin };
}

export type Call = (
  method: InjectOptions["method"],
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => Promise<Awaited<ReturnType<FastifyInstance["inject"]>>>;

/** inject() as the holder of `token`. */
export function caller(app: FastifyInstance, token: string): Call {
  return async (method, url, payload, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }),
    });
}
