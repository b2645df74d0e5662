// GET /healthz: is this instance able to serve (the database answers)?
import type { FastifyInstance } from "fastify";
import { isDatabaseReachable, type Db } from "../db/database.ts";

export function healthRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get("/healthz", async (_request, reply) => {
    const database = await isDatabaseReachable(deps.db);
    return reply
      .code(database ? 200 : 503)
      .send({ status: database ? "ok" : "unavailable", database: database ? "ok" : "unreachable" });
  });
}
