// Every response carries nosniff and a Referrer-Policy; every HTML page a CSP that forbids plugins and
// a rewritten <base>, whatever route made it (swept over every GET route, signed in and not).
import { describe, expect, it } from "vitest";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { signedInOnEverySurface } from "../../test/signedIn.ts";
import { listRoutes } from "../../test/routes.ts";
import { hardenCsp } from "./securityHeaders.ts";

describe("hardenCsp", () => {
  it("adds object-src and base-uri only where the policy does not say them", () => {
    expect(hardenCsp("default-src 'self'")).toBe("default-src 'self'; object-src 'none'; base-uri 'none'");
    expect(hardenCsp("default-src 'self'; base-uri 'self'; object-src 'none';")).toBe(
      "default-src 'self'; base-uri 'self'; object-src 'none'",
    );
  });
});

for (const dialect of testDialects()) {
  describe(`security headers on every page (${dialect.name})`, () => {
    const app = testApp(dialect);

    it("sends nosniff and Referrer-Policy everywhere, and a hardened CSP with every HTML page", async () => {
      const a = await app();
      const { db } = await dialect.db();
      const { workspace, host, teammate, portalCookie } = await signedInOnEverySurface(a, db, "Headers Co");
      const routes = listRoutes(a).filter((r) => r.method === "GET" && !r.url.endsWith("/events"));
      let pages = 0;
      for (const route of routes) {
        const url = route.url
          .replace(":slug", workspace.slug)
          .replace(":workspaceId", workspace.id)
          .replace(":number", "1")
          .replace(/:[a-z_]+/g, "unknown-id")
          .replace(/\*$/, "");
        for (const headers of [
          {},
          { cookie: `${teammate.cookie}; ${portalCookie}` },
          { host, cookie: portalCookie },
        ]) {
          const response = await a.inject({ method: "GET", url, headers });
          const where = `${url} ${JSON.stringify(headers).slice(0, 30)}`;
          expect(response.headers["x-content-type-options"], where).toBe("nosniff");
          expect(response.headers["referrer-policy"], where).toBeDefined();
          if (String(response.headers["content-type"]).startsWith("text/html")) {
            pages++;
            const csp = String(response.headers["content-security-policy"]);
            expect(csp, where).toMatch(/(^|; )object-src 'none'/);
            expect(csp, where).toMatch(/(^|; )base-uri '(none|self)'/);
          }
        }
      }
      expect(pages).toBeGreaterThan(20);
    });
  });
}
