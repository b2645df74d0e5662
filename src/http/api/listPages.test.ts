// Lists and searches present a page in a fixed number of statements whatever its size (DESIGN: "lists
// are presented a page at a time"): a page of 3 and a page of 20 run exactly as many, on both surfaces.
import { describe, expect, it } from "vitest";
import type { Company } from "../../db/schema.ts";
import { buildApiWorkspace, caller, type Call } from "../../../test/api.ts";
import { testDialects } from "../../../test/dialects.ts";
import { buildCompany, buildContact, buildConversation } from "../../../test/factories.ts";
import { countingTestApp } from "../../../test/statements.ts";
import { signedInTeammate } from "../../../test/teammates.ts";
import { buildBusyTickets } from "../../../test/ticketPages.ts";

type Answer = Awaited<ReturnType<Call>>;

for (const dialect of testDialects()) {
  describe(`list pages (${dialect.name})`, () => {
    const { app, counter } = countingTestApp(dialect);

    /** The statements `request` runs for a page of 3 and of 20, after one call to warm up. */
    async function statementsPerPage(
      request: (perPage: number) => Promise<Answer>,
      rows: (a: Answer) => number,
    ) {
      await request(20);
      const count = async (perPage: number) => {
        const { result, statements } = await (await counter()).count(() => request(perPage));
        expect(result.statusCode, result.body).toBe(200);
        expect(rows(result)).toBe(perPage);
        return statements;
      };
      return { three: await count(3), twenty: await count(20) };
    }

    function expectSameCount({ three, twenty }: { three: string[]; twenty: string[] }) {
      expect(twenty.length, `page of 20:\n${twenty.join("\n")}\n\npage of 3:\n${three.join("\n")}`).toBe(
        three.length,
      );
    }

    it("presents a ticket search page of 3 and of 20 in the same statements, in the API and the Help Desk", async () => {
      const { db } = await dialect.db();
      const { workspace, token } = await buildApiWorkspace(db);
      const { customerType } = await buildBusyTickets(db, workspace, 22);
      const query = { field: "ticket_type_id", operator: "=", value: customerType.id };
      const tickets = (a: Answer) => (a.json().tickets as unknown[]).length;

      const api = caller(await app(), token);
      const viaApi = await statementsPerPage(
        (perPage) => api("POST", "/api/tickets/search", { query, pagination: { per_page: perPage } }),
        tickets,
      );
      expectSameCount(viaApi);

      const teammate = await signedInTeammate(await app(), db, workspace, "agent");
      const viaHelpDesk = await statementsPerPage(
        (perPage) =>
          teammate("POST", "/app/api/tickets/search", { query, pagination: { per_page: perPage } }),
        tickets,
      );
      expectSameCount(viaHelpDesk);
    });

    it("lists companies, their contacts, a contact's companies, and searches contacts and conversations in fixed statements", async () => {
      const { db } = await dialect.db();
      const { workspace, token } = await buildApiWorkspace(db);
      const companies: Company[] = [];
      for (let i = 0; i < 21; i++) companies.push(await buildCompany(db, workspace, `Company ${i}`));
      const everywhere = await buildContact(db, workspace, { companies });
      for (let i = 0; i < 21; i++) {
        const contact = await buildContact(db, workspace, { companies: [companies[20]!, companies[i % 3]!] });
        await buildConversation(db, workspace, i % 2 === 0 ? contact : everywhere);
      }
      const call = caller(await app(), token);

      expectSameCount(
        await statementsPerPage(
          (perPage) => call("GET", `/api/companies?per_page=${perPage}`),
          (a) => (a.json().data as unknown[]).length,
        ),
      );
      expectSameCount(
        await statementsPerPage(
          (perPage) => call("GET", `/api/companies/${companies[20]!.id}/contacts?per_page=${perPage}`),
          (a) => (a.json().data as unknown[]).length,
        ),
      );
      expectSameCount(
        await statementsPerPage(
          (perPage) =>
            call("POST", "/api/contacts/search", {
              query: { field: "role", operator: "=", value: "user" },
              pagination: { per_page: perPage },
            }),
          (a) => (a.json().data as unknown[]).length,
        ),
      );
      expectSameCount(
        await statementsPerPage(
          (perPage) =>
            call("POST", "/api/conversations/search", {
              query: { field: "open", operator: "=", value: true },
              pagination: { per_page: perPage },
            }),
          (a) => (a.json().conversations as unknown[]).length,
        ),
      );

      // A contact's companies come in one list, not pages: one in 3 companies and one in 20.
      const inThree = await buildContact(db, workspace, { companies: companies.slice(0, 3) });
      const inTwenty = await buildContact(db, workspace, { companies: companies.slice(0, 20) });
      expectSameCount(
        await statementsPerPage(
          (perPage) => call("GET", `/api/contacts/${perPage === 3 ? inThree.id : inTwenty.id}/companies`),
          (a) => (a.json().companies as unknown[]).length,
        ),
      );
    });
  });
}
