// Teammate authentication for Help Desk routes; writes also need the CSRF token and a same-site Origin.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import { CSRF_HEADER, isValidCsrfToken } from "../../identity/csrf.ts";
import { sendError } from "../errors.ts";
import { currentTeammate, isForeignOrigin } from "./session.routes.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
}

export type CurrentTeammate = NonNullable<Awaited<ReturnType<typeof currentTeammate>>>;

/** The signed-in teammate, or undefined after answering 401. */
export async function authenticateTeammate(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
): Promise<CurrentTeammate | undefined> {
  const current = await currentTeammate(request, deps);
  if (!current) {
    sendError(reply, 401, "unauthorized", "Sign in first.");
    return undefined;
  }
  return current;
}

/**
 * For every cookie-authenticated write: the session, plus the X-CSRF-Token header that only a page
 * able to read /app/me can know. A foreign Origin is refused before anything else.
 */
export async function authenticateTeammateWrite(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
): Promise<CurrentTeammate | undefined> {
  if (isForeignOrigin(request, deps.config)) {
    sendError(reply, 403, "forbidden", "Requests from another site are not allowed.");
    return undefined;
  }
  const current = await authenticateTeammate(request, reply, deps);
  if (!current) return undefined;
  if (!isValidCsrfToken(deps.config.secretKey, current.sessionToken, request.headers[CSRF_HEADER])) {
    sendError(
      reply,
      403,
      "forbidden",
      "The X-CSRF-Token header is missing or wrong; read it from GET /app/me.",
    );
    return undefined;
  }
  return current;
}

/** Admin-only routes answer 404 to agents, as for anything a viewer may not see. */
export function requireAdmin(current: CurrentTeammate, reply: FastifyReply): boolean {
  if (current.teammate.role === "admin") return true;
  sendError(reply, 404, "not_found", "Not found");
  return false;
}

/** Admin-only writes to the teammate's own workspace answer 403 to agents: nothing is hidden by it. */
export function forbidUnlessAdmin(current: CurrentTeammate, reply: FastifyReply): boolean {
  if (current.teammate.role === "admin") return true;
  sendError(reply, 403, "forbidden", "Only admins may change this.");
  return false;
}
