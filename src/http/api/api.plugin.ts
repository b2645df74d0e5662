// The Intercom-compatible REST API under /api: bearer auth by workspace token, Intercom-Version,
// per-token rate limits with X-RateLimit-* headers, then the resource route modules.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import { authenticateApiToken } from "../../identity/apiTokens.ts";
import { sendError } from "../errors.ts";
import { companyRoutes } from "./companies.routes.ts";
import { contactRoutes } from "./contacts.routes.ts";
import { conversationRoutes } from "./conversations.routes.ts";
import { checkRateLimit, type RateLimitStore } from "./rateLimit.ts";
import { ticketRoutes } from "./tickets.routes.ts";
import { ticketTypeRoutes } from "./ticketTypes.routes.ts";

export interface ApiContext {
  workspaceId: string;
  tokenId: string;
  /** The Intercom-Version the client asked for ("2.14" when absent). */
  version: string;
}

declare module "fastify" {
  interface FastifyRequest {
    api: ApiContext | null;
  }
}

export const SUPPORTED_VERSIONS = ["2.11", "2.12", "2.13", "2.14", "Unstable"] as const;
export const DEFAULT_VERSION = "2.14";

export function apiContext(request: FastifyRequest): ApiContext {
  if (!request.api) throw new Error("API route reached without authentication");
  return request.api;
}

/** True for clients speaking the 2.11-era request shapes. */
export const speaks211 = (request: FastifyRequest) => apiContext(request).version === "2.11";

export interface ApiDeps {
  db: Db;
  config: Config;
  rateLimits: RateLimitStore;
}

export async function apiPlugin(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.decorateRequest("api", null);

  app.addHook("onRequest", async (request, reply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : null;
    const auth = token ? await authenticateApiToken(deps.db, token) : null;
    if (!auth) return sendError(reply, 401, "unauthorized", "Access Token Invalid");

    const requested = request.headers["intercom-version"];
    const version = typeof requested === "string" && requested !== "" ? requested : DEFAULT_VERSION;
    if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
      return sendError(
        reply,
        400,
        "parameter_invalid",
        `Intercom-Version ${version} is not supported; use one of ${SUPPORTED_VERSIONS.join(", ")}`,
        "Intercom-Version",
      );
    }

    const limit = await checkRateLimit(deps.rateLimits, auth.tokenId, deps.config.apiRateLimit);
    reply.header("X-RateLimit-Limit", String(limit.limit));
    reply.header("X-RateLimit-Remaining", String(limit.remaining));
    reply.header("X-RateLimit-Reset", String(limit.reset));
    if (!limit.allowed) {
      return sendError(
        reply,
        429,
        "rate_limit_exceeded",
        "You have exceeded the rate limit. Please try again later.",
      );
    }
    request.api = { workspaceId: auth.workspaceId, tokenId: auth.tokenId, version };
  });

  await app.register(async (scoped) => {
    companyRoutes(scoped, deps);
    contactRoutes(scoped, deps);
    conversationRoutes(scoped, deps);
    ticketRoutes(scoped, deps);
    ticketTypeRoutes(scoped, deps);
  });
}
