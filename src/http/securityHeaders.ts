// Headers on every response of every surface: no MIME sniffing, no Referer beyond this origin, and for
// HTML a Content-Security-Policy that always forbids plugins (object-src) and a rewritten <base>.
import type { FastifyInstance } from "fastify";

/** For an HTML page that set no policy of its own: nothing may load or run. */
export const STRICT_PAGE_CSP =
  "default-src 'none'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

/** Adds object-src and base-uri to a page's policy when it does not say them itself. */
export function hardenCsp(policy: string): string {
  const directives = policy
    .split(";")
    .map((d) => d.trim())
    .filter((d) => d !== "");
  const has = (name: string) => directives.some((d) => d.split(/\s+/)[0] === name);
  if (!has("object-src")) directives.push("object-src 'none'");
  if (!has("base-uri")) directives.push("base-uri 'none'");
  return directives.join("; ");
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", async (_request, reply) => {
    // On the raw response, so streams that write their own head (SSE) carry them too.
    reply.raw.setHeader("x-content-type-options", "nosniff");
    reply.raw.setHeader("referrer-policy", "same-origin");
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("text/html")) {
      const policy = reply.getHeader("content-security-policy");
      reply.header("content-security-policy", policy ? hardenCsp(String(policy)) : STRICT_PAGE_CSP);
    }
    return payload;
  });
}
