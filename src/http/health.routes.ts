// GET /healthz: can this instance serve (the database answers), and are live updates flowing?
import type { FastifyInstance } from "fastify";
import { isDatabaseReachable, type Db } from "../db/database.ts";
import type { DatabaseHealth } from "../db/resilience.ts";
import { RETRY_AFTER_SECONDS } from "./errors.ts";

export function healthRoutes(app: FastifyInstance, deps: { db: Db; health: DatabaseHealth }): void {
  app.get("/healthz", { schema: { hide: true } }, async (_request, reply) => {
    const database = await isDatabaseReachable(deps.db);
    const bus = app.hasDecorator("realtime") ? app.realtime.bus.status() : undefined;
    const live = bus === undefined || bus.connected;
    if (!database) reply.header("retry-after", String(RETRY_AFTER_SECONDS));
    return reply.code(database ? 200 : 503).send({
      status: !database ? "unavailable" : live ? "ok" : "degraded",
      database: database ? "ok" : "unreachable",
      ...(deps.health.state === "down" ? { database_down_since: Math.floor(deps.health.since / 1000) } : {}),
      live_updates: live ? "connected" : "reconnecting",
      lost_connections: deps.health.failures,
      ...(bus ? { bus_reconnects: bus.reconnects } : {}),
    });
  });
}
