// The Intercom-compatible REST API: an authenticator (bearer token under /api, the teammate session
// under /app/api), Intercom-Version, per-caller rate limits with X-RateLimit-* headers, then the
// resource route modules.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import type { Db } from "../../db/database.ts";
import { authenticateApiToken } from "../../identity/apiTokens.ts";
import type { Executor } from "../../db/database.ts";
import type { Author } from "../../domain/conversations/conversationCommands.ts";
import { sendError } from "../errors.ts";
import { idempotent, isWriteMethod } from "../idempotency.ts";
import { companyRoutes } from "./companies.routes.ts";
import { contactRoutes } from "./contacts.routes.ts";
import { conversationRoutes } from "./conversations.routes.ts";
import { checkRateLimit, type RateLimitStore } from "./rateLimit.ts";
import { resolveAdmin } from "./references.ts";
import { ticketRoutes } from "./tickets.routes.ts";
import { ticketTypeRoutes } from "./ticketTypes.routes.ts";

export interface ApiContext {
  workspaceId: string;
  /** The API token used (bearer dialect), else null. */
  tokenId: string | null;
  /** The signed-in teammate (Help Desk dialect): every admin action is theirs. Null with a token. */
  teammateId: string | null;
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

/**
 * The admin an action is taken as. In the Help Desk it is always the signed-in teammate; through a
 * token it is `admin_id` when given (must be a teammate), else the API itself ("bot").
 */
export function actingAdmin(
  request: FastifyRequest,
  trx: Executor,
  adminId: string | number | undefined | null,
): Promise<Author> {
  const { workspaceId, teammateId } = apiContext(request);
  if (teammateId !== null) return Promise.resolve({ type: "admin", teammateId });
  return resolveAdmin(trx, workspaceId, adminId);
}

export interface ApiDeps {
  db: Db;
  config: Config;
  settings: HotSettings;
  rateLimits: RateLimitStore;
}

/** Who is calling, as an authenticator found out. */
export interface ApiCaller {
  workspaceId: string;
  tokenId: string | null;
  teammateId: string | null;
  /** What rate limits count per: the token, or the session. */
  rateKey: string;
}

/** Identifies the caller, or answers the request itself (401/403) and returns undefined. */
export type ApiAuthenticator = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<ApiCaller | undefined>;

/** `Authorization: Bearer <workspace API token>`, as Intercom clients send it. */
export function bearerTokenAuthenticator(db: Db): ApiAuthenticator {
  return async (request, reply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : null;
    const auth = token ? await authenticateApiToken(db, token) : null;
    if (!auth) {
      sendError(reply, 401, "unauthorized", "Access Token Invalid");
      return undefined;
    }
    return { workspaceId: auth.workspaceId, tokenId: auth.tokenId, teammateId: null, rateKey: auth.tokenId };
  };
}

export interface ApiPluginOptions {
  authenticate: ApiAuthenticator;
  /** Leave the routes out of the OpenAPI document (the Help Desk's mount repeats /api). */
  hideFromDocs?: boolean;
  /** More routes behind the same authentication, rate limits and ApiContext. */
  extraRoutes?: (app: FastifyInstance) => void;
}

export async function apiPlugin(
  app: FastifyInstance,
  deps: ApiDeps,
  options: ApiPluginOptions = { authenticate: bearerTokenAuthenticator(deps.db) },
): Promise<void> {
  app.decorateRequest("api", null);
  // Every write (searches are reads sent as POST) takes an Idempotency-Key, per workspace and caller.
  app.addHook("onRoute", (route) => {
    if (!isWriteMethod(route.method) || route.url.endsWith("/search")) return;
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      const { workspaceId, tokenId, teammateId } = apiContext(request);
      const actor = tokenId !== null ? `token:${tokenId}` : `teammate:${teammateId}`;
      return idempotent(request, reply, deps.db, { workspaceId, actor }, async () =>
        handler.call(this, request, reply),
      );
    };
  });
  if (options.hideFromDocs) {
    app.addHook("onRoute", (route) => {
      route.schema = { ...route.schema, hide: true };
    });
  }

  app.addHook("onRequest", async (request, reply) => {
    const auth = await options.authenticate(request, reply);
    if (!auth) return reply;

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

    const limit = await checkRateLimit(deps.rateLimits, auth.rateKey, deps.config.apiRateLimit);
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
    request.api = {
      workspaceId: auth.workspaceId,
      tokenId: auth.tokenId,
      teammateId: auth.teammateId,
      version,
    };
  });

  await app.register(async (scoped) => {
    companyRoutes(scoped, deps);
    contactRoutes(scoped, deps);
    conversationRoutes(scoped, deps);
    ticketRoutes(scoped, deps);
    ticketTypeRoutes(scoped, deps);
    options.extraRoutes?.(scoped);
  });
}
