// Property: over random worlds and random writes, each contact's portal stream carries a ticket exactly
// when that contact can GET it, announces removals only of tickets it had shown, and never carries
// internal data (internal state labels, notes, hidden attributes, teammates' e-mails or ids).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testDialects } from "../../test/dialects.ts";
import { buildTeammate, buildWorkspace } from "../../test/factories.ts";
import {
  addMembership,
  removeMembership,
  updateCompany,
  upsertCompany,
} from "../domain/companies/companyCommands.ts";
import { createContact } from "../domain/contacts/contactCommands.ts";
import { listEventsSince } from "../domain/events/outbox.repository.ts";
import { listCompanyIdsOfContacts } from "../domain/companies/company.repository.ts";
import type { TicketCategory, TicketStateCategory } from "../db/schema.ts";
import {
  findTicket,
  isTicketVisibleToContact,
  listTicketContactIds,
} from "../domain/tickets/ticket.repository.ts";
import { createTicket } from "../domain/tickets/ticketCreator.ts";
import { replyToTicket } from "../domain/tickets/ticketReplier.ts";
import { createTicketState } from "../domain/tickets/ticketStateCommands.ts";
import { createTicketType, createTicketTypeAttribute } from "../domain/tickets/ticketTypeCommands.ts";
import { addTicketContacts, updateTicket } from "../domain/tickets/ticketUpdater.ts";
import { PortalAudience } from "./audiences.ts";
import { EventContext } from "./eventContext.ts";

const CATEGORIES: TicketStateCategory[] = ["submitted", "in_progress", "waiting_on_customer", "resolved"];

const spec = fc.record({
  companies: fc.integer({ min: 1, max: 3 }),
  contacts: fc.integer({ min: 2, max: 4 }),
  memberships: fc.array(fc.record({ contact: fc.nat(3), company: fc.nat(2), manager: fc.boolean() }), {
    maxLength: 6,
  }),
  tickets: fc.array(
    fc.record({
      category: fc.constantFrom<TicketCategory>("customer", "back_office", "tracker"),
      contacts: fc.uniqueArray(fc.nat(3), { maxLength: 2 }),
      shared: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  writes: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant("state" as const),
        ticket: fc.nat(3),
        category: fc.constantFrom(...CATEGORIES),
      }),
      fc.record({ kind: fc.constant("share" as const), ticket: fc.nat(3), shared: fc.boolean() }),
      fc.record({ kind: fc.constant("company" as const), ticket: fc.nat(3), pick: fc.nat(3) }),
      fc.record({ kind: fc.constant("participant" as const), ticket: fc.nat(3), contact: fc.nat(3) }),
      fc.record({
        kind: fc.constant("join" as const),
        contact: fc.nat(3),
        company: fc.nat(2),
        manager: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("leave" as const), contact: fc.nat(3), company: fc.nat(2) }),
      fc.record({ kind: fc.constant("note" as const), ticket: fc.nat(3) }),
      fc.record({ kind: fc.constant("comment" as const), ticket: fc.nat(3) }),
      fc.record({ kind: fc.constant("visibility" as const), company: fc.nat(2), limited: fc.boolean() }),
    ),
    { minLength: 1, maxLength: 8 },
  ),
});

for (const dialect of testDialects()) {
  describe(`portal stream property (${dialect.name})`, () => {
    it("carries exactly the tickets each contact can GET, and nothing internal", async () => {
      const { db } = await dialect.db();
      let delivered = 0;
      let withheld = 0;
      await fc.assert(
        fc.asyncProperty(spec, async (s) => {
          const workspace = await buildWorkspace(db);
          const ws = workspace.id;
          const admin = await buildTeammate(db, workspace);
          const setup = await db.transaction().execute(async (trx) => {
            // States whose internal labels are secrets; customers must only ever see the external ones.
            const stateIds: Record<string, string> = {};
            for (const category of CATEGORIES) {
              const state = await createTicketState(trx, ws, {
                category,
                internalLabel: `SECRET-STATE-${category}`,
                externalLabel: `Customer ${category}`,
              });
              stateIds[category] = state.id;
            }
            const types: Record<TicketCategory, string> = { customer: "", back_office: "", tracker: "" };
            for (const category of ["customer", "back_office", "tracker"] as const) {
              const type = await createTicketType(trx, ws, {
                category,
                name: category,
                stateIds: Object.values(stateIds),
              });
              await createTicketTypeAttribute(trx, ws, type.id, {
                name: "Hidden",
                dataType: "string",
                visibleToContacts: false,
              });
              types[category] = type.id;
            }
            const companies: string[] = [];
            for (let i = 0; i < s.companies; i++)
              companies.push((await upsertCompany(trx, ws, `co-${i}`, { name: `Co ${i}` })).company.id);
            const contacts: string[] = [];
            for (let i = 0; i < s.contacts; i++)
              contacts.push((await createContact(trx, ws, { externalId: `c-${i}` })).id);
            for (const m of s.memberships) {
              if (m.contact < contacts.length && m.company < companies.length) {
                await addMembership(trx, ws, {
                  companyId: companies[m.company]!,
                  contactId: contacts[m.contact]!,
                  role: m.manager ? "manager" : "member",
                });
              }
            }
            const tickets: string[] = [];
            for (const t of s.tickets) {
              const contactIds = t.contacts.filter((c) => c < contacts.length).map((c) => contacts[c]!);
              if (t.category === "customer" && contactIds.length === 0) contactIds.push(contacts[0]!);
              const ticket = await createTicket(trx, ws, {
                ticketTypeId: types[t.category],
                contactIds,
                attributes: { _default_title_: "T", Hidden: "SECRET-ATTR" },
                author: { type: "bot" },
                isShared: t.category === "back_office" ? t.shared : undefined,
              });
              tickets.push(ticket.id);
            }
            return { stateIds, companies, contacts, tickets };
          });
          const audiences = setup.contacts.map((contactId) => new PortalAudience(ws, contactId));
          let lastId = (await listEventsSince(db, ws, 0, 100_000)).at(-1)?.id ?? 0;
          const author = { type: "admin" as const, teammateId: admin.id };

          for (const write of s.writes) {
            const ticketId = "ticket" in write ? setup.tickets[write.ticket % setup.tickets.length]! : "";
            const ok = await db
              .transaction()
              .execute(async (trx) => {
                switch (write.kind) {
                  case "state":
                    return updateTicket(
                      trx,
                      ws,
                      ticketId,
                      { stateId: setup.stateIds[write.category] },
                      author,
                    );
                  case "share": {
                    const ticket = (await findTicket(trx, ws, ticketId))!;
                    if (ticket.category !== "back_office") return null;
                    return updateTicket(trx, ws, ticketId, { isShared: write.shared }, author);
                  }
                  case "company": {
                    const choices = await listCompanyIdsOfContacts(
                      trx,
                      ws,
                      await listTicketContactIds(trx, ws, ticketId),
                    );
                    const pick = write.pick < choices.length ? choices[write.pick]! : null;
                    return updateTicket(trx, ws, ticketId, { companyId: pick }, author);
                  }
                  case "participant":
                    return addTicketContacts(trx, ws, ticketId, [
                      setup.contacts[write.contact % setup.contacts.length]!,
                    ]);
                  case "join":
                    return addMembership(trx, ws, {
                      companyId: setup.companies[write.company % setup.companies.length]!,
                      contactId: setup.contacts[write.contact % setup.contacts.length]!,
                      role: write.manager ? "manager" : "member",
                    });
                  case "leave":
                    return removeMembership(trx, ws, {
                      companyId: setup.companies[write.company % setup.companies.length]!,
                      contactId: setup.contacts[write.contact % setup.contacts.length]!,
                    });
                  case "note":
                    return replyToTicket(trx, ws, ticketId, {
                      author,
                      messageType: "note",
                      body: "SECRET-NOTE",
                    });
                  case "comment":
                    return replyToTicket(trx, ws, ticketId, {
                      author,
                      messageType: "comment",
                      body: "Public reply",
                    });
                  case "visibility":
                    return updateCompany(trx, ws, setup.companies[write.company % setup.companies.length]!, {
                      portalMemberVisibility: write.limited ? "participating" : null,
                    });
                }
              })
              .then(
                () => true,
                () => false,
              );
            if (!ok) continue;

            const events = await listEventsSince(db, ws, lastId, 1000);
            for (const event of events) {
              lastId = event.id;
              const ctx = new EventContext(db, event);
              for (const audience of audiences) {
                const knewBefore = audience.known.has(event.subject_id);
                const messages = await audience.render(ctx);
                const json = JSON.stringify(messages);
                for (const secret of ["SECRET-STATE", "SECRET-NOTE", "SECRET-ATTR", admin.id, admin.email])
                  expect(json).not.toContain(secret);
                if (event.subject_type !== "ticket") continue;
                const canGet = await isTicketVisibleToContact(
                  db,
                  { workspaceId: ws, contactId: audience.contactId },
                  event.subject_id,
                );
                const gotTicket = messages.some((m) => m.event === "ticket");
                expect(gotTicket).toBe(canGet);
                if (messages.some((m) => m.event === "ticket_removed"))
                  expect(knewBefore && !canGet).toBe(true);
                if (gotTicket) delivered++;
                else withheld++;
              }
            }
          }
        }),
        { numRuns: 40 },
      );
      // Both outcomes must occur, or the property proves nothing.
      expect(delivered).toBeGreaterThan(20);
      expect(withheld).toBeGreaterThan(20);
    });
  });
}
