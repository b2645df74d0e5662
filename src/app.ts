// Builds the Fastify app from a Config and an open database; used by `portico serve` and by tests.
import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/database.ts";
import { registerErrorHandling } from "./http/errors.ts";
import { healthRoutes } from "./http/health.routes.ts";
import { helpCenterRoutes } from "./http/helpcenter/helpCenter.routes.ts";
import { sessionRoutes } from "./http/helpdesk/session.routes.ts";
import { settingsRoutes } from "./http/helpdesk/settings.routes.ts";
import { messengerRoutes } from "./http/messenger/messenger.routes.ts";
import { startPageRoutes } from "./http/startPage.routes.ts";
import { registerValidation } from "./http/validation.ts";
import { createMailer, type Mailer } from "./identity/mailer.ts";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** Outgoing e-mail; by default SMTP when SMTP_URL is set, else the server log. */
  mailer?: Mailer;
}

export const BODY_LIMIT = 1024 * 1024;

export async function buildApp({ config, database, mailer }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    // Behind a TLS proxy (TRUST_PROXY): protocol, client address and host come from X-Forwarded-*.
    trustProxy: config.trustProxy,
  });
  await app.register(cookie);
  registerValidation(app);
  registerErrorHandling(app);
  const deps = { db: database.db, config };
  healthRoutes(app, deps);
  sessionRoutes(app, deps);
  settingsRoutes(app, deps);
  messengerRoutes(app, deps);
  await helpCenterRoutes(app, { ...deps, mailer: mailer ?? createMailer(config, app.log) });
  startPageRoutes(app, deps);
  return app;
}
