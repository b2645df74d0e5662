// The portal list: every page walk held to rule 1's model plus the filters over random worlds, and examples.
import fc from "fast-check";
import { CompiledQuery, sql, type KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildTicket,
  buildTicketType,
  buildWorkspace,
} from "../../../test/factories.ts";
import {
  buildWorldWorkspace,
  modelVisibleTickets,
  worldWorkspaceArb,
  type WorldState,
  type WorldWorkspace,
} from "../../../test/ticketWorlds.ts";
import type { Db } from "../../db/database.ts";
import type { Ticket, TicketCategory, TicketStateCategory } from "../../db/schema.ts";
import { removeMembership, updateCompany } from "../companies/companyCommands.ts";
import { newId } from "../ids.ts";
import type { Cursor } from "../pagination.ts";
import {
  listPortalStateLabels,
  listPortalTickets,
  listViewerCompanies,
  loadPortalRowContext,
  type PortalListFilters,
  type PortalListTicket,
} from "./portalList.repository.ts";
import { presentPortalTicketRow } from "./ticket.presenter.ts";
import type { PortalViewer } from "./ticket.policy.ts";
import { replyToTicket } from "./ticketReplier.ts";
import { changeTicketState, updateTicket } from "./ticketUpdater.ts";

/** Walks every page with a small page size, asserting each page's number and size on the way. */
async function walk(db: Db, viewer: PortalViewer, filters: PortalListFilters, perPage: number) {
  const seen: PortalListTicket[] = [];
  let after: Cursor | null = null;
  for (let expectedPage = 1; ; expectedPage++) {
    const page = await listPortalTickets(db, viewer, filters, { perPage, after });
    expect(page.page).toBe(expectedPage);
    expect(page.rows.length).toBeLessThanOrEqual(perPage);
    if (page.next) expect(page.rows.length).toBe(perPage);
    seen.push(...page.rows);
    if (!page.next) return seen;
    after = page.next;
    if (expectedPage > 200) throw new Error("the walk does not end");
  }
}

// ---- Random worlds -------------------------------------------------------------------------------

const LABELS = ["Open", "Waiting", "Done"];
const WORDS = ["Printer", "fire", "FIRE-drill", "100%", "a_b", "axb", "login", "Lögin"];
const TEXTS = ["fire", "FI", "100%", "%", "_", "a_b", "ogin", "zzz"];

interface FilterSpec {
  stateLabels: string[];
  company: number | "other" | null;
  createdByMe: boolean;
  text: string | null;
  sort: "updated" | "created" | undefined;
  perPage: number;
}

/** Three states; two of them share the label "Open", so one label covers several state ids. */
const STATE_SPECS: WorldState[] = [
  { category: "submitted", label: "Open" },
  { category: "in_progress", label: "Open" },
  { category: "resolved", label: "Done" },
];

const workspaceArb = worldWorkspaceArb({ companies: 3, contacts: 3, memberships: 6 }, (drawn) =>
  fc.array(
    fc.record({
      category: fc.constantFrom<TicketCategory>("customer", "customer", "back_office", "tracker"),
      isShared: fc.boolean(),
      company:
        drawn.companies === 0
          ? fc.constant(null)
          : fc.option(fc.integer({ min: 0, max: drawn.companies - 1 }), { freq: 4 }),
      participants: fc.uniqueArray(fc.integer({ min: 0, max: drawn.contacts - 1 }), { maxLength: 2 }),
      state: fc.integer({ min: 0, max: STATE_SPECS.length - 1 }),
      createdBy: fc.option(fc.integer({ min: 0, max: drawn.contacts - 1 })),
      title: fc.constantFrom(...WORDS).map((word) => `${word} title`),
      description: fc.constantFrom(...WORDS).map((word) => `about ${word}`),
      // A narrow range of times, so ties on the sort column are common and the id must break them.
      updatedAt: fc.integer({ min: 0, max: 4 }),
      createdAt: fc.integer({ min: 0, max: 4 }),
    }),
    { minLength: 2, maxLength: 12 },
  ),
);

/** Mostly no filter at a time, so that walks are long enough to span pages. */
const sometimes = <T>(arb: fc.Arbitrary<T>, none: T) =>
  fc.oneof({ arbitrary: fc.constant(none), weight: 3 }, { arbitrary: arb, weight: 1 });

const filterArb: fc.Arbitrary<FilterSpec> = fc.record({
  stateLabels: sometimes(fc.subarray([...LABELS, "Nope"]), []),
  company: sometimes<number | "other" | null>(
    fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constant("other" as const)),
    null,
  ),
  createdByMe: sometimes(fc.constant(true), false),
  text: sometimes<string | null>(fc.constantFrom(...TEXTS), null),
  sort: fc.constantFrom<"updated" | "created" | undefined>(undefined, "updated", "created"),
  perPage: fc.integer({ min: 1, max: 3 }),
});

/** The worlds' own time; the tickets' times fall a few milliseconds after it. */
const BASE_TIME = 1_700_000_000_000;

function filtersOf(ws: WorldWorkspace, spec: FilterSpec): PortalListFilters {
  const filters: PortalListFilters = { stateLabels: spec.stateLabels, createdByMe: spec.createdByMe };
  if (spec.company === "other") filters.companyId = newId();
  else if (spec.company !== null && ws.companies[spec.company])
    filters.companyId = ws.companies[spec.company]!.id;
  if (spec.text !== null) filters.text = spec.text;
  if (spec.sort) filters.sort = spec.sort;
  return filters;
}

/** Rule 1's plain model, then the filters in plain code, in the list's order. */
function expectedIds(
  worlds: WorldWorkspace[],
  ws: WorldWorkspace,
  contactId: string,
  filters: PortalListFilters,
) {
  const sortColumn = filters.sort === "created" ? "created_at" : "updated_at";
  const visible = modelVisibleTickets(worlds, ws, contactId);
  const text = filters.text?.toLowerCase();
  return visible
    .filter((t) => !filters.stateLabels?.length || filters.stateLabels.includes(t.label))
    .filter((t) => filters.companyId === undefined || t.company_id === filters.companyId)
    .filter((t) => !filters.createdByMe || t.created_by_contact_id === contactId)
    .filter(
      (t) =>
        text === undefined ||
        t.title.toLowerCase().includes(text) ||
        t.description.toLowerCase().includes(text),
    )
    .sort((a, b) => b[sortColumn] - a[sortColumn] || (a.id < b.id ? 1 : -1))
    .map((t) => t.id);
}

for (const dialect of testDialects()) {
  describe(`portal ticket list (${dialect.name})`, () => {
    it("walks, page by page, exactly the visible tickets the filters keep, each once and in order (250 worlds)", async () => {
      const { db } = await dialect.db();
      let walked = 0;
      let nonEmpty = 0;
      let multiPage = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(workspaceArb, { minLength: 2, maxLength: 2 }),
          filterArb,
          async (specs, filterSpec) => {
            const worlds = [];
            for (const spec of specs)
              worlds.push(await buildWorldWorkspace(db, spec, { states: STATE_SPECS, now: BASE_TIME }));
            const ws = worlds[0]!;
            const filters = filtersOf(ws, filterSpec);
            for (const contactId of ws.contacts) {
              const expected = expectedIds(worlds, ws, contactId, filters);
              const rows = await walk(db, { workspaceId: ws.id, contactId }, filters, filterSpec.perPage);
              expect(rows.map((r) => r.id)).toEqual(expected);
              walked++;
              if (expected.length > 0) nonEmpty++;
              if (expected.length > filterSpec.perPage) multiPage++;
            }
          },
        ),
        { numRuns: 250 },
      );
      // The worlds must exercise empty, one-page and several-page walks, or the property proves little.
      expect(nonEmpty).toBeGreaterThan(walked / 5);
      expect(multiPage).toBeGreaterThan(walked / 10);
    });

    it("shows a member the company's tickets, and takes them away the moment the membership goes", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const company = await buildCompany(db, ws);
      const colleague = await buildContact(db, ws, { companies: [company] });
      const viewer = await buildContact(db, ws, { companies: [company] });
      const ticket = await buildTicket(db, ws, { contacts: [colleague], companyId: company.id });
      const page = () =>
        listPortalTickets(db, { workspaceId: ws.id, contactId: viewer.id }, {}, { perPage: 10, after: null });
      expect((await page()).rows.map((t) => t.id)).toEqual([ticket.id]);
      await db
        .transaction()
        .execute((trx) => removeMembership(trx, ws.id, { companyId: company.id, contactId: viewer.id }));
      expect((await page()).rows).toEqual([]);
      expect(await listViewerCompanies(db, { workspaceId: ws.id, contactId: viewer.id })).toEqual([]);
    });

    it("orders a participant's tickets by their latest change, however they change, across pages", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const viewer = await buildContact(db, ws);
      const tickets: Ticket[] = [];
      for (let i = 0; i < 5; i++) {
        tickets.push(await buildTicket(db, ws, { contacts: [viewer], title: `Ticket ${i}` }));
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const viewerOf = { workspaceId: ws.id, contactId: viewer.id };
      const order = async (filters: PortalListFilters = {}) =>
        (await walk(db, viewerOf, filters, 2)).map((t) => t.id);
      expect(await order()).toEqual([...tickets].reverse().map((t) => t.id));
      expect(await order({ sort: "created" })).toEqual([...tickets].reverse().map((t) => t.id));

      // A reply and a direct update both move the oldest ticket to the top; creation order stays.
      await new Promise((resolve) => setTimeout(resolve, 3));
      await db.transaction().execute((trx) =>
        replyToTicket(trx, ws.id, tickets[0]!.id, {
          author: { type: "user", contactId: viewer.id },
          messageType: "comment",
          body: "Hi",
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 3));
      await db
        .updateTable("tickets")
        .set({ updated_at: Date.now() })
        .where("workspace_id", "=", ws.id)
        .where("id", "=", tickets[2]!.id)
        .execute();
      const [t0, t1, t2, t3, t4] = tickets.map((t) => t.id);
      expect(await order()).toEqual([t2, t0, t4, t3, t1]);
      expect(await order({ sort: "created" })).toEqual([t4, t3, t2, t1, t0]);
    });

    it("limits members, not managers, to their own tickets when the company says so", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const company = await buildCompany(db, ws);
      await db
        .transaction()
        .execute((trx) => updateCompany(trx, ws.id, company.id, { portalMemberVisibility: "participating" }));
      const member = await buildContact(db, ws, { companies: [company], role: "member" });
      const manager = await buildContact(db, ws, { companies: [company], role: "manager" });
      const colleague = await buildContact(db, ws, { companies: [company] });
      const theirs = await buildTicket(db, ws, { contacts: [colleague], companyId: company.id });
      const mine = await buildTicket(db, ws, { contacts: [member], companyId: company.id });
      const list = (contactId: string) =>
        listPortalTickets(db, { workspaceId: ws.id, contactId }, {}, { perPage: 10, after: null });
      expect((await list(member.id)).rows.map((t) => t.id)).toEqual([mine.id]);
      expect((await list(manager.id)).rows.map((t) => t.id).sort()).toEqual([mine.id, theirs.id].sort());
      expect(await listViewerCompanies(db, { workspaceId: ws.id, contactId: member.id })).toEqual([
        { id: company.id, name: company.name, allTickets: false },
      ]);
      expect(await listViewerCompanies(db, { workspaceId: ws.id, contactId: manager.id })).toEqual([
        { id: company.id, name: company.name, allTickets: true },
      ]);
    });

    it("filters by customer-facing state label, covering every state that shows it", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const viewer = await buildContact(db, ws);
      const type = await buildTicketType(db, ws);
      const submitted = await buildTicket(db, ws, { type, contacts: [viewer] });
      const waiting = await buildTicket(db, ws, { type, contacts: [viewer] });
      const resolved = await buildTicket(db, ws, { type, contacts: [viewer] });
      const labels = await listPortalStateLabels(db, ws.id);
      expect(labels.map((l) => l.label)).toEqual([
        "Submitted",
        "In progress",
        "Awaiting your reply",
        "Resolved",
      ]);
      const states = await db
        .selectFrom("ticket_states")
        .selectAll()
        .where("workspace_id", "=", ws.id)
        .execute();
      const stateOf = (category: TicketStateCategory) => states.find((s) => s.category === category)!.id;
      await db.transaction().execute(async (trx) => {
        await changeTicketState(trx, waiting, stateOf("waiting_on_customer"), { type: "bot" });
        await changeTicketState(trx, resolved, stateOf("resolved"), { type: "bot" });
      });
      const viewerOf = { workspaceId: ws.id, contactId: viewer.id };
      const ids = async (stateLabels: string[]) =>
        (await listPortalTickets(db, viewerOf, { stateLabels }, { perPage: 10, after: null })).rows.map(
          (t) => t.id,
        );
      expect(await ids(["Awaiting your reply"])).toEqual([waiting.id]);
      expect((await ids(["Submitted", "Resolved"])).sort()).toEqual([submitted.id, resolved.id].sort());
      expect(await ids(["No such label"])).toEqual([]);
      expect((await ids([])).length).toBe(3);
    });

    it("filters by company, by creator and by customer-visible text, and sorts by creation", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const acme = await buildCompany(db, ws, "Acme");
      const globex = await buildCompany(db, ws, "Globex");
      const viewer = await buildContact(db, ws, { companies: [acme, globex] });
      const colleague = await buildContact(db, ws, { companies: [acme] });
      const a = await buildTicket(db, ws, {
        contacts: [colleague],
        companyId: acme.id,
        title: "Invoice 50% off",
        author: { type: "user", contactId: colleague.id },
      });
      const b = await buildTicket(db, ws, {
        contacts: [viewer],
        companyId: globex.id,
        title: "Login loop",
        author: { type: "user", contactId: viewer.id },
      });
      const c = await buildTicket(db, ws, {
        contacts: [viewer],
        companyId: acme.id,
        title: "Export",
        attributes: { _default_description_: "The CSV export shows 50_percent" },
      });
      const other = await buildWorkspace(db);
      await buildTicket(db, other, { title: "Invoice 50% off" });
      const viewerOf = { workspaceId: ws.id, contactId: viewer.id };
      const ids = async (filters: PortalListFilters) =>
        (await listPortalTickets(db, viewerOf, filters, { perPage: 10, after: null })).rows.map((t) => t.id);
      expect((await ids({ companyId: acme.id })).sort()).toEqual([a.id, c.id].sort());
      expect(await ids({ companyId: newId() })).toEqual([]);
      expect(await ids({ createdByMe: true })).toEqual([b.id]);
      expect(await ids({ text: "INVOICE" })).toEqual([a.id]);
      expect(await ids({ text: "50%" })).toEqual([a.id]);
      expect(await ids({ text: "50_" })).toEqual([c.id]);
      expect(await ids({ text: "csv EXPORT" })).toEqual([c.id]);
      // Bump the oldest ticket: it leads by activity, but not by creation.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await db
        .transaction()
        .execute((trx) =>
          updateTicket(
            trx,
            ws.id,
            a.id,
            { attributes: { _default_title_: "Invoice 50% off, again" } },
            { type: "bot" },
          ),
        );
      expect((await ids({}))[0]).toBe(a.id);
      expect(await ids({ sort: "created" })).toEqual([c.id, b.id, a.id]);
    });

    it("presents rows with names loaded in one batch", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const acme = await buildCompany(db, ws, "Acme");
      const viewer = await buildContact(db, ws, { companies: [acme] });
      const ticket = await buildTicket(db, ws, {
        contacts: [viewer],
        companyId: acme.id,
        title: "Broken export",
      });
      const context = await loadPortalRowContext(db, ws.id, [ticket]);
      const type = await db
        .selectFrom("ticket_types")
        .selectAll()
        .where("workspace_id", "=", ws.id)
        .where("id", "=", ticket.ticket_type_id)
        .executeTakeFirstOrThrow();
      expect(presentPortalTicketRow(ticket, context.get(ticket.id)!)).toEqual({
        type: "portal_ticket_row",
        ticket_id: ticket.ticket_number,
        title: "Broken export",
        ticket_type: { name: type.name, icon: type.icon },
        state: { category: "submitted", label: "Submitted" },
        company: { id: acme.id, name: acme.name },
        created_at: Math.floor(ticket.created_at / 1000),
        updated_at: Math.floor(ticket.updated_at / 1000),
      });
    });

    it("walks a company's tickets in the partial portal indexes, which its visibility condition matches", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const acme = await buildCompany(db, ws, "Acme");
      const viewer = await buildContact(db, ws, { companies: [acme] });
      await buildTicket(db, ws, { contacts: [viewer], companyId: acme.id });
      const statements: CompiledQuery[] = [];
      const capture: KyselyPlugin = {
        transformQuery: (args) => (
          statements.push(db.getExecutor().compileQuery(args.node, args.queryId)),
          args.node
        ),
        transformResult: (args) => Promise.resolve(args.result),
      };
      for (const sort of ["updated", "created"] as const) {
        statements.length = 0;
        await listPortalTickets(
          db.withPlugin(capture),
          { workspaceId: ws.id, contactId: viewer.id },
          { sort, stateLabels: ["Submitted"] },
          { perPage: 10, after: null },
        );
        const keys = statements.find((s) => s.sql.includes("union all"))!;
        // The plan a large table gets: PostgreSQL would read a table this small without an index.
        const plan = await db.connection().execute(async (connection) => {
          if (dialect.name === "postgres") {
            await sql`begin`.execute(connection);
            await sql`set local enable_seqscan = off`.execute(connection);
          }
          const prefix = dialect.name === "postgres" ? "explain " : "explain query plan ";
          const { rows } = await connection.executeQuery(
            CompiledQuery.raw(prefix + keys.sql, [...keys.parameters]),
          );
          if (dialect.name === "postgres") await sql`rollback`.execute(connection);
          return JSON.stringify(rows);
        });
        expect(plan).toContain(`tickets_portal_company_${sort}`);
      }
    });
  });
}
