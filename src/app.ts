// Builds the Fastify app from a Config and an open database; used by `portico serve` and by tests.
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Socket } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { apiPlugin } from "./http/api/api.plugin.ts";
import { AbuseLimiter } from "./http/abuseLimits.ts";
import {
  DatabaseRateLimitStore,
  MemoryRateLimitStore,
  RedisRateLimitStore,
  type RateLimitStore,
} from "./http/api/rateLimit.ts";
import { registerErrorHandling, sendError } from "./http/errors.ts";
import { faviconRoutes } from "./http/favicon.routes.ts";
import { healthRoutes } from "./http/health.routes.ts";
import { helpCenterRoutes } from "./http/helpcenter/helpCenter.routes.ts";
import { sessionRoutes } from "./http/helpdesk/session.routes.ts";
import { helpDeskApi } from "./http/helpdesk/helpDeskApi.ts";
import { helpDeskPageRoutes } from "./http/helpdesk/helpDeskPages.routes.ts";
import { helpCenterAdminRoutes } from "./http/helpdesk/helpCenterAdmin.routes.ts";
import { portalSettingsRoutes } from "./http/helpdesk/portalSettings.routes.ts";
import { settingsRoutes } from "./http/helpdesk/settings.routes.ts";
import { registerCookieHygiene } from "./http/cookies.ts";
import { registerIdempotency, startIdempotencyPruning } from "./http/idempotency.ts";
import { registerInputGuard } from "./http/inputGuard.ts";
import { registerJsonParser } from "./http/jsonBody.ts";
import { registerSecurityHeaders } from "./http/securityHeaders.ts";
import { messengerRoutes } from "./http/messenger/messenger.routes.ts";
import { messengerApiRoutes } from "./http/messenger/messengerApi.routes.ts";
import { messengerFrameRoutes } from "./http/messenger/messengerFrame.routes.ts";
import { portalRoutes } from "./http/portal/portal.routes.ts";
import { startPageRoutes } from "./http/startPage.routes.ts";
import { registerValidation } from "./http/validation.ts";
import { registerWebAssets } from "./http/webAssets.ts";
import { HotSettings } from "./domain/workspaces/hotSettings.ts";
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

/**
 * One address may hold so many open connections at once (each costs memory and a file descriptor);
 * beyond that new ones are closed at once. Behind a trusted proxy every client shares its address,
 * so the proxy is where that cap belongs.
 */
/**
 * Graceful close: requests in flight are answered, new ones get 503 with Connection: close. Node's
 * server.close() then waits for every socket, and a socket that is connected but has not finished
 * sending a request is not "idle" to it; once no response is pending, the rest are closed outright.
 */
function drainOnClose(app: FastifyInstance): void {
  let pending = 0;
  let closing = false;
  app.addHook("onRequest", async (_request, reply) => {
    pending++;
    // 'close' fires once the response is done or its connection gone, hijacked streams included.
    reply.raw.once("close", () => pending--);
    if (closing) {
      // Fastify has set Connection: close; the answer says it in the API's words.
      reply.header("retry-after", "1");
      return sendError(reply, 503, "service_unavailable", "This server is shutting down; please retry.");
    }
  });
  app.addHook("preClose", async () => {
    closing = true;
    const sweep = setInterval(() => {
      if (pending === 0) app.server.closeAllConnections();
    }, 100);
    sweep.unref();
    app.server.once("close", () => clearInterval(sweep));
  });
}

function capConnectionsPerAddress(app: FastifyInstance, config: Config): void {
  if (config.maxConnectionsPerIp === 0 || config.trustProxy !== false) return;
  const open = new Map<string, number>();
  app.server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "";
    const count = (open.get(address) ?? 0) + 1;
    if (count > config.maxConnectionsPerIp) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

declare module "fastify" {
  interface FastifyInstance {
    realtime: { hub: RealtimeHub; bus: EventBus };
  }
}

function createBus(config: Config, database: DatabaseHandle, app: FastifyInstance): EventBus {
  if (config.eventBus === "postgres") {
    if (!database.url) throw new Error("EVENT_BUS=postgres needs a PostgreSQL database");
    return new PostgresBus(database.db, database.url, {
      connectTimeoutMs: config.database.dialect === "postgres" ? config.database.connectTimeoutMs : undefined,
      log: (message, error) => (error ? app.log.warn({ err: error }, message) : app.log.info(message)),
    });
  }
  return new OutboxTailBus(database.db);
}

export async function buildApp({ config, database, rateLimits, mailer }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    // Behind a TLS proxy (TRUST_PROXY): protocol, client address and host come from X-Forwarded-*.
    trustProxy: config.trustProxy,
    // The whole request must arrive in time: a body sent a byte a second is cut off. Responses (live
    // streams) are not bounded by it.
    requestTimeout: config.requestTimeoutMs,
    // Answered by drainOnClose in the API's error shape instead.
    return503OnClosing: false,
    // How often Node looks for requests past their time (its default, 30 s, would let them run long).
    http: { connectionsCheckingInterval: Math.min(2000, Math.ceil(config.requestTimeoutMs / 4)) },
  });
  app.server.headersTimeout = Math.min(10_000, config.requestTimeoutMs);
  capConnectionsPerAddress(app, config);
  drainOnClose(app);
  await app.register(cookie);
  registerCookieHygiene(app, { mainHostSecure: config.publicUrl.startsWith("https:") });
  registerJsonParser(app);
  registerValidation(app);
  registerInputGuard(app);
  registerSecurityHeaders(app);
  registerIdempotency(app, database.db, { lockMs: config.idempotencyLockMs });
  const stopIdempotencyPruning = startIdempotencyPruning(database.db);
  app.addHook("onClose", async () => stopIdempotencyPruning());
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

  // Abuse limits must hold across instances: Redis when configured, else the database on PostgreSQL
  // (several instances may share it), else this process (SQLite runs one instance).
  const abuseStore =
    rateLimits ??
    (config.redisUrl || database.dialect === "sqlite" ? store : new DatabaseRateLimitStore(database.db));
  if (abuseStore !== store) app.addHook("onClose", () => abuseStore.close());
  const abuse = new AbuseLimiter(abuseStore, config.abuseLimits);
  // Made before the routes (it starts below, once they are registered): the hot-settings cache listens to it.
  const bus = createBus(config, database, app);
  const settings = new HotSettings(database.db, bus);
  app.addHook("onClose", async () => settings.close());
  const deps = { db: database.db, config, rateLimits: store, abuse, settings };
  const web = await registerWebAssets(app);
  healthRoutes(app, { db: database.db, health: database.health });
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

  await bus.start();
  const hub = new RealtimeHub(database.db, bus, {
    ...DEFAULT_HUB_LIMITS,
    maxConnections: config.maxLiveConnections,
  });
  const stopPruning = startOutboxPruning(database.db, config.outboxRetentionDays);
  realtimeRoutes(app, { db: database.db, config, settings, hub });
  // Live streams never end by themselves: close them first, or the server would wait on them forever.
  app.addHook("preClose", async () => hub.close());
  app.addHook("onClose", async () => {
    stopPruning();
    await bus.close();
  });
  app.decorate("realtime", { hub, bus });
  return app;
}
