// Rule 1: the plain-function model, and the SQL predicate held to it over random worlds on each dialect.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildWorldWorkspace,
  modelVisibleTickets,
  worldWorkspaceArb,
  type WorldWorkspace,
  type WorldWorkspaceSpec,
} from "../../../test/ticketWorlds.ts";
import type { Db } from "../../db/database.ts";
import type { Flag, TicketCategory } from "../../db/schema.ts";
import { canContactSeeTicket, portalVisibility, type VisibilityFacts } from "./ticket.policy.ts";
import { findTicket, listPortalViewerIds } from "./ticket.repository.ts";

const viewer = { workspaceId: "w1", contactId: "c1" };
const ticket = (
  over: Partial<{
    workspace_id: string;
    category: TicketCategory;
    is_shared: Flag;
    company_id: string | null;
  }>,
) => ({
  workspace_id: "w1",
  category: "customer" as TicketCategory,
  is_shared: 1 as Flag,
  company_id: "co1" as string | null,
  ...over,
});
const member: VisibilityFacts = { isParticipant: false, companyRole: "member", memberVisibility: "all" };

describe("canContactSeeTicket (the model)", () => {
  it("shows a company's customer tickets to its members", () => {
    expect(canContactSeeTicket(viewer, ticket({}), member)).toBe(true);
  });
  it("hides back-office tickets that are not shared", () => {
    expect(canContactSeeTicket(viewer, ticket({ category: "back_office", is_shared: 0 }), member)).toBe(
      false,
    );
    expect(canContactSeeTicket(viewer, ticket({ category: "back_office", is_shared: 1 }), member)).toBe(true);
  });
  it("never shows tracker tickets, even to participants", () => {
    expect(
      canContactSeeTicket(viewer, ticket({ category: "tracker", is_shared: 1 }), {
        ...member,
        isParticipant: true,
      }),
    ).toBe(false);
  });
  it("hides other companies' tickets unless the viewer takes part", () => {
    const outsider: VisibilityFacts = { isParticipant: false, companyRole: null, memberVisibility: "all" };
    expect(canContactSeeTicket(viewer, ticket({}), outsider)).toBe(false);
    expect(canContactSeeTicket(viewer, ticket({}), { ...outsider, isParticipant: true })).toBe(true);
  });
  it("hides tickets of another workspace whatever else holds", () => {
    expect(
      canContactSeeTicket(viewer, ticket({ workspace_id: "w2" }), { ...member, isParticipant: true }),
    ).toBe(false);
  });
  it("limits members, not managers, to their own tickets when the company says so", () => {
    const limited: VisibilityFacts = {
      isParticipant: false,
      companyRole: "member",
      memberVisibility: "participating",
    };
    expect(canContactSeeTicket(viewer, ticket({}), limited)).toBe(false);
    expect(canContactSeeTicket(viewer, ticket({}), { ...limited, companyRole: "manager" })).toBe(true);
    expect(canContactSeeTicket(viewer, ticket({}), { ...limited, isParticipant: true })).toBe(true);
  });
});

// ---- Random worlds -------------------------------------------------------------------------------

interface WorldSpec {
  workspaces: WorldWorkspaceSpec[];
}

const workspaceArb = worldWorkspaceArb({ companies: 4, contacts: 5, memberships: 8 }, (drawn) =>
  fc.array(
    fc.record({
      category: fc.constantFrom<TicketCategory>("customer", "back_office", "tracker"),
      isShared: fc.boolean(),
      company:
        drawn.companies === 0
          ? fc.constant(null)
          : fc.option(fc.integer({ min: 0, max: drawn.companies - 1 })),
      participants: fc.uniqueArray(fc.integer({ min: 0, max: drawn.contacts - 1 }), { maxLength: 3 }),
    }),
    { maxLength: 8 },
  ),
);

const worldArb: fc.Arbitrary<WorldSpec> = fc.record({
  workspaces: fc.array(workspaceArb, { minLength: 1, maxLength: 2 }),
});

interface BuiltWorld {
  workspaces: WorldWorkspace[];
}

async function buildWorld(db: Db, spec: WorldSpec): Promise<BuiltWorld> {
  const built: BuiltWorld = { workspaces: [] };
  for (const ws of spec.workspaces) built.workspaces.push(await buildWorldWorkspace(db, ws));
  return built;
}

function modelVisibleIds(world: BuiltWorld, workspaceId: string, contactId: string): string[] {
  const viewer = world.workspaces.find((w) => w.id === workspaceId)!;
  return modelVisibleTickets(world.workspaces, viewer, contactId)
    .map((t) => t.id)
    .sort();
}

for (const dialect of testDialects()) {
  describe(`portal visibility predicate (${dialect.name})`, () => {
    it("returns exactly the tickets the model allows, over 500 random worlds", async () => {
      const { db } = await dialect.db();
      let checkedPairs = 0;
      let visiblePairs = 0;
      await fc.assert(
        fc.asyncProperty(worldArb, async (spec) => {
          const world = await buildWorld(db, spec);
          const allTicketIds = world.workspaces.flatMap((w) => w.tickets.map((t) => t.id));
          for (const ws of world.workspaces) {
            for (const contactId of ws.contacts) {
              const rows =
                allTicketIds.length === 0
                  ? []
                  : await db
                      .selectFrom("tickets")
                      .select("id")
                      .where("id", "in", allTicketIds)
                      .where(portalVisibility({ workspaceId: ws.id, contactId }))
                      .execute();
              const expected = modelVisibleIds(world, ws.id, contactId);
              expect(rows.map((r) => r.id).sort()).toEqual(expected);
              checkedPairs += allTicketIds.length;
              visiblePairs += expected.length;
            }
          }
          // The same rule turned around (who can see this ticket?), as realtime delivery uses it.
          for (const owner of world.workspaces) {
            for (const t of owner.tickets) {
              const row = await findTicket(db, owner.id, t.id);
              const viewers = [...(await listPortalViewerIds(db, row!))].sort();
              const expectedViewers = world.workspaces
                .flatMap((ws) => ws.contacts.map((contactId) => ({ ws: ws.id, contactId })))
                .filter(({ ws, contactId }) => modelVisibleIds(world, ws, contactId).includes(t.id))
                .map(({ contactId }) => contactId)
                .sort();
              expect(viewers).toEqual(expectedViewers);
            }
          }
        }),
        { numRuns: 500 },
      );
      // The worlds must exercise both outcomes, or the property proves nothing.
      expect(visiblePairs).toBeGreaterThan(100);
      expect(checkedPairs - visiblePairs).toBeGreaterThan(100);
    });
  });
}
