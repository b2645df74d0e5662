// Cookie-authenticated writes are refused from other sites: an Origin header naming anything but this
// server's public origin or the host the request came to.
import type { FastifyRequest } from "fastify";
import type { Config } from "../config.ts";

/** True when the request carries an Origin header naming a site other than this server. */
export function isForeignOrigin(request: FastifyRequest, config: Pick<Config, "publicUrl">): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const allowed = new Set([new URL(config.publicUrl).origin, `${request.protocol}://${request.host}`]);
  return !allowed.has(origin);
}
