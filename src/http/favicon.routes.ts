// GET /favicon.svg and /favicon.ico: Portico's mark (a portico: pediment, three columns, a step), on every
// host, so no page a browser opens logs a 404 for its icon. Every page links the SVG; old browsers and
// pages without the link ask for /favicon.ico and get the same picture.
import type { FastifyInstance } from "fastify";

const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1849b8"/><path d="M6 12.5 16 6l10 6.5z" fill="#fff"/><path d="M8.5 14h3v9h-3zM14.5 14h3v9h-3zM20.5 14h3v9h-3zM6 24h20v2.5H6z" fill="#fff"/></svg>`;

export function faviconRoutes(app: FastifyInstance): void {
  for (const path of ["/favicon.svg", "/favicon.ico"]) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type("image/svg+xml")
        .header("cache-control", "public, max-age=86400")
        .header("x-content-type-options", "nosniff")
        .send(FAVICON_SVG),
    );
  }
}
