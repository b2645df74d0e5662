// Builds the Fastify app from a Config and an open database; used by `portico serve` and by tests.
import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { registerErrorHandling } from "./http/errors.ts";
import { healthRoutes } from "./http/health.routes.ts";
import { sessionRoutes } from "./http/helpdesk/session.routes.ts";
import { startPageRoutes } from "./http/startPage.routes.ts";
import { registerValidation } from "./http/validation.ts";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
}

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp({ config, database }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
  });
  await app.register(cookie);
  registerValidation(app);
  registerErrorHandling(app);
  const deps = { db: database.db, config };
  healthRoutes(app, deps);
  sessionRoutes(app, deps);
  startPageRoutes(app, deps);
  return app;
}
