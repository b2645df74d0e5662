// Builds the Fastify app from a Config and an open database; used by `portico serve` and by tests.
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { apiPlugin } from "./http/api/api.plugin.ts";
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from "./http/api/rateLimit.ts";
import { registerErrorHandling } from "./http/errors.ts";
import { healthRoutes } from "./http/health.routes.ts";
import { sessionRoutes } from "./http/helpdesk/session.routes.ts";
import { registerJsonParser } from "./http/jsonBody.ts";
import { startPageRoutes } from "./http/startPage.routes.ts";
import { registerValidation } from "./http/validation.ts";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** Tests pass their own; otherwise Redis when REDIS_URL is set, else in process. */
  rateLimits?: RateLimitStore;
}

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp({ config, database, rateLimits }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
  });
  await app.register(cookie);
  registerJsonParser(app);
  registerValidation(app);
  registerErrorHandling(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: "Portico REST API",
        version: "2.14",
        description: "Intercom-compatible REST API (version 2.14 shapes, 2.11 request fields accepted).",
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  const store =
    rateLimits ?? (config.redisUrl ? new RedisRateLimitStore(config.redisUrl) : new MemoryRateLimitStore());
  if (!rateLimits) app.addHook("onClose", () => store.close());

  const deps = { db: database.db, config, rateLimits: store };
  healthRoutes(app, deps);
  sessionRoutes(app, deps);
  startPageRoutes(app, deps);
  await app.register((api) => apiPlugin(api, deps), { prefix: "/api" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}
