// Hostile input on every route the app serves, signed in on every surface: NUL bytes and lone surrogates
// in paths, queries and bodies, numbers beyond any column, ids of the wrong shape, deep JSON. Every answer
// is a 4xx with the error body, never a 5xx, on both dialects; and the named cases from the field answer
// exactly as documented.
import { describe, expect, it } from "vitest";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { signedInOnEverySurface } from "../../test/signedIn.ts";
import { listRoutes } from "../../test/routes.ts";
import { portalCookieName } from "./helpcenter/helpCenter.routes.ts";

const PATH_VALUES = [
  "a%00b",
  "999999999999",
  "99999999999999999999999",
  "x".repeat(3000),
  "%ED%A0%80",
  "1e0",
];
const deep = (levels: number): unknown => (levels === 0 ? "leaf" : { nested: deep(levels - 1) });
const BODIES: string[] = [
  JSON.stringify({ name: "a\u0000b", body: "a\u0000b", title: "a\u0000b", email: "a\u0000b@x.test" }),
  '{"name":"\\ud800","body":"\\udfff x","company_id":"\\ud800"}',
  JSON.stringify({ "na\u0000me": "key with NUL" }),
  '{"per_page":1e300,"size":99999999999,"created_at":9007199254740993,"order":4294967296}',
  JSON.stringify(deep(40)),
  JSON.stringify([1, 2, 3]),
  '"just a string"',
  "{not json",
];

for (const dialect of testDialects()) {
  describe(`hostile input on every route (${dialect.name})`, () => {
    const app = testApp(dialect);

    const signedInWorld = async () =>
      signedInOnEverySurface(await app(), (await dialect.db()).db, "Hostile Co");

    it("answers hostile paths, queries and bodies on every route with a 4xx, never a 5xx", async () => {
      const a = await app();
      const w = await signedInWorld();
      const portalCookie = w.portalCookie;
      /** Everything a signed-in caller of the route's surface would send. */
      const credentials = (url: string): Record<string, string> => {
        if (url.startsWith("/api/")) return { authorization: `Bearer ${w.token}` };
        if (url.startsWith("/app")) {
          return {
            cookie: w.teammate.cookie,
            "x-csrf-token": w.teammate.csrfToken,
            origin: "http://portico.test",
          };
        }
        if (url.startsWith("/messenger/api")) return { authorization: `Bearer ${w.messenger}` };
        if (url.startsWith("/help/")) return { cookie: portalCookie };
        // The Help Center's own host: the portal pages and JSON, SSO, sign-in links.
        return { host: w.host, cookie: portalCookie, origin: `http://${w.host}` };
      };
      const routes = listRoutes(a).filter(
        (r) =>
          r.method !== "HEAD" &&
          r.method !== "OPTIONS" &&
          !r.url.endsWith("/events") &&
          !r.url.startsWith("/api/docs"),
      );
      expect(routes.length).toBeGreaterThan(150);
      const failures: string[] = [];
      let sent = 0;
      const send = async (method: string, url: string, payload?: string) => {
        const response = await a.inject({
          method: method as "GET",
          url,
          headers: {
            ...credentials(url),
            ...(payload === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(payload === undefined ? {} : { payload }),
        });
        sent++;
        if (response.statusCode >= 500) {
          failures.push(
            `${method} ${url.slice(0, 120)} ${payload?.slice(0, 60) ?? ""} -> ${response.statusCode}`,
          );
        }
      };
      for (const route of routes) {
        const withSlug = route.url.replace(":slug", w.workspace.slug).replace(":workspaceId", w.workspace.id);
        const hasParams = /:[a-z_]+|\*/.test(withSlug);
        const fill = (value: string) =>
          withSlug.replace(/:[a-z_]+/g, value).replace(/\*$/, `package.json${value}.js`);
        for (const value of hasParams ? PATH_VALUES : ["unused"]) {
          const url = hasParams ? fill(value) : withSlug;
          await send(route.method, url);
          await send(route.method, `${url}?q=a%00b&per_page=99999999999999999999&cursor=%00&state=%ED%A0%80`);
        }
        if (["POST", "PUT", "PATCH", "DELETE"].includes(route.method)) {
          const url = hasParams ? fill("1") : withSlug;
          for (const body of BODIES) await send(route.method, url, body);
        }
      }
      expect(sent).toBeGreaterThan(2000);
      expect(failures).toEqual([]);
    });

    it("names the field holding a NUL byte or a lone surrogate, and stores nothing", async () => {
      const a = await app();
      const w = await signedInWorld();
      const auth = { authorization: `Bearer ${w.token}`, "content-type": "application/json" };
      const nul = await a.inject({
        method: "POST",
        url: "/api/companies",
        headers: auth,
        payload: JSON.stringify({ company_id: "nul-co", name: "a\u0000b" }),
      });
      expect(nul.statusCode).toBe(400);
      expect(nul.json().errors[0]).toMatchObject({ code: "parameter_invalid", field: "name" });
      const surrogate = await a.inject({
        method: "POST",
        url: "/api/companies",
        headers: auth,
        payload: '{"company_id":"nul-co","custom_attributes":{"tier":"\\ud83d"}}',
      });
      expect(surrogate.statusCode).toBe(400);
      expect(surrogate.json().errors[0].field).toBe("custom_attributes.tier");
      const stored = await a.inject({
        method: "GET",
        url: "/api/companies?company_id=nul-co",
        headers: auth,
      });
      expect(stored.statusCode).toBe(404);

      const id = await a.inject({ method: "GET", url: "/api/tickets/0123%00", headers: auth });
      expect(id.statusCode).toBe(400);
      expect(id.json().errors[0].field).toBe("id");
      const staticPath = await a.inject({ method: "GET", url: "/help/package.json%00.js" });
      expect(staticPath.statusCode).toBeLessThan(500);
    });

    it("reads ticket numbers as digits only, and a number beyond the column as no ticket", async () => {
      const a = await app();
      const w = await signedInWorld();
      const messenger = { authorization: `Bearer ${w.messenger}` };
      const portal = { host: w.host, cookie: `${portalCookieName(w.workspace.id)}=${w.portal}` };
      const real = await a.inject({ method: "GET", url: "/portal-api/tickets/1", headers: portal });
      expect(real.statusCode).toBe(200);
      for (const spelling of ["1.0", "+1", "0x1", "1e0", "01", "%201", "1%20", "-1"]) {
        const viaMessenger = await a.inject({
          method: "GET",
          url: `/messenger/api/tickets/${spelling}`,
          headers: messenger,
        });
        expect(viaMessenger.statusCode, spelling).toBe(400);
        const viaPortal = await a.inject({
          method: "GET",
          url: `/portal-api/tickets/${spelling}`,
          headers: portal,
        });
        expect(viaPortal.statusCode, spelling).toBe(400);
      }
      // Beyond the column's range no ticket can have the number: the answer for a missing ticket.
      for (const huge of ["2147483648", "999999999999", "9999999999999999"]) {
        const viaPortal = await a.inject({
          method: "GET",
          url: `/portal-api/tickets/${huge}`,
          headers: portal,
        });
        expect(viaPortal.statusCode, huge).toBe(404);
        const viaMessenger = await a.inject({
          method: "GET",
          url: `/messenger/api/tickets/${huge}`,
          headers: messenger,
        });
        expect(viaMessenger.statusCode, huge).toBe(404);
      }
    });
  });
}
