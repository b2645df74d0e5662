// Cookie hygiene for every surface. A request carrying one cookie name twice is ambiguous (a sibling
// subdomain or a longer Path can put its own first: cookie tossing), so that name counts as absent:
// signed out, never "first wins". Host-only session cookies are set with the __Host- prefix on HTTPS
// (Secure, Path=/, no Domain: no other host can set or shadow them) and read back under their plain name.
import type { FastifyInstance, FastifyRequest } from "fastify";

export const HOST_PREFIX = "__Host-";

/** Session cookies that are only ever host-only (never on a shared cookie domain). */
const TEAMMATE = /^portico_teammate$/;
const PORTAL = /^portico-hc-[a-z0-9]+$/;
const isHostOnly = (name: string) => TEAMMATE.test(name) || PORTAL.test(name);

/** The name to set a host-only cookie under: prefixed where the browser enforces what it promises. */
export function hostOnlyCookieName(name: string, options: { secure: boolean; path: string }): string {
  return options.secure && options.path === "/" ? `${HOST_PREFIX}${name}` : name;
}

/** Every cookie name in the raw header, with how often it appears. */
function nameCounts(header: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pair of (header ?? "").split(";")) {
    const eq = pair.indexOf("=");
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (name !== "") counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

export function normaliseCookies(request: FastifyRequest, mainHostSecure: boolean): void {
  const cookies = request.cookies as Record<string, string | undefined>;
  const counts = nameCounts(request.headers.cookie);
  for (const [name, count] of counts) {
    if (count > 1) delete cookies[name];
  }
  // Over HTTPS, plain host-only names were never set by us (we set the prefixed ones): planted, ignored.
  // A browser sends __Host- cookies over HTTPS only, so one among them means this request is HTTPS.
  const secure = request.protocol === "https" || [...counts.keys()].some((n) => n.startsWith(HOST_PREFIX));
  for (const name of Object.keys(cookies)) {
    if ((TEAMMATE.test(name) && (secure || mainHostSecure)) || (PORTAL.test(name) && secure)) {
      delete cookies[name];
    }
  }
  for (const [name, count] of counts) {
    if (!name.startsWith(HOST_PREFIX)) continue;
    const plain = name.slice(HOST_PREFIX.length);
    if (!isHostOnly(plain)) continue;
    if (count > 1 || (counts.get(plain) ?? 0) > 1) delete cookies[plain];
    else if (cookies[name] !== undefined) cookies[plain] = cookies[name];
    delete cookies[name];
  }
}

export function registerCookieHygiene(app: FastifyInstance, options: { mainHostSecure: boolean }): void {
  app.addHook("onRequest", async (request) => normaliseCookies(request, options.mainHostSecure));
}
