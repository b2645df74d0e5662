// What a company profile reads through /app/api: its tickets (company_id on tickets search) and the
// conversations its members take part in (Portico's company_id on conversations search, and each
// conversation's `companies`), inside the workspace.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTicket,
  buildWorkspace,
} from "../../../test/factories.ts";
import { signedInTeammate } from "../../../test/teammates.ts";

for (const dialect of testDialects()) {
  describe(`company activity through /app/api (${dialect.name})`, () => {
    const app = testApp(dialect);

    it("finds the conversations of a company's members, and no others", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const both = await buildContact(db, workspace, { companies: [acme, globex] });
      const acmeOnly = await buildContact(db, workspace, { companies: [acme] });
      const nobody = await buildContact(db, workspace);
      const c1 = await buildConversation(db, workspace, both);
      const c2 = await buildConversation(db, workspace, acmeOnly);
      await buildConversation(db, workspace, nobody);
      const agent = await signedInTeammate(await app(), db, workspace, "agent");

      const search = async (query: unknown) => {
        const answer = await agent("POST", "/app/api/conversations/search", { query });
        expect(answer.statusCode).toBe(200);
        return (answer.json().conversations as Array<{ id: string }>).map((c) => c.id).sort();
      };
      expect(await search({ field: "company_id", operator: "=", value: acme.id })).toEqual(
        [c1.id, c2.id].sort(),
      );
      expect(await search({ field: "company_id", operator: "=", value: globex.id })).toEqual([c1.id]);
      expect(await search({ field: "company_id", operator: "IN", value: [globex.id] })).toEqual([c1.id]);
      const bad = await agent("POST", "/app/api/conversations/search", {
        query: { field: "company_id", operator: "~", value: "a" },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe("company_id");
    });

    it("names each conversation's companies: those of the people taking part, for the inbox's Company column", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const both = await buildContact(db, workspace, { companies: [acme, globex] });
      const nobody = await buildContact(db, workspace);
      const shared = await buildConversation(db, workspace, both);
      const alone = await buildConversation(db, workspace, nobody);
      const agent = await signedInTeammate(await app(), db, workspace, "agent");
      const page = await agent("POST", "/app/api/conversations/search", {
        query: { field: "id", operator: "IN", value: [shared.id, alone.id] },
      });
      expect(page.statusCode).toBe(200);
      const companies = new Map(
        (
          page.json().conversations as Array<{ id: string; companies: { data: Array<{ name: string }> } }>
        ).map((c) => [c.id, c.companies.data.map((company) => company.name)]),
      );
      expect(companies.get(shared.id)).toEqual([acme.name, globex.name]);
      expect(companies.get(alone.id)).toEqual([]);
      const one = await agent("GET", `/app/api/conversations/${shared.id}`);
      expect(one.json().companies).toMatchObject({
        type: "list",
        data: [{ name: acme.name }, { name: globex.name }],
      });
    });

    it("never finds another workspace's tickets or conversations by its company id", async () => {
      const { db } = await dialect.db();
      const theirs = await buildWorkspace(db);
      const theirCompany = await buildCompany(db, theirs, "Theirs");
      const theirPerson = await buildContact(db, theirs, { companies: [theirCompany] });
      await buildConversation(db, theirs, theirPerson);
      await buildTicket(db, theirs, { contacts: [theirPerson], title: "Their ticket" });

      const mine = await buildWorkspace(db);
      const agent = await signedInTeammate(await app(), db, mine, "agent");
      const byCompany = { field: "company_id", operator: "=", value: theirCompany.id };
      const tickets = await agent("POST", "/app/api/tickets/search", { query: byCompany });
      expect(tickets.json().tickets).toEqual([]);
      const conversations = await agent("POST", "/app/api/conversations/search", { query: byCompany });
      expect(conversations.json().conversations).toEqual([]);
      expect((await agent("GET", `/app/api/companies/${theirCompany.id}`)).statusCode).toBe(404);
      expect((await agent("GET", `/app/api/companies/${theirCompany.id}/contacts`)).statusCode).toBe(404);
    });
  });
}
