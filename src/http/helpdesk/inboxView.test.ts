// The inbox view kept in the URL, and the search queries it sends, run against the real API.
import { describe, expect, it } from "vitest";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildTicket,
  buildTicketType,
  buildWorkspace,
} from "../../../test/factories.ts";
import { signedInTeammate } from "../../../test/teammates.ts";
import { listStatesOfType } from "../../domain/tickets/ticketState.repository.ts";
import { updateTicket } from "../../domain/tickets/ticketUpdater.ts";
import {
  DEFAULT_COLUMNS,
  inboxSearch,
  parseInboxState,
  ticketSearchQuery,
  conversationSearchQuery,
} from "../../../web/helpdesk/inboxView.ts";

describe("inbox view in the URL", () => {
  it("reads back what it writes, leaving defaults out", () => {
    const state = {
      ...parseInboxState(""),
      view: "mine" as const,
      company: "c1",
      state: "in_progress" as const,
      createdFrom: "2026-01-01",
      text: "printer",
      columns: [...DEFAULT_COLUMNS, "company" as const],
      sort: "created_at" as const,
      order: "ascending" as const,
    };
    const search = inboxSearch(state);
    expect(search).toContain("view=mine");
    expect(parseInboxState(search)).toEqual(state);
    expect(inboxSearch(parseInboxState(""))).toBe("");
    const byTitle = { ...parseInboxState(""), sort: "title" as const, order: "ascending" as const };
    expect(parseInboxState(inboxSearch(byTitle))).toEqual(byTitle);
  });

  it("ignores values it does not know instead of failing", () => {
    const state = parseInboxState("?view=nope&state=lost&created_from=yesterday&columns=bogus&sort=priority");
    expect(state).toEqual(parseInboxState(""));
  });
});

for (const dialect of testDialects()) {
  describe(`inbox queries against the API (${dialect.name})`, () => {
    const app = testApp(dialect);

    it("finds exactly the tickets each view and filter describes", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const acme = await buildCompany(db, workspace, "Acme");
      const globex = await buildCompany(db, workspace, "Globex");
      const acmePerson = await buildContact(db, workspace, { companies: [acme] });
      const globexPerson = await buildContact(db, workspace, { companies: [globex] });
      const type = await buildTicketType(db, workspace, "customer");
      const tracker = await buildTicketType(db, workspace, "tracker");
      const teammate = await signedInTeammate(await app(), db, workspace, "agent");
      const me = (await teammate("GET", "/app/me")).json().id as string;

      await buildTicket(db, workspace, {
        type,
        contacts: [acmePerson],
        title: "Printer on fire",
      });
      const login = await buildTicket(db, workspace, { type, contacts: [globexPerson], title: "Login loop" });
      const closed = await buildTicket(db, workspace, { type, contacts: [acmePerson], title: "Old printer" });
      await buildTicket(db, workspace, { type: tracker, title: "Known printer bug" });
      const inProgress = (await listStatesOfType(db, workspace.id, type.id)).find(
        (s) => s.category === "in_progress",
      )!;
      await updateTicket(db, workspace.id, closed.id, { open: false }, { type: "bot" });
      await updateTicket(
        db,
        workspace.id,
        login.id,
        { assigneeId: me, stateId: inProgress.id },
        { type: "bot" },
      );

      async function titles(search: string): Promise<string[]> {
        const state = parseInboxState(search);
        const response = await teammate("POST", "/app/api/tickets/search", {
          query: ticketSearchQuery(state, me),
          sort: { field: state.sort, order: state.order },
        });
        expect(response.statusCode, search).toBe(200);
        return (response.json().tickets as Array<{ ticket_attributes: { _default_title_: string } }>)
          .map((t) => t.ticket_attributes._default_title_)
          .sort();
      }

      expect(await titles("")).toEqual(["Known printer bug", "Login loop", "Printer on fire"]);
      expect(await titles("?view=all")).toEqual([
        "Known printer bug",
        "Login loop",
        "Old printer",
        "Printer on fire",
      ]);
      expect(await titles("?view=mine")).toEqual(["Login loop"]);
      expect(await titles("?view=unassigned")).toEqual(["Known printer bug", "Printer on fire"]);
      expect(await titles(`?view=all&company=${acme.id}`)).toEqual(["Old printer", "Printer on fire"]);
      expect(await titles("?view=all&status=closed")).toEqual(["Old printer"]);
      expect(await titles("?state=in_progress")).toEqual(["Login loop"]);
      expect(await titles("?category=tracker")).toEqual(["Known printer bug"]);
      expect(await titles(`?type=${type.id}&q=printer`)).toEqual(["Printer on fire"]);
      expect(await titles(`?view=all&assignee=0&q=PRINTER`)).toEqual([
        "Known printer bug",
        "Old printer",
        "Printer on fire",
      ]);
      const today = new Date();
      const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
      expect(await titles(`?created_from=${day}&updated_to=${day}`)).toEqual([
        "Known printer bug",
        "Login loop",
        "Printer on fire",
      ]);
      expect(await titles("?created_to=2000-01-01")).toEqual([]);

      // The table's sortable columns: number and title, besides the dates (rows in the order returned).
      async function inOrder(search: string): Promise<string[]> {
        const state = parseInboxState(search);
        const response = await teammate("POST", "/app/api/tickets/search", {
          query: ticketSearchQuery(state, me),
          sort: { field: state.sort, order: state.order },
        });
        expect(response.statusCode, search).toBe(200);
        return (response.json().tickets as Array<{ ticket_attributes: { _default_title_: string } }>).map(
          (t) => t.ticket_attributes._default_title_,
        );
      }
      const allTitles = ["Known printer bug", "Login loop", "Old printer", "Printer on fire"];
      expect(await inOrder("?view=all&sort=title&order=ascending")).toEqual(allTitles);
      expect(await inOrder("?view=all&sort=title")).toEqual([...allTitles].reverse());
      const byNumber = await inOrder("?view=all&sort=ticket_id&order=ascending");
      expect(await inOrder("?view=all&sort=ticket_id")).toEqual([...byNumber].reverse());

      const conversations = await teammate("POST", "/app/api/conversations/search", {
        query: conversationSearchQuery(parseInboxState("?kind=conversations&q=export"), me),
      });
      expect(conversations.statusCode).toBe(200);
    });
  });
}
