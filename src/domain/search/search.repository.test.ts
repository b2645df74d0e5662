// Search on both dialects: every operator kind, nested groups, joined fields, keyset pages and tenant scope.
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/database.ts";
import type { Ticket, TicketStateCategory, TicketType, Workspace } from "../../db/schema.ts";
import {
  buildCompany,
  buildContact,
  buildTeammate,
  buildTicket,
  buildTicketType,
  buildWorkspace,
} from "../../../test/factories.ts";
import { testDialects } from "../../../test/dialects.ts";
import { createContact } from "../contacts/contactCommands.ts";
import { startConversation } from "../conversations/conversationCommands.ts";
import { DomainError } from "../errors.ts";
import type { Cursor, PageRequest } from "../pagination.ts";
import { listStatesOfType } from "../tickets/ticketState.repository.ts";
import { createTicketTypeAttribute } from "../tickets/ticketTypeCommands.ts";
import { deleteTicket, updateTicket } from "../tickets/ticketUpdater.ts";
import {
  COUNT_LIMIT,
  searchContacts,
  searchConversations,
  searchTickets,
  type SearchResult,
  type TicketSort,
} from "./search.repository.ts";

const firstPage = (perPage = 100): PageRequest => ({ perPage, after: null });
const filter = (field: string, operator: string, value: unknown) => ({ field, operator, value });
const idsOf = (...rows: { id: string }[]) => rows.map((r) => r.id).sort();

/** unix seconds -> ms within that second */
const at = (seconds: number, ms = 0) => seconds * 1000 + ms;

async function setTicketTimes(db: Db, ticket: Ticket, createdAt: number, updatedAt = createdAt) {
  await db
    .updateTable("tickets")
    .set({ created_at: createdAt, updated_at: updatedAt })
    .where("workspace_id", "=", ticket.workspace_id)
    .where("id", "=", ticket.id)
    .execute();
}

async function moveToState(db: Db, workspace: Workspace, ticket: Ticket, category: TicketStateCategory) {
  const states = await listStatesOfType(db, workspace.id, ticket.ticket_type_id);
  const state = states.find((s) => s.category === category)!;
  return db
    .transaction()
    .execute((trx) => updateTicket(trx, workspace.id, ticket.id, { stateId: state.id }, { type: "bot" }));
}

/** Every page of a search, following `next` until it is absent. */
async function allPages<T extends { id: string }>(
  search: (page: PageRequest) => Promise<SearchResult<T>>,
  perPage: number,
): Promise<{ pages: SearchResult<T>[]; ids: string[] }> {
  const pages: SearchResult<T>[] = [];
  let after: Cursor | null = null;
  do {
    const result = await search({ perPage, after });
    pages.push(result);
    after = result.next;
  } while (after !== null && pages.length < 50);
  return { pages, ids: pages.flatMap((p) => p.rows.map((r) => r.id)) };
}

for (const dialect of testDialects()) {
  describe(`search (${dialect.name})`, () => {
    async function ticketIds(workspace: Workspace, query: unknown) {
      const { db } = await dialect.db();
      const result = await searchTickets(db, workspace.id, query, firstPage());
      expect(result.totalCount).toBe(result.rows.length);
      return result.rows.map((t) => t.id).sort();
    }

    it("applies every operator to a string field, case-insensitively and with %, _ and \\ taken literally", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const fire = await buildTicket(db, workspace, { type, title: "Printer on fire" });
      const jam = await buildTicket(db, workspace, { type, title: "printer jammed" });
      const sale = await buildTicket(db, workspace, { type, title: "Sale: 50% off a_b" });
      const pages = await buildTicket(db, workspace, { type, title: "500 pages of axb" });
      const slash = await buildTicket(db, workspace, { type, title: "C:\\temp is full" });

      expect(await ticketIds(workspace, filter("title", "=", "Printer on fire"))).toEqual(idsOf(fire));
      expect(await ticketIds(workspace, filter("title", "!=", "Printer on fire"))).toEqual(
        idsOf(jam, sale, pages, slash),
      );
      expect(await ticketIds(workspace, filter("title", "IN", ["printer jammed", "nope"]))).toEqual(
        idsOf(jam),
      );
      expect(
        await ticketIds(workspace, filter("title", "NIN", ["printer jammed", "Printer on fire"])),
      ).toEqual(idsOf(sale, pages, slash));
      expect(await ticketIds(workspace, filter("title", "~", "PRINTER"))).toEqual(idsOf(fire, jam));
      expect(await ticketIds(workspace, filter("title", "!~", "printer"))).toEqual(idsOf(sale, pages, slash));
      expect(await ticketIds(workspace, filter("title", "^", "print"))).toEqual(idsOf(fire, jam));
      expect(await ticketIds(workspace, filter("title", "$", "FIRE"))).toEqual(idsOf(fire));
      // Unescaped, "50%" would also match "500 pages", "a_b" would match "axb" and "%" everything.
      expect(await ticketIds(workspace, filter("title", "~", "50%"))).toEqual(idsOf(sale));
      expect(await ticketIds(workspace, filter("title", "~", "a_b"))).toEqual(idsOf(sale));
      expect(await ticketIds(workspace, filter("title", "~", "%"))).toEqual(idsOf(sale));
      expect(await ticketIds(workspace, filter("title", "~", "\\temp"))).toEqual(idsOf(slash));
      expect(await ticketIds(workspace, filter("description", "=", ""))).toHaveLength(5);
    });

    it("compares dates in unix seconds against millisecond timestamps, inclusively", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const [a, b, c] = [
        await buildTicket(db, workspace, { type }),
        await buildTicket(db, workspace, { type }),
        await buildTicket(db, workspace, { type }),
      ];
      await setTicketTimes(db, a!, at(1_306_054_100, 0));
      await setTicketTimes(db, b!, at(1_306_054_154, 999));
      await setTicketTimes(db, c!, at(1_306_054_200, 1));

      expect(await ticketIds(workspace, filter("created_at", "=", 1_306_054_154))).toEqual(idsOf(b!));
      expect(await ticketIds(workspace, filter("created_at", "!=", "1306054154"))).toEqual(idsOf(a!, c!));
      expect(await ticketIds(workspace, filter("created_at", "IN", [1_306_054_100, "1306054200"]))).toEqual(
        idsOf(a!, c!),
      );
      expect(await ticketIds(workspace, filter("created_at", "NIN", [1_306_054_100]))).toEqual(idsOf(b!, c!));
      // The SDK sends numbers as strings; < and > are inclusive.
      expect(await ticketIds(workspace, filter("created_at", "<", "1306054154"))).toEqual(idsOf(a!, b!));
      expect(await ticketIds(workspace, filter("created_at", "<=", 1_306_054_153))).toEqual(idsOf(a!));
      expect(await ticketIds(workspace, filter("created_at", ">", 1_306_054_154))).toEqual(idsOf(b!, c!));
      expect(await ticketIds(workspace, filter("created_at", ">=", 1_306_054_155))).toEqual(idsOf(c!));
      expect(await ticketIds(workspace, filter("updated_at", ">", 1_306_054_200))).toEqual(idsOf(c!));
    });

    it("filters snoozed_until, open and null values", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const snoozed = await buildTicket(db, workspace, { type });
      const closed = await buildTicket(db, workspace, { type });
      const plain = await buildTicket(db, workspace, { type });
      const wakeUp = Math.floor(Date.now() / 1000) + 3600;
      await db
        .transaction()
        .execute((trx) =>
          updateTicket(trx, workspace.id, snoozed.id, { snoozedUntil: wakeUp * 1000 + 250 }, { type: "bot" }),
        );
      await db
        .transaction()
        .execute((trx) => updateTicket(trx, workspace.id, closed.id, { open: false }, { type: "bot" }));

      expect(await ticketIds(workspace, filter("snoozed_until", "=", null))).toEqual(idsOf(closed, plain));
      expect(await ticketIds(workspace, filter("snoozed_until", "!=", null))).toEqual(idsOf(snoozed));
      expect(await ticketIds(workspace, filter("snoozed_until", "=", wakeUp))).toEqual(idsOf(snoozed));
      expect(await ticketIds(workspace, filter("snoozed_until", ">", wakeUp + 1))).toEqual([]);
      // A negation includes the tickets where the field is null.
      expect(await ticketIds(workspace, filter("snoozed_until", "!=", wakeUp))).toEqual(idsOf(closed, plain));
      expect(await ticketIds(workspace, filter("open", "=", false))).toEqual(idsOf(closed));
      expect(await ticketIds(workspace, filter("open", "=", "true"))).toEqual(idsOf(snoozed, plain));
      expect(await ticketIds(workspace, filter("open", "!=", true))).toEqual(idsOf(closed));
    });

    it("applies every operator to id fields", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const typeA = await buildTicketType(db, workspace, "tracker");
      const typeB = await buildTicketType(db, workspace, "tracker");
      const a1 = await buildTicket(db, workspace, { type: typeA });
      const a2 = await buildTicket(db, workspace, { type: typeA });
      const b1 = await buildTicket(db, workspace, { type: typeB });

      expect(await ticketIds(workspace, filter("id", "=", a2.id))).toEqual(idsOf(a2));
      expect(await ticketIds(workspace, filter("id", "!=", a2.id))).toEqual(idsOf(a1, b1));
      expect(await ticketIds(workspace, filter("id", "IN", [a1.id, b1.id, "missing"]))).toEqual(
        idsOf(a1, b1),
      );
      expect(await ticketIds(workspace, filter("id", "NIN", [a1.id]))).toEqual(idsOf(a2, b1));
      expect(await ticketIds(workspace, filter("ticket_type_id", "=", typeA.id))).toEqual(idsOf(a1, a2));
      expect(await ticketIds(workspace, filter("ticket_type_id", "NIN", [typeA.id]))).toEqual(idsOf(b1));
    });

    it("combines nested AND and OR groups", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const fire = await buildTicket(db, workspace, { type, title: "Printer on fire" });
      const jam = await buildTicket(db, workspace, { type, title: "Printer jammed" });
      const coffee = await buildTicket(db, workspace, { type, title: "Coffee machine" });
      await db
        .transaction()
        .execute((trx) => updateTicket(trx, workspace.id, jam.id, { open: false }, { type: "bot" }));

      const query = {
        operator: "OR",
        value: [
          {
            operator: "AND",
            value: [filter("title", "~", "printer"), filter("open", "=", true)],
          },
          filter("title", "^", "coffee"),
        ],
      };
      expect(await ticketIds(workspace, query)).toEqual(idsOf(fire, coffee));
      const and = {
        operator: "AND",
        value: [filter("title", "~", "printer"), { operator: "OR", value: [filter("open", "=", false)] }],
      };
      expect(await ticketIds(workspace, and)).toEqual(idsOf(jam));
    });

    it("filters by contact_ids: has, has not, any of, none of", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "customer");
      const pat = await buildContact(db, workspace);
      const sam = await buildContact(db, workspace);
      const kim = await buildContact(db, workspace);
      const patOnly = await buildTicket(db, workspace, { type, contacts: [pat] });
      const patAndSam = await buildTicket(db, workspace, { type, contacts: [pat, sam] });
      const kimOnly = await buildTicket(db, workspace, { type, contacts: [kim] });
      const tracker = await buildTicket(db, workspace, { category: "tracker", contacts: [] });

      expect(await ticketIds(workspace, filter("contact_ids", "=", pat.id))).toEqual(
        idsOf(patOnly, patAndSam),
      );
      expect(await ticketIds(workspace, filter("contact_ids", "!=", pat.id))).toEqual(
        idsOf(kimOnly, tracker),
      );
      expect(await ticketIds(workspace, filter("contact_ids", "IN", [sam.id, kim.id]))).toEqual(
        idsOf(patAndSam, kimOnly),
      );
      expect(await ticketIds(workspace, filter("contact_ids", "NIN", [sam.id, kim.id]))).toEqual(
        idsOf(patOnly, tracker),
      );
      expect(await ticketIds(workspace, filter("contact_ids", "=", null))).toEqual(idsOf(tracker));
    });

    it("filters by company_id, category and state", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const globex = await buildCompany(db, workspace, "Globex");
      const initech = await buildCompany(db, workspace, "Initech");
      const globexPerson = await buildContact(db, workspace, { companies: [globex] });
      const initechPerson = await buildContact(db, workspace, { companies: [initech] });
      const request = await buildTicket(db, workspace, { contacts: [globexPerson], companyId: globex.id });
      const other = await buildTicket(db, workspace, { contacts: [initechPerson], companyId: initech.id });
      const task = await buildTicket(db, workspace, { category: "back_office", contacts: [] });
      const tracker = await buildTicket(db, workspace, { category: "tracker", contacts: [] });
      await moveToState(db, workspace, other, "in_progress");
      await moveToState(db, workspace, task, "resolved");

      expect(await ticketIds(workspace, filter("company_id", "=", globex.id))).toEqual(idsOf(request));
      expect(await ticketIds(workspace, filter("company_id", "=", null))).toEqual(idsOf(task, tracker));
      expect(await ticketIds(workspace, filter("company_id", "!=", globex.id))).toEqual(
        idsOf(other, task, tracker),
      );
      expect(await ticketIds(workspace, filter("company_id", "IN", [globex.id, initech.id]))).toEqual(
        idsOf(request, other),
      );

      expect(await ticketIds(workspace, filter("category", "=", "request"))).toEqual(idsOf(request, other));
      expect(await ticketIds(workspace, filter("category", "=", "task"))).toEqual(idsOf(task));
      expect(await ticketIds(workspace, filter("category", "IN", ["tracker", "back_office"]))).toEqual(
        idsOf(task, tracker),
      );
      expect(await ticketIds(workspace, filter("category", "!=", "request"))).toEqual(idsOf(task, tracker));

      expect(await ticketIds(workspace, filter("state", "=", "submitted"))).toEqual(idsOf(request, tracker));
      expect(await ticketIds(workspace, filter("state", "=", "in_progress"))).toEqual(idsOf(other));
      expect(await ticketIds(workspace, filter("state", "IN", ["in_progress", "resolved"]))).toEqual(
        idsOf(other, task),
      );
      expect(await ticketIds(workspace, filter("state", "NIN", ["submitted"]))).toEqual(idsOf(other, task));
      expect(await ticketIds(workspace, filter("state", "!=", "resolved"))).toEqual(
        idsOf(request, other, tracker),
      );
    });

    it("filters by ticket attributes as text and as numbers", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type: TicketType = await buildTicketType(db, workspace, "tracker");
      const [plan, seats, urgent] = await db.transaction().execute(async (trx) => [
        await createTicketTypeAttribute(trx, workspace.id, type.id, { name: "Plan", dataType: "string" }),
        await createTicketTypeAttribute(trx, workspace.id, type.id, { name: "Seats", dataType: "integer" }),
        await createTicketTypeAttribute(trx, workspace.id, type.id, {
          name: "Urgent",
          dataType: "boolean",
        }),
      ]);
      const pro = await buildTicket(db, workspace, {
        type,
        attributes: { Plan: "Pro 100% plan", Seats: 5, Urgent: true },
      });
      const basic = await buildTicket(db, workspace, {
        type,
        attributes: { Plan: "basic", Seats: 120, Urgent: false },
      });
      const bare = await buildTicket(db, workspace, { type });
      const field = (a: { id: string }) => `ticket_attribute.${a.id}`;

      expect(await ticketIds(workspace, filter(field(plan!), "=", "basic"))).toEqual(idsOf(basic));
      expect(await ticketIds(workspace, filter(field(plan!), "~", "100%"))).toEqual(idsOf(pro));
      expect(await ticketIds(workspace, filter(field(plan!), "^", "PRO"))).toEqual(idsOf(pro));
      expect(await ticketIds(workspace, filter(field(plan!), "!=", "basic"))).toEqual(idsOf(pro, bare));
      expect(await ticketIds(workspace, filter(field(plan!), "=", null))).toEqual(idsOf(bare));
      expect(await ticketIds(workspace, filter(field(seats!), "=", 5))).toEqual(idsOf(pro));
      expect(await ticketIds(workspace, filter(field(seats!), "IN", ["120", 7]))).toEqual(idsOf(basic));
      // Numerically, not as text ("120" < "5" as strings).
      expect(await ticketIds(workspace, filter(field(seats!), ">", "10"))).toEqual(idsOf(basic));
      expect(await ticketIds(workspace, filter(field(seats!), "<", 120))).toEqual(idsOf(pro, basic));
      expect(await ticketIds(workspace, filter(field(seats!), "<", 119.5))).toEqual(idsOf(pro));
      // A string attribute never matches a numeric comparison (and never fails the query).
      expect(await ticketIds(workspace, filter(field(plan!), ">", 0))).toEqual([]);
      expect(await ticketIds(workspace, filter(field(urgent!), "=", true))).toEqual(idsOf(pro));
      expect(await ticketIds(workspace, filter(field(urgent!), "=", "false"))).toEqual(idsOf(basic));
    });

    it("filters by teammate_ids, admin_assignee_id and team_assignee_id", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const alex = await buildTeammate(db, workspace);
      const robin = await buildTeammate(db, workspace);
      const type = await buildTicketType(db, workspace, "tracker");
      const assigned = await buildTicket(db, workspace, { type });
      const written = await buildTicket(db, workspace, {
        type,
        author: { type: "admin", teammateId: robin.id },
      });
      const nobody = await buildTicket(db, workspace, { type });
      await db
        .transaction()
        .execute((trx) =>
          updateTicket(trx, workspace.id, assigned.id, { assigneeId: alex.id }, { type: "bot" }),
        );

      expect(await ticketIds(workspace, filter("admin_assignee_id", "=", alex.id))).toEqual(idsOf(assigned));
      expect(await ticketIds(workspace, filter("admin_assignee_id", "=", "0"))).toEqual(
        idsOf(written, nobody),
      );
      expect(await ticketIds(workspace, filter("admin_assignee_id", "!=", "0"))).toEqual(idsOf(assigned));
      expect(await ticketIds(workspace, filter("admin_assignee_id", "!=", alex.id))).toEqual(
        idsOf(written, nobody),
      );
      expect(await ticketIds(workspace, filter("admin_assignee_id", "IN", ["0", alex.id]))).toHaveLength(3);
      expect(await ticketIds(workspace, filter("admin_assignee_id", "NIN", ["0"]))).toEqual(idsOf(assigned));

      expect(await ticketIds(workspace, filter("teammate_ids", "=", alex.id))).toEqual(idsOf(assigned));
      expect(await ticketIds(workspace, filter("teammate_ids", "=", robin.id))).toEqual(idsOf(written));
      expect(await ticketIds(workspace, filter("teammate_ids", "IN", [alex.id, robin.id]))).toEqual(
        idsOf(assigned, written),
      );
      expect(await ticketIds(workspace, filter("teammate_ids", "NIN", [alex.id, robin.id]))).toEqual(
        idsOf(nobody),
      );

      expect(await ticketIds(workspace, filter("team_assignee_id", "=", "0"))).toHaveLength(3);
      expect(await ticketIds(workspace, filter("team_assignee_id", "=", "42"))).toEqual([]);
      expect(await ticketIds(workspace, filter("team_assignee_id", "NIN", ["0"]))).toEqual([]);
    });

    it("pages through matches with keyset cursors, each row exactly once, in sort order", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const matching: Ticket[] = [];
      for (let i = 0; i < 8; i++) {
        const ticket = await buildTicket(db, workspace, { type, title: `Outage ${i}` });
        // Ties on created_at (pairs share a millisecond) must be broken by id, not lost or repeated.
        await setTicketTimes(db, ticket, at(1_700_000_000 + Math.floor(i / 2)), at(1_800_000_000 - i));
        matching.push(ticket);
      }
      await buildTicket(db, workspace, { type, title: "Unrelated" });
      const query = filter("title", "^", "outage");

      const newestFirst = await allPages((page) => searchTickets(db, workspace.id, query, page), 3);
      expect(newestFirst.pages.map((p) => p.page)).toEqual([1, 2, 3]);
      expect(newestFirst.pages.map((p) => p.rows.length)).toEqual([3, 3, 2]);
      expect(newestFirst.pages.every((p) => p.totalCount === 8)).toBe(true);
      expect(newestFirst.pages[2]!.next).toBeNull();
      const expectedOrder = [...matching]
        .map((t, i) => ({ id: t.id, created: at(1_700_000_000 + Math.floor(i / 2)) }))
        .sort((x, y) => y.created - x.created || (y.id < x.id ? -1 : 1))
        .map((t) => t.id);
      expect(newestFirst.ids).toEqual(expectedOrder);

      const sort: TicketSort = { field: "updated_at", order: "ascending" };
      const oldestUpdate = await allPages((page) => searchTickets(db, workspace.id, query, page, sort), 5);
      expect(oldestUpdate.pages.map((p) => p.rows.length)).toEqual([5, 3]);
      expect(oldestUpdate.ids).toEqual([...matching].reverse().map((t) => t.id));
      expect(oldestUpdate.pages[0]!.next).toMatchObject({ value: at(1_800_000_000 - 3), page: 2 });
    });

    it("sorts by ticket number and by title across pages, for the Help Desk's table", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const titles = ["Delta outage", "alpha outage", "Charlie outage", "Bravo outage", "Bravo outage"];
      const made = [];
      for (const title of titles) made.push(await buildTicket(db, workspace, { type, title }));
      const query = filter("title", "~", "outage");

      const byNumber = await allPages(
        (page) => searchTickets(db, workspace.id, query, page, { field: "ticket_id", order: "descending" }),
        2,
      );
      expect(byNumber.ids).toEqual([...made].reverse().map((t) => t.id));
      expect(byNumber.pages.map((p) => p.rows.length)).toEqual([2, 2, 1]);

      const byTitle = await allPages(
        (page) => searchTickets(db, workspace.id, query, page, { field: "title", order: "ascending" }),
        2,
      );
      // Each database orders text by its own collation; the pages must walk that order without a gap or a repeat.
      const titleOf = new Map(made.map((t) => [t.id, t.title]));
      expect(new Set(byTitle.ids).size).toBe(5);
      const oneQuery = await searchTickets(
        db,
        workspace.id,
        query,
        { perPage: 10, after: null },
        {
          field: "title",
          order: "ascending",
        },
      );
      expect(byTitle.ids).toEqual(oneQuery.rows.map((t) => t.id));
      expect(byTitle.ids.map((id) => titleOf.get(id)).filter((t) => t === "Bravo outage")).toHaveLength(2);
    });

    it("finds text anywhere in the title or description through the trigram index, and follows edits and deletes", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const other = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const described = (title: string, description: string) =>
        buildTicket(db, workspace, { type, title, attributes: { _default_description_: description } });
      const mobile = await described("Mobile app crashes", "On start");
      const cafe = await described("Menu", "The CAFÉ's checkout is slow");
      const plain = await described("Nothing here", "Still nothing");
      await buildTicket(db, other, { category: "tracker", title: "Mobile too, elsewhere" });
      // Enough matches that the candidates become a set rather than a list of keys (ticketText.ts).
      const many: Ticket[] = [];
      for (let i = 0; i < 305; i++) many.push(await described(`Widget ${i}`, "x"));
      const titleOrDescription = (text: string) => ({
        operator: "OR",
        value: [filter("title", "~", text), filter("description", "~", text)],
      });

      expect(await ticketIds(workspace, filter("title", "~", "bile"))).toEqual(idsOf(mobile));
      expect(await ticketIds(workspace, filter("title", "~", "APP CRA"))).toEqual(idsOf(mobile));
      expect(await ticketIds(workspace, titleOrDescription("checkout"))).toEqual(idsOf(cafe));
      // The index folds é to e; the exact condition (lower(), ASCII only) decides, as without the index.
      expect(await ticketIds(workspace, titleOrDescription("cafe"))).toEqual([]);
      expect(await ticketIds(workspace, filter("description", "^", "on st"))).toEqual(idsOf(mobile));
      expect(await ticketIds(workspace, filter("title", "$", "ashes"))).toEqual(idsOf(mobile));
      const widgets = await allPages(
        (page) => searchTickets(db, workspace.id, filter("title", "~", "widget"), page),
        100,
      );
      expect(widgets.ids.sort()).toEqual(idsOf(...many));
      expect(widgets.pages[0]!.totalCount).toBe(305);
      // Run a part of the candidates at a time (ticketText.ts), pages and counts are those of one part.
      for (const sort of [
        { field: "title", order: "ascending" },
        { field: "created_at", order: "descending" },
        { field: "updated_at", order: "ascending" },
      ] as const) {
        const query = {
          operator: "AND",
          value: [filter("title", "~", "widget"), filter("title", "!~", "7")],
        };
        const walkWith = (chunk?: number) =>
          allPages((page) => searchTickets(db, workspace.id, query, page, sort, chunk), 30);
        const whole = await walkWith();
        const inParts = await walkWith(40);
        expect(inParts.ids).toEqual(whole.ids);
        expect(inParts.pages.map((p) => p.totalCount)).toEqual(whole.pages.map((p) => p.totalCount));
        expect(whole.ids).toHaveLength(many.filter((t) => !t.title.includes("7")).length);
      }
      expect(
        await ticketIds(workspace, {
          operator: "AND",
          value: [filter("title", "~", "widget 1"), filter("title", "!~", "widget 10")],
        }),
      ).toEqual(
        idsOf(...many.filter((t) => t.title.startsWith("Widget 1") && !t.title.startsWith("Widget 10"))),
      );
      expect(await ticketIds(workspace, filter("title", "~", "nowhere at all"))).toEqual([]);

      await db
        .transaction()
        .execute((trx) =>
          updateTicket(
            trx,
            workspace.id,
            plain.id,
            { attributes: { _default_title_: "Tablet sync" } },
            { type: "bot" },
          ),
        );
      expect(await ticketIds(workspace, filter("title", "~", "tablet"))).toEqual(idsOf(plain));
      expect(await ticketIds(workspace, filter("title", "~", "nothing"))).toEqual([]);
      await db.transaction().execute((trx) => deleteTicket(trx, workspace.id, mobile.id));
      expect(await ticketIds(workspace, filter("title", "~", "mobile"))).toEqual([]);
    });

    it("counts matches up to COUNT_LIMIT, and pages count the whole set", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      for (let i = 0; i < 5; i++) await buildTicket(db, workspace, { type, title: `Printer ${i}` });
      const page = await searchTickets(db, workspace.id, filter("title", "~", "printer"), firstPage(2));
      expect(page.rows).toHaveLength(2);
      expect(page.totalCount).toBe(5);
      expect(COUNT_LIMIT).toBe(1000);
    });

    it("never returns another workspace's rows, even when they match", async () => {
      const { db } = await dialect.db();
      const mine = await buildWorkspace(db);
      const theirs = await buildWorkspace(db);
      const theirContact = await buildContact(db, theirs, { name: "Shared Name" });
      const theirTicket = await buildTicket(db, theirs, {
        title: "Printer on fire",
        contacts: [theirContact],
      });
      const myTicket = await buildTicket(db, mine, { category: "tracker", title: "Printer on fire" });
      const myContact = await buildContact(db, mine, { name: "Shared Name" });
      const theirConversation = await db
        .transaction()
        .execute((trx) => startConversation(trx, theirs.id, { contactId: theirContact.id, body: "Printer" }));

      const tickets = await searchTickets(db, mine.id, filter("title", "~", "printer"), firstPage());
      expect(tickets.rows.map((t) => t.id)).toEqual([myTicket.id]);
      expect(tickets.totalCount).toBe(1);
      expect(
        (await searchTickets(db, mine.id, filter("contact_ids", "=", theirContact.id), firstPage())).rows,
      ).toEqual([]);
      expect(
        (await searchTickets(db, mine.id, filter("id", "=", theirTicket.id), firstPage())).totalCount,
      ).toBe(0);
      const contacts = await searchContacts(db, mine.id, filter("name", "=", "Shared Name"), firstPage());
      expect(contacts.rows.map((c) => c.id)).toEqual([myContact.id]);
      const conversations = await searchConversations(
        db,
        mine.id,
        filter("id", "=", theirConversation.id),
        firstPage(),
      );
      expect(conversations.rows).toEqual([]);
    });

    it("refuses invalid queries and foreign cursors before touching the database", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const error = await searchTickets(db, workspace.id, filter("colour", "=", "red"), firstPage()).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe("colour");
      const cursor = await searchTickets(db, workspace.id, filter("open", "=", true), {
        perPage: 10,
        after: { value: "abc", id: "x", page: 2 },
      }).catch((e: unknown) => e);
      expect((cursor as DomainError).field).toBe("starting_after");
    });

    it("searches contacts by strings, role, dates and company, newest first across pages", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const globex = await buildCompany(db, workspace, "Globex");
      const ada = await buildContact(db, workspace, { name: "Ada Lovelace", companies: [globex] });
      const alan = await buildContact(db, workspace, { name: "Alan Turing" });
      const grace = await buildContact(db, workspace, { name: "Grace Hopper", companies: [globex] });
      const lead = await db
        .transaction()
        .execute((trx) => createContact(trx, workspace.id, { email: "lead@example.com", name: null }));
      for (const [i, contact] of [ada, alan, grace, lead].entries()) {
        await db
          .updateTable("contacts")
          .set({ created_at: at(1_600_000_000 + i) })
          .where("workspace_id", "=", workspace.id)
          .where("id", "=", contact.id)
          .execute();
      }
      const ids = async (query: unknown) =>
        (await searchContacts(db, workspace.id, query, firstPage())).rows.map((c) => c.id).sort();

      expect(await ids(filter("name", "~", "a"))).toEqual(idsOf(ada, alan, grace));
      expect(await ids(filter("name", "!~", "hopper"))).toEqual(idsOf(ada, alan, lead));
      expect(await ids(filter("email", "$", "@EXAMPLE.com"))).toHaveLength(4);
      expect(await ids(filter("email", "=", "lead@example.com"))).toEqual(idsOf(lead));
      expect(await ids(filter("external_id", "=", null))).toEqual(idsOf(lead));
      expect(await ids(filter("external_id", "IN", [ada.external_id, grace.external_id]))).toEqual(
        idsOf(ada, grace),
      );
      expect(await ids(filter("role", "=", "lead"))).toEqual(idsOf(lead));
      expect(await ids(filter("created_at", ">", 1_600_000_002))).toEqual(idsOf(grace, lead));
      expect(await ids(filter("company_id", "=", globex.id))).toEqual(idsOf(ada, grace));
      expect(await ids(filter("company_id", "NIN", [globex.id]))).toEqual(idsOf(alan, lead));

      const paged = await allPages(
        (page) => searchContacts(db, workspace.id, filter("role", "IN", ["user", "lead"]), page),
        3,
      );
      expect(paged.ids).toEqual([lead.id, grace.id, alan.id, ada.id]);
      expect(paged.pages.map((p) => p.totalCount)).toEqual([4, 4]);
    });

    it("searches conversations by state, participants, assignee and first message, newest first", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const alex = await buildTeammate(db, workspace);
      const pat = await buildContact(db, workspace);
      const sam = await buildContact(db, workspace);
      const start = (contactId: string, body: string, title?: string) =>
        db.transaction().execute((trx) => startConversation(trx, workspace.id, { contactId, body, title }));
      const export_ = await start(pat.id, "The CSV export is broken", "Export");
      const billing = await start(sam.id, "Invoice 100% wrong", "Billing");
      const snoozed = await start(sam.id, "Please call me back");
      const later = Date.now() + 3_600_000;
      const setConversation = (
        id: string,
        values: { open?: 0 | 1; snoozed_until?: number; created_at?: number; admin_assignee_id?: string },
      ) =>
        db
          .updateTable("conversations")
          .set(values)
          .where("workspace_id", "=", workspace.id)
          .where("id", "=", id)
          .execute();
      await setConversation(billing.id, {
        open: 0,
        admin_assignee_id: alex.id,
        created_at: at(1_600_000_001),
      });
      await setConversation(snoozed.id, { snoozed_until: later, created_at: at(1_600_000_002) });
      await setConversation(export_.id, { created_at: at(1_600_000_000) });
      // A later reply is not the source.
      await db
        .insertInto("conversation_parts")
        .values({
          workspace_id: workspace.id,
          id: "ffffffffffffffffffffffff",
          conversation_id: export_.id,
          part_type: "comment",
          body: "Invoice attached",
          author_type: "user",
          author_id: pat.id,
          created_at: Date.now() + 1000,
        })
        .execute();
      const ids = async (query: unknown) =>
        (await searchConversations(db, workspace.id, query, firstPage())).rows.map((c) => c.id).sort();

      expect(await ids(filter("state", "=", "open"))).toEqual(idsOf(export_));
      expect(await ids(filter("state", "=", "closed"))).toEqual(idsOf(billing));
      expect(await ids(filter("state", "=", "snoozed"))).toEqual(idsOf(snoozed));
      expect(await ids(filter("state", "NIN", ["closed"]))).toEqual(idsOf(export_, snoozed));
      expect(await ids(filter("state", "!=", "snoozed"))).toEqual(idsOf(export_, billing));
      expect(await ids(filter("state", "NIN", ["open", "closed"]))).toEqual(idsOf(snoozed));
      expect(await ids(filter("open", "=", false))).toEqual(idsOf(billing));
      expect(await ids(filter("contact_ids", "=", sam.id))).toEqual(idsOf(billing, snoozed));
      expect(await ids(filter("contact_ids", "!=", sam.id))).toEqual(idsOf(export_));
      expect(await ids(filter("admin_assignee_id", "=", alex.id))).toEqual(idsOf(billing));
      expect(await ids(filter("admin_assignee_id", "=", "0"))).toEqual(idsOf(export_, snoozed));
      expect(await ids(filter("source.body", "~", "invoice"))).toEqual(idsOf(billing));
      expect(await ids(filter("source.body", "~", "100%"))).toEqual(idsOf(billing));
      expect(await ids(filter("title", "=", null))).toEqual(idsOf(snoozed));
      expect(await ids(filter("created_at", "<", 1_600_000_001))).toEqual(idsOf(export_, billing));

      const paged = await allPages(
        (page) => searchConversations(db, workspace.id, filter("id", "NIN", ["x"]), page),
        2,
      );
      expect(paged.ids).toEqual([snoozed.id, billing.id, export_.id]);
      expect(paged.pages.map((p) => p.totalCount)).toEqual([3, 3]);
    });
  });
}
