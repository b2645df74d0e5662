// The OpenAPI document generated from the route schemas, and the readable docs page.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";

const [sqlite] = testDialects();

describe("OpenAPI", () => {
  const app = testApp(sqlite!);

  it("serves an OpenAPI 3 document listing every API.md endpoint with its request schema", async () => {
    const response = await (await app()).inject({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const expected: Array<[string, string]> = [
      ["/api/tickets", "post"],
      ["/api/tickets/{id}", "get"],
      ["/api/tickets/{id}", "put"],
      ["/api/tickets/{id}", "delete"],
      ["/api/tickets/search", "post"],
      ["/api/tickets/{id}/reply", "post"],
      ["/api/ticket_types", "get"],
      ["/api/ticket_types", "post"],
      ["/api/ticket_types/{id}", "get"],
      ["/api/ticket_types/{id}", "put"],
      ["/api/ticket_types/{id}/attributes", "post"],
      ["/api/ticket_types/{id}/attributes/{attr_id}", "put"],
      ["/api/ticket_states", "get"],
      ["/api/companies", "post"],
      ["/api/companies", "get"],
      ["/api/companies/{id}", "get"],
      ["/api/companies/{id}", "put"],
      ["/api/companies/{id}", "delete"],
      ["/api/companies/{id}/contacts", "get"],
      ["/api/contacts", "post"],
      ["/api/contacts/{id}", "get"],
      ["/api/contacts/{id}", "put"],
      ["/api/contacts/{id}", "delete"],
      ["/api/contacts/search", "post"],
      ["/api/contacts/find_by_external_id/{external_id}", "get"],
      ["/api/contacts/{id}/companies", "post"],
      ["/api/contacts/{id}/companies", "get"],
      ["/api/contacts/{id}/companies/{company_id}", "delete"],
      ["/api/conversations", "post"],
      ["/api/conversations/{id}", "get"],
      ["/api/conversations/{id}/reply", "post"],
      ["/api/conversations/search", "post"],
      ["/api/conversations/{id}/customers", "post"],
      ["/api/conversations/{id}/customers/{contact_id}", "delete"],
      ["/api/conversations/{id}/convert", "post"],
    ];
    for (const [path, method] of expected)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.paths["/api/tickets"]!.post!.requestBody).toBeDefined();
  });

  it("serves readable docs at /api/docs", async () => {
    const response = await (await app()).inject({ method: "GET", url: "/api/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
  });
});
