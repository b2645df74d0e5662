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
import { faviconRoutes } from "./http/favicon.routes.ts";
import { healthRoutes } from "./http/health.routes.ts";
import { helpCenterRoutes } from "./http/helpcenter/helpCenter.routes.ts";
import { sessionRoutes } from "./http/helpdesk/session.routes.ts";
import { helpDeskApi } from "./http/helpdesk/helpDeskApi.ts";
import { helpDeskPageRoutes } from "./http/helpdesk/helpDeskPages.routes.ts";
import { helpCenterAdminRoutes } from "./http/helpdesk/helpCenterAdmin.routes.ts";
import { portalSettingsRoutes } from "./http/helpdesk/portalSettings.routes.ts";
import { settingsRoutes } from "./http/helpdesk/settings.routes.ts";
import { registerJsonParser } from "./http/jsonBody.ts";
import { messengerRoutes } from "./http/messenger/messenger.routes.ts";
import { messengerApiRoutes } from "./http/messenger/messengerApi.routes.ts";
import { messengerFrameRoutes } from "./http/messenger/messengerFrame.routes.ts";
import { portalRoutes } from "./http/portal/portal.routes.ts";
import { startPageRoutes } from "./http/startPage.routes.ts";
import { registerValidation } from "./http/validation.ts";
import { registerWebAssets } from "./http/webAssets.ts";
import { createMailer, type Mailer } from "./identity/mailer.ts";
import { teamAdminRoutes } from "./http/helpdesk/teamAdmin.routes.ts";
import type { EventBus } from "./realtime/bus.ts";
import { DEFAULT_HUB_LIMITS, RealtimeHub } from "./realtime/hub.ts";
import { OutboxTailBus } from "./realtime/outboxTailBus.ts";
import { startOutboxPruning } from "./realtime/outboxPruning.ts";
import { PostgresBus } from "./realtime/postgresBus.ts";
import { realtimeRoutes } from "./realtime/realtime.routes.ts";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** Tests pass their own; otherwise Redis when REDIS_URL is set, else in process. */
  rateLimits?: RateLimitStore;
  /** Outgoing e-mail; by default SMTP when SMTP_URL is set, else the server log. */
  mailer?: Mailer;
}

export const BODY_LIMIT = 1024 * 1024;

declare module "fastify" {
  interface FastifyInstance {
    realtime: { hub: RealtimeHub; bus: EventBus };
  }
}

function createBus(config: Config, database: DatabaseHandle): EventBus {
  if (config.eventBus === "postgres") {
    if (!database.url) throw new Error("EVENT_BUS=postgres needs a PostgreSQL database");
    return new PostgresBus(database.db, database.url);
  }
  return new OutboxTailBus(database.db);
}

export async function buildApp({ config, database, rateLimits, mailer }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    // Behind a TLS proxy (TRUST_PROXY): protocol, client address and host come from X-Forwarded-*.
    trustProxy: config.trustProxy,
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
  const web = await registerWebAssets(app);
  healthRoutes(app, deps);
  faviconRoutes(app);
  sessionRoutes(app, deps);
  settingsRoutes(app, deps);
  portalSettingsRoutes(app, deps);
  helpCenterAdminRoutes(app, deps);
  messengerRoutes(app, deps);
  const mail = mailer ?? createMailer(config, app.log);
  await helpCenterRoutes(app, { ...deps, mailer: mail, web });
  teamAdminRoutes(app, { ...deps, mailer: mail });
  startPageRoutes(app, { ...deps, web });
  portalRoutes(app, { ...deps, web });
  messengerApiRoutes(app, deps);
  messengerFrameRoutes(app, { ...deps, web });
  helpDeskPageRoutes(app, { ...deps, web });
  await app.register((api) => apiPlugin(api, deps), { prefix: "/api" });
  await helpDeskApi(app, deps);
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const bus = createBus(config, database);
  await bus.start();
  const hub = new RealtimeHub(database.db, bus, {
    ...DEFAULT_HUB_LIMITS,
    maxConnections: config.maxLiveConnections,
  });
  const stopPruning = startOutboxPruning(database.db, config.outboxRetentionDays);
  realtimeRoutes(app, { db: database.db, config, hub });
  // Live streams never end by themselves: close them first, or the server would wait on them forever.
  app.addHook("preClose", async () => hub.close());
  app.addHook("onClose", async () => {
    stopPruning();
    await bus.close();
  });
  app.decorate("realtime", { hub, bus });
  return app;
}
