// CSRF for the portal's cookie-authenticated writes: a token derived from the session cookie that signed
// the viewer in (HMAC with the server's secret, see identity/csrf.ts), plus a same-site Origin.
import type { FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import { CSRF_HEADER, csrfTokenFor, isValidCsrfToken } from "../../identity/csrf.ts";
import { messengerCookieName, portalCookieName } from "../helpcenter/helpCenter.routes.ts";

/** The cookie value helpCenterViewer authenticates with: the portal session first, else the Messenger's. */
function sessionCookie(request: FastifyRequest, workspaceId: string): string | undefined {
  return request.cookies[portalCookieName(workspaceId)] ?? request.cookies[messengerCookieName(workspaceId)];
}

/** The token the page embeds for its writes; null when no session cookie is present. */
export function portalCsrfToken(config: Config, request: FastifyRequest, workspaceId: string): string | null {
  const cookie = sessionCookie(request, workspaceId);
  return cookie ? csrfTokenFor(config.secretKey, cookie) : null;
}

/** True when the X-CSRF-Token header matches the viewer's session (compared in constant time). */
export function hasValidPortalCsrfToken(
  config: Config,
  request: FastifyRequest,
  workspaceId: string,
): boolean {
  const cookie = sessionCookie(request, workspaceId);
  return cookie !== undefined && isValidCsrfToken(config.secretKey, cookie, request.headers[CSRF_HEADER]);
}

/** True when an Origin header names a site other than this Help Center host (or the main host). */
export { isForeignOrigin as isForeignPortalOrigin } from "../sameSite.ts";
