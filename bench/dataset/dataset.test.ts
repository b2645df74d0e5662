// The benchmark dataset read back through the real app on both dialects: the generator's rows are the
// app's rows (numbers, counters, rule 3, history, text index) and the API and the portal serve them.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { testApp } from "../../test/app.ts";
import { testDialects } from "../../test/dialects.ts";
import { TEST_SECRET_KEY } from "../../test/factories.ts";
import type { Db } from "../../src/db/database.ts";
import type { Ticket } from "../../src/db/schema.ts";
import { associateCompany, UNSET } from "../../src/domain/tickets/companyAssociation.ts";
import { canContactSeeTicket } from "../../src/domain/tickets/ticket.policy.ts";
import { portalCookieName } from "../../src/http/helpcenter/helpCenter.routes.ts";
import { generateWorkspace, IdMaker } from "./generate.ts";
import { loadDataset } from "./load.ts";
import type { BenchManifest, ManifestWorkspace } from "./manifest.ts";
import { datasetPlan } from "./plan.ts";
import { Random } from "./random.ts";
import type { SetupWorkspace } from "./setup.ts";
import type { BulkSink, BulkTable } from "./sinks.ts";

const SCALE = 0.002;

for (const dialect of testDialects()) {
  describe(`benchmark dataset (${dialect.name})`, () => {
    const app = testApp(dialect);
    let loaded: Promise<BenchManifest> | undefined;

    /** One small dataset per dialect, written into this file's database beside other tests' workspaces. */
    const dataset = () =>
      (loaded ??= dialect.db().then(async (handle) => {
        const database =
          handle.dialect === "postgres"
            ? handle.url!
            : (
                await sql<{
                  file: string;
                }>`select file from pragma_database_list where name = 'main'`.execute(handle.db)
              ).rows[0]!.file;
        return loadDataset({
          dialect: handle.dialect,
          database,
          scale: SCALE,
          secretKey: TEST_SECRET_KEY,
          exclusive: false,
          tag: `-${randomBytes(4).toString("hex")}`,
        });
      }));

    async function main() {
      const manifest = await dataset();
      const { db } = await dialect.db();
      return { manifest, db, ws: manifest.workspaces.main! };
    }

    const portal = async (ws: ManifestWorkspace, session: string, url: string) =>
      (await app()).inject({
        method: "GET",
        url,
        headers: { host: ws.host },
        cookies: { [portalCookieName(ws.id)]: session },
      });

    const api = async (ws: ManifestWorkspace, method: "GET" | "POST", url: string, payload?: object) =>
      (await app()).inject({
        method,
        url,
        headers: { authorization: `Bearer ${ws.apiToken}` },
        ...(payload ? { payload } : {}),
      });

    it("numbers each workspace's tickets 1..n without gaps and leaves the counter at n", async () => {
      const { manifest, db } = await main();
      for (const ws of Object.values(manifest.workspaces)) {
        const row = await db
          .selectFrom("tickets")
          .select((eb) => [
            eb.fn.countAll<number>().as("count"),
            eb.fn.count<number>("ticket_number").distinct().as("distinct"),
            eb.fn.min<number>("ticket_number").as("min"),
            eb.fn.max<number>("ticket_number").as("max"),
          ])
          .where("workspace_id", "=", ws.id)
          .executeTakeFirstOrThrow();
        const counter = await db
          .selectFrom("ticket_number_counters")
          .select("last_number")
          .where("workspace_id", "=", ws.id)
          .executeTakeFirstOrThrow();
        expect([Number(row.count), Number(row.distinct), Number(row.min), Number(row.max)]).toEqual([
          ws.tickets,
          ws.tickets,
          1,
          ws.tickets,
        ]);
        expect(Number(counter.last_number)).toBe(ws.tickets);
      }
    });

    it("gives each ticket the company rule 3 gives it, and a history that ends in its state", async () => {
      const { db, ws } = await main();
      const tickets = await db.selectFrom("tickets").selectAll().where("workspace_id", "=", ws.id).execute();
      const choices = await companyChoices(db, ws.id);
      const lastStates = new Map(
        (
          await db
            .selectFrom("ticket_parts")
            .select(["ticket_id", "ticket_state_id", "created_at", "id"])
            .where("workspace_id", "=", ws.id)
            .where("ticket_state_id", "is not", null)
            .orderBy("created_at")
            .orderBy("id")
            .execute()
        ).map((p) => [p.ticket_id, p.ticket_state_id]),
      );
      let picked = 0;
      for (const ticket of tickets) {
        const options = choices.get(ticket.id) ?? [];
        if (ticket.company_chosen) {
          picked++;
          expect(ticket.company_id === null || options.includes(ticket.company_id)).toBe(true);
        } else {
          expect(ticket.company_id).toBe(associateCompany(options, UNSET).companyId);
        }
        expect(lastStates.get(ticket.id)).toBe(ticket.ticket_state_id);
        if (ticket.category !== "back_office")
          expect(ticket.is_shared).toBe(ticket.category === "customer" ? 1 : 0);
      }
      expect(picked).toBeGreaterThan(0);
      expect(picked).toBeLessThan(tickets.length / 2);
    });

    it("writes foreign keys that hold and a text-index row per ticket", async () => {
      const { manifest, db } = await main();
      if (dialect.name === "sqlite") {
        expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
        const ids = Object.values(manifest.workspaces).map((w) => w.id);
        const indexed = await sql<{ n: number }>`select count(*) as n from tickets_fts_keys k
          join tickets_fts f on f.rowid = k.fts_rowid where k.workspace_id in (${sql.join(ids)})`.execute(db);
        const total = Object.values(manifest.workspaces).reduce((n, w) => n + w.tickets, 0);
        expect(Number(indexed.rows[0]!.n)).toBe(total);
      } else {
        // PostgreSQL enforced every foreign key while the rows went in (a non-exclusive load keeps them).
        const text = manifest.workspaces.main!.searchTerms.medium.term;
        const matches = await sql<{ n: string }>`select count(*) as n from tickets
          where workspace_id = ${manifest.workspaces.main!.id}
          and to_tsvector('simple', title || ' ' || description) @@ plainto_tsquery('simple', ${text})`.execute(
          db,
        );
        expect(Number(matches.rows[0]!.n)).toBeGreaterThan(0);
      }
    });

    it("serves a ticket through GET /api/tickets/:id with its contacts, company and every part", async () => {
      const { db, ws } = await main();
      const ticket = await db
        .selectFrom("tickets")
        .selectAll()
        .where("workspace_id", "=", ws.id)
        .where("company_id", "is not", null)
        .where("category", "=", "customer")
        .orderBy("ticket_number", "desc")
        .executeTakeFirstOrThrow();
      const parts = await db
        .selectFrom("ticket_parts")
        .select("id")
        .where("workspace_id", "=", ws.id)
        .where("ticket_id", "=", ticket.id)
        .execute();
      const contacts = await db
        .selectFrom("ticket_contacts")
        .select("contact_id")
        .where("workspace_id", "=", ws.id)
        .where("ticket_id", "=", ticket.id)
        .execute();
      const response = await api(ws, "GET", `/api/tickets/${ticket.id}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        id: ticket.id,
        ticket_id: String(ticket.ticket_number),
        company_id: ticket.company_id,
        ticket_state: { id: ticket.ticket_state_id },
        ticket_attributes: { _default_title_: ticket.title },
      });
      expect(body.ticket_parts.total_count).toBe(parts.length);
      expect(body.contacts.contacts.map((c: { id: string }) => c.id).sort()).toEqual(
        contacts.map((c) => c.contact_id).sort(),
      );
    });

    it("finds a company's tickets through POST /api/tickets/search, page after page", async () => {
      const { db, ws } = await main();
      const company = ws.busiestCompany;
      const count = await db
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", ws.id)
        .where("company_id", "=", company.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(company.tickets);
      const seen = new Set<string>();
      let after: string | undefined;
      do {
        const response = await api(ws, "POST", "/api/tickets/search", {
          query: { field: "company_id", operator: "=", value: company.id },
          pagination: { per_page: 50, ...(after ? { starting_after: after } : {}) },
        });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body.total_count).toBe(company.tickets);
        for (const t of body.tickets) seen.add(t.id);
        after = body.pages.next?.starting_after;
      } while (after);
      expect(seen.size).toBe(company.tickets);
    });

    it("lists exactly the tickets rule 1 lets each viewer see in the portal, through cursor pages", async () => {
      const { db, ws } = await main();
      for (const key of ["viewer1", "viewer3", "viewer20", "participant"] as const) {
        const viewer = ws.viewers[key]!;
        const expected = await visibleNumbers(db, ws.id, viewer.contactId);
        expect(expected.size).toBeGreaterThan(0);
        const listed: number[] = [];
        let cursor: string | null = null;
        do {
          const response = await portal(
            ws,
            viewer.session,
            `/portal-api/tickets?per_page=7${cursor ? `&cursor=${cursor}` : ""}`,
          );
          expect(response.statusCode).toBe(200);
          const body = response.json();
          listed.push(...body.tickets.map((t: { ticket_id: number }) => t.ticket_id));
          cursor = body.next_cursor;
        } while (cursor);
        expect(new Set(listed).size).toBe(listed.length);
        expect(new Set(listed)).toEqual(expected);
        if (key === "viewer3") expect(viewer.companyIds).toHaveLength(3);
        if (key === "viewer20") expect(viewer.companyIds).toHaveLength(20);
      }
    });

    it("filters the portal list by state label and opens a visible ticket, 404 for another company's", async () => {
      const { db, ws } = await main();
      const viewer = ws.viewers.viewer3!;
      const resolved = await portal(ws, viewer.session, "/portal-api/tickets?state=Resolved&per_page=100");
      expect(resolved.statusCode).toBe(200);
      const rows = resolved.json().tickets as Array<{ state: { label: string }; company: { id: string } }>;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.state.label === "Resolved")).toBe(true);

      const page = await portal(ws, viewer.session, `/portal-api/tickets/${viewer.visibleTicketNumber}`);
      expect(page.statusCode).toBe(200);
      expect(page.json()).toMatchObject({ type: "portal_ticket", ticket_id: viewer.visibleTicketNumber });
      expect(page.json().history.length).toBeGreaterThan(0);

      const other = await db
        .selectFrom("tickets")
        .select("ticket_number")
        .where("workspace_id", "=", ws.id)
        .where("company_id", "=", ws.viewers.viewer1!.companyIds[0]!)
        .executeTakeFirstOrThrow();
      expect(
        (await portal(ws, viewer.session, `/portal-api/tickets/${other.ticket_number}`)).statusCode,
      ).toBe(404);
    });

    it("generates the same rows from the same seed", async () => {
      const digest = async () => {
        const plan = datasetPlan(SCALE).workspaces.find((w) => w.key === "tenk")!;
        const rows: string[] = [];
        const sink: BulkSink = {
          add: (table, row) => void rows.push(`${table}:${JSON.stringify(row)}`),
          drain: async () => {},
          written: {} as Record<BulkTable, number>,
        };
        await generateWorkspace({
          sink,
          setup: fixedSetup(),
          plan,
          random: new Random("same").fork(plan.key),
          ids: new IdMaker(),
          anchor: Date.UTC(2026, 0, 1),
          passwordHash: "scrypt$fixed",
          events: [],
        });
        return rows;
      };
      const [first, second] = [await digest(), await digest()];
      expect(first.length).toBeGreaterThan(1000);
      expect(second).toEqual(first);
    });
  });
}

/** Per ticket: the sorted ids of its participants' companies (rule 3's choices). */
async function companyChoices(db: Db, workspaceId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom("ticket_contacts as tc")
    .innerJoin("company_memberships as m", (join) =>
      join.onRef("m.workspace_id", "=", "tc.workspace_id").onRef("m.contact_id", "=", "tc.contact_id"),
    )
    .select(["tc.ticket_id", "m.company_id"])
    .distinct()
    .where("tc.workspace_id", "=", workspaceId)
    .execute();
  const choices = new Map<string, string[]>();
  for (const row of rows) choices.set(row.ticket_id, [...(choices.get(row.ticket_id) ?? []), row.company_id]);
  for (const list of choices.values()) list.sort();
  return choices;
}

/** The ticket numbers rule 1's plain function lets the viewer see. */
async function visibleNumbers(db: Db, workspaceId: string, contactId: string): Promise<Set<number>> {
  const tickets: Ticket[] = await db
    .selectFrom("tickets")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .execute();
  const participating = new Set(
    (
      await db
        .selectFrom("ticket_contacts")
        .select("ticket_id")
        .where("workspace_id", "=", workspaceId)
        .where("contact_id", "=", contactId)
        .execute()
    ).map((r) => r.ticket_id),
  );
  const memberships = await db
    .selectFrom("company_memberships as m")
    .innerJoin("companies as c", (join) =>
      join.onRef("c.workspace_id", "=", "m.workspace_id").onRef("c.id", "=", "m.company_id"),
    )
    .innerJoin("workspaces as w", "w.id", "m.workspace_id")
    .select([
      "m.company_id",
      "m.role",
      "c.portal_member_visibility as company",
      "w.portal_member_visibility as workspace",
    ])
    .where("m.workspace_id", "=", workspaceId)
    .where("m.contact_id", "=", contactId)
    .execute();
  const byCompany = new Map(memberships.map((m) => [m.company_id, m]));
  const visible = new Set<number>();
  for (const ticket of tickets) {
    const membership = ticket.company_id ? byCompany.get(ticket.company_id) : undefined;
    const facts = {
      isParticipant: participating.has(ticket.id),
      companyRole: membership?.role ?? null,
      memberVisibility: membership ? (membership.company ?? membership.workspace) : ("all" as const),
    };
    if (canContactSeeTicket({ workspaceId, contactId }, ticket, facts)) visible.add(ticket.ticket_number);
  }
  return visible;
}

/** A workspace's setup with fixed ids, so generation alone can be compared run to run. */
function fixedSetup(): SetupWorkspace {
  const state = (id: string, category: "submitted" | "in_progress" | "waiting_on_customer" | "resolved") => ({
    workspace_id: "fixedws1",
    id,
    category,
    internal_label: id,
    external_label: id,
    archived: 0 as const,
    created_at: 0,
    updated_at: 0,
    position: 0,
  });
  const states = [
    state("s-submitted", "submitted"),
    state("s-progress", "in_progress"),
    state("s-waiting", "waiting_on_customer"),
    state("s-resolved", "resolved"),
    state("s-investigating", "in_progress"),
  ];
  const attribute = (typeId: string, name: string, dataType: "string" | "list" | "decimal", extra = {}) => ({
    workspace_id: "fixedws1",
    id: `${typeId}-${name}`,
    ticket_type_id: typeId,
    name,
    description: "",
    data_type: dataType,
    input_options: "{}",
    position: 0,
    required_to_create: 0 as const,
    required_to_create_for_contacts: 0 as const,
    visible_on_create: 1 as const,
    visible_to_contacts: 1 as const,
    is_default: 0 as const,
    archived: 0 as const,
    created_at: 0,
    updated_at: 0,
    ...extra,
  });
  const type = (
    key: SetupWorkspace["types"][number]["key"],
    category: "customer" | "back_office" | "tracker",
  ) => ({
    id: `t-${key}`,
    key,
    category,
    states,
    attributes: [
      attribute(`t-${key}`, "_default_title_", "string", { is_default: 1 }),
      attribute(`t-${key}`, "_default_description_", "string", { is_default: 1 }),
      ...(key === "bug"
        ? [
            attribute(`t-${key}`, "Severity", "list", {
              input_options: JSON.stringify({
                list_options: [{ label: "Low" }, { label: "Medium" }, { label: "High" }],
              }),
            }),
            attribute(`t-${key}`, "Browser", "string"),
            attribute(`t-${key}`, "Root cause", "string", { visible_to_contacts: 0 }),
          ]
        : key === "billing"
          ? [attribute(`t-${key}`, "Amount", "decimal")]
          : []),
    ],
  });
  return {
    id: "fixedws1",
    slug: "fixed",
    name: "Fixed",
    host: "help.fixed.bench.test",
    apiToken: "",
    adminId: "admin",
    adminEmail: "admin@fixed.bench.test",
    adminPassword: "",
    types: [
      type("bug", "customer"),
      type("question", "customer"),
      type("feature", "customer"),
      type("billing", "back_office"),
      type("known_issue", "tracker"),
    ],
  };
}
