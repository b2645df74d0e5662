// Duplicate prevention for New ticket: full-text matches among open tickets the viewer can see, on each dialect.
import { describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import { buildCompany, buildContact, buildTicket, buildWorkspace } from "../../../test/factories.ts";
import { updateCompany } from "../companies/companyCommands.ts";
import { findSimilarOpenTickets, searchWords } from "./similarTickets.repository.ts";
import { deleteTicket, updateTicket } from "./ticketUpdater.ts";

describe("searchWords", () => {
  it("keeps letters and digits only, lower-cased, without stop words or repeats", () => {
    expect(searchWords('The "printer" is ON FIRE* -- printer OR (fire) NEAR/2 2024')).toEqual([
      "printer",
      "fire",
      "near",
      "2024",
    ]);
    expect(searchWords("the a ' \" *")).toEqual([]);
  });
});

for (const dialect of testDialects()) {
  describe(`similar open tickets (${dialect.name})`, () => {
    it("finds a similar ticket by a word of its description, best match first", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const acme = await buildCompany(db, ws, "Acme");
      const colleague = await buildContact(db, ws, { companies: [acme] });
      const viewer = await buildContact(db, ws, { companies: [acme] });
      const one = await buildTicket(db, ws, {
        contacts: [colleague],
        companyId: acme.id,
        title: "Reports are slow",
        attributes: { _default_description_: "The monthly invoice export times out" },
      });
      const both = await buildTicket(db, ws, {
        contacts: [colleague],
        companyId: acme.id,
        title: "Invoice export broken",
        attributes: { _default_description_: "Every invoice export fails with a timeout" },
      });
      await buildTicket(db, ws, { contacts: [colleague], companyId: acme.id, title: "Login loop" });
      const found = await findSimilarOpenTickets(
        db,
        { workspaceId: ws.id, contactId: viewer.id },
        { companyId: acme.id, text: "Invoice export" },
      );
      expect(found.map((t) => t.id)).toEqual([both.id, one.id]);
      // Words match as prefixes, and case does not matter.
      const prefix = await findSimilarOpenTickets(
        db,
        { workspaceId: ws.id, contactId: viewer.id },
        { companyId: acme.id, text: "MONTH" },
      );
      expect(prefix.map((t) => t.id)).toEqual([one.id]);
    });

    it("never returns tickets the viewer cannot see, of another company, or of another workspace", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const acme = await buildCompany(db, ws, "Acme");
      const globex = await buildCompany(db, ws, "Globex");
      const viewer = await buildContact(db, ws, { companies: [acme] });
      const colleague = await buildContact(db, ws, { companies: [acme] });
      const stranger = await buildContact(db, ws, { companies: [globex] });
      const visible = await buildTicket(db, ws, {
        contacts: [colleague],
        companyId: acme.id,
        title: "Quasar sync",
      });
      await buildTicket(db, ws, { contacts: [stranger], companyId: globex.id, title: "Quasar sync" });
      await buildTicket(db, ws, {
        category: "tracker",
        companyId: acme.id,
        title: "Quasar sync",
        contacts: [colleague],
      });
      await buildTicket(db, ws, {
        category: "back_office",
        companyId: acme.id,
        title: "Quasar sync",
        contacts: [colleague],
      });
      const other = await buildWorkspace(db);
      await buildTicket(db, other, { title: "Quasar sync" });
      const search = (companyId: string | null) =>
        findSimilarOpenTickets(
          db,
          { workspaceId: ws.id, contactId: viewer.id },
          { companyId, text: "quasar" },
        );
      expect((await search(acme.id)).map((t) => t.id)).toEqual([visible.id]);
      expect(await search(globex.id)).toEqual([]);
      // Members limited to their own tickets do not find their colleagues' either.
      await db
        .transaction()
        .execute((trx) => updateCompany(trx, ws.id, acme.id, { portalMemberVisibility: "participating" }));
      expect(await search(acme.id)).toEqual([]);
    });

    it("looks at the viewer's own tickets when no company is chosen, and excludes closed ones", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const acme = await buildCompany(db, ws, "Acme");
      const viewer = await buildContact(db, ws, { companies: [acme] });
      const colleague = await buildContact(db, ws, { companies: [acme] });
      const mine = await buildTicket(db, ws, {
        contacts: [viewer],
        companyId: null,
        title: "Webhook retries",
      });
      const closed = await buildTicket(db, ws, {
        contacts: [viewer],
        companyId: null,
        title: "Webhook signature",
      });
      await buildTicket(db, ws, { contacts: [colleague], companyId: acme.id, title: "Webhook delays" });
      await db
        .transaction()
        .execute((trx) => updateTicket(trx, ws.id, closed.id, { open: false }, { type: "bot" }));
      const found = await findSimilarOpenTickets(
        db,
        { workspaceId: ws.id, contactId: viewer.id },
        { companyId: null, text: "webhook" },
      );
      expect(found.map((t) => t.id)).toEqual([mine.id]);
    });

    it("follows title edits and deletions", async () => {
      const { db } = await dialect.db();
      const ws = await buildWorkspace(db);
      const viewer = await buildContact(db, ws);
      const ticket = await buildTicket(db, ws, { contacts: [viewer], title: "Zeppelin landing" });
      const search = (text: string) =>
        findSimilarOpenTickets(db, { workspaceId: ws.id, contactId: viewer.id }, { companyId: null, text });
      expect((await search("zeppelin")).map((t) => t.id)).toEqual([ticket.id]);
      await db
        .transaction()
        .execute((trx) =>
          updateTicket(
            trx,
            ws.id,
            ticket.id,
            { attributes: { _default_title_: "Blimp landing" } },
            { type: "bot" },
          ),
        );
      expect(await search("zeppelin")).toEqual([]);
      expect((await search("blimp")).map((t) => t.id)).toEqual([ticket.id]);
      await db.transaction().execute((trx) => deleteTicket(trx, ws.id, ticket.id));
      expect(await search("blimp")).toEqual([]);
      expect(await search("the")).toEqual([]);
    });
  });
}
