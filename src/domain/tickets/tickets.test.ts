// Ticket rules on both dialects: numbering, states, company association, sharing, replies, links, joins.
import { describe, expect, it } from "vitest";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTeammate,
  buildTicket,
  buildTicketType,
  buildWorkspace,
} from "../../../test/factories.ts";
import { testDialects } from "../../../test/dialects.ts";
import { addMembership } from "../companies/companyCommands.ts";
import { isConversationParticipant } from "../conversations/conversation.repository.ts";
import { addConversationPart, startConversation } from "../conversations/conversationCommands.ts";
import { DomainError } from "../errors.ts";
import { listEventsSince } from "../events/outbox.repository.ts";
import { createTicket, convertConversationToTicket } from "./ticketCreator.ts";
import { linkTicket, joinTicketConversation } from "./ticketLinker.ts";
import { replyToTicket } from "./ticketReplier.ts";
import { findTicket, listTicketContactIds, listTicketParts } from "./ticket.repository.ts";
import { listStatesOfType } from "./ticketState.repository.ts";
import { createTicketState, updateTicketState } from "./ticketStateCommands.ts";
import { createTicketType, createTicketTypeAttribute } from "./ticketTypeCommands.ts";
import { addTicketContacts, deleteTicket, updateTicket } from "./ticketUpdater.ts";
import { loadTicketView } from "./ticketView.ts";
import { presentPortalTicket, presentTicket } from "./ticket.presenter.ts";

async function expectDomainError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

for (const dialect of testDialects()) {
  describe(`tickets (${dialect.name})`, () => {
    it("numbers 200 concurrent creations 1..200 with no duplicates and no gaps", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "tracker");
      const tickets = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          db.transaction().execute((trx) =>
            createTicket(trx, workspace.id, {
              ticketTypeId: type.id,
              contactIds: [],
              attributes: { _default_title_: `Ticket ${i}` },
              author: { type: "bot" },
            }),
          ),
        ),
      );
      const numbers = tickets.map((t) => t.ticket_number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    });

    it("numbers each workspace on its own", async () => {
      const { db } = await dialect.db();
      const a = await buildWorkspace(db);
      const b = await buildWorkspace(db);
      expect((await buildTicket(db, a)).ticket_number).toBe(1);
      expect((await buildTicket(db, a)).ticket_number).toBe(2);
      expect((await buildTicket(db, b)).ticket_number).toBe(1);
    });

    it("gives a failed creation's number back: the next ticket takes it", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const type = await buildTicketType(db, workspace, "customer");
      const contact = await buildContact(db, workspace);
      await buildTicket(db, workspace, { type, contacts: [contact] });
      const failing = db.transaction().execute(async (trx) => {
        await createTicket(trx, workspace.id, {
          ticketTypeId: type.id,
          contactIds: [contact.id],
          attributes: { _default_title_: "will roll back" },
          author: { type: "bot" },
        });
        throw new Error("boom after the insert");
      });
      await expect(failing).rejects.toThrow("boom after the insert");
      expect((await buildTicket(db, workspace, { type, contacts: [contact] })).ticket_number).toBe(2);
    });

    it("leaves no partial rows and no outbox event when a command fails", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const ticket = await buildTicket(db, workspace);
      const otherType = await buildTicketType(db, workspace);
      const foreignState = await db.transaction().execute(async (trx) => {
        const state = await createTicketState(trx, workspace.id, {
          category: "in_progress",
          internalLabel: "Only elsewhere",
        });
        return state;
      });
      // The new state belongs to no type of this ticket: the update must fail as a whole.
      const [lastEvent] = await db
        .selectFrom("events")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .orderBy("id", "desc")
        .limit(1)
        .execute();
      const partsBefore = await listTicketParts(db, workspace.id, ticket.id);
      await expectDomainError(
        db
          .transaction()
          .execute((trx) =>
            updateTicket(
              trx,
              workspace.id,
              ticket.id,
              { attributes: { _default_title_: "Renamed first" }, stateId: foreignState.id },
              { type: "bot" },
            ),
          ),
        "ticket_state_id_invalid",
      );
      const after = await findTicket(db, workspace.id, ticket.id);
      expect(after).toEqual(ticket);
      expect(await listTicketParts(db, workspace.id, ticket.id)).toEqual(partsBefore);
      expect(await listEventsSince(db, workspace.id, lastEvent!.id)).toEqual([]);
      void otherType;

      // A creation that fails validation after reading leaves nothing either.
      const ticketsBefore = await db
        .selectFrom("tickets")
        .select("id")
        .where("workspace_id", "=", workspace.id)
        .execute();
      await expectDomainError(
        db.transaction().execute((trx) =>
          createTicket(trx, workspace.id, {
            ticketTypeId: otherType.id,
            contactIds: ["no-such-contact"],
            attributes: { _default_title_: "x" },
            author: { type: "bot" },
          }),
        ),
        "not_found",
      );
      expect(
        await db.selectFrom("tickets").select("id").where("workspace_id", "=", workspace.id).execute(),
      ).toEqual(ticketsBefore);
      expect(await listEventsSince(db, workspace.id, lastEvent!.id)).toEqual([]);
    });

    it("starts a ticket in its type's first submitted state and records it in the history", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const ticket = await buildTicket(db, workspace);
      const states = await listStatesOfType(db, workspace.id, ticket.ticket_type_id);
      expect(ticket.ticket_state_id).toBe(states.find((s) => s.category === "submitted")!.id);
      const parts = await listTicketParts(db, workspace.id, ticket.id);
      expect(parts.map((p) => p.part_type)).toEqual(["ticket_created"]);
      const events = await listEventsSince(db, workspace.id, 0);
      expect(events.filter((e) => e.subject_id === ticket.id).map((e) => e.type)).toEqual(["ticket.created"]);
    });

    it("records every state change as a part and closes resolved tickets", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const admin = await buildTeammate(db, workspace);
      const ticket = await buildTicket(db, workspace);
      const states = await listStatesOfType(db, workspace.id, ticket.ticket_type_id);
      const byCategory = (c: string) => states.find((s) => s.category === c)!;
      const author = { type: "admin" as const, teammateId: admin.id };
      await db
        .transaction()
        .execute((trx) =>
          updateTicket(trx, workspace.id, ticket.id, { stateId: byCategory("in_progress").id }, author),
        );
      const resolved = await db
        .transaction()
        .execute((trx) =>
          updateTicket(trx, workspace.id, ticket.id, { stateId: byCategory("resolved").id }, author),
        );
      expect(resolved.open).toBe(0);
      const parts = await listTicketParts(db, workspace.id, ticket.id);
      expect(parts.map((p) => [p.part_type, p.previous_ticket_state_id, p.ticket_state_id])).toEqual([
        ["ticket_created", null, byCategory("submitted").id],
        ["ticket_state_updated_by_admin", byCategory("submitted").id, byCategory("in_progress").id],
        ["ticket_state_updated_by_admin", byCategory("in_progress").id, byCategory("resolved").id],
      ]);
    });

    it("refuses a state that does not belong to the ticket's type", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const other = await buildWorkspace(db);
      const ticket = await buildTicket(db, workspace);
      const [foreign] = await listStatesOfType(db, other.id, (await buildTicketType(db, other)).id);
      await expectDomainError(
        db
          .transaction()
          .execute((trx) =>
            updateTicket(trx, workspace.id, ticket.id, { stateId: foreign!.id }, { type: "bot" }),
          ),
        "ticket_state_id_invalid",
      );
    });

    describe("company association (rule 3)", () => {
      it("selects the only candidate company automatically", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const company = await buildCompany(db, workspace);
        const contact = await buildContact(db, workspace, { companies: [company] });
        const ticket = await buildTicket(db, workspace, { contacts: [contact] });
        expect(ticket.company_id).toBe(company.id);
      });

      it("leaves several candidates at No company until someone chooses", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const [a, b] = [await buildCompany(db, workspace), await buildCompany(db, workspace)];
        const contact = await buildContact(db, workspace, { companies: [a, b] });
        const ticket = await buildTicket(db, workspace, { contacts: [contact] });
        expect(ticket.company_id).toBeNull();
        const chosen = await db
          .transaction()
          .execute((trx) => updateTicket(trx, workspace.id, ticket.id, { companyId: b.id }, { type: "bot" }));
        expect(chosen.company_id).toBe(b.id);
      });

      it("gives no company when the contacts belong to none", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const ticket = await buildTicket(db, workspace, { contacts: [await buildContact(db, workspace)] });
        expect(ticket.company_id).toBeNull();
      });

      it("counts the companies of every participant", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const [a, b] = [await buildCompany(db, workspace), await buildCompany(db, workspace)];
        const one = await buildContact(db, workspace, { companies: [a] });
        const two = await buildContact(db, workspace, { companies: [b] });
        expect((await buildTicket(db, workspace, { contacts: [one, two] })).company_id).toBeNull();
        expect((await buildTicket(db, workspace, { contacts: [one] })).company_id).toBe(a.id);
      });

      it("lets the single candidate be set to No company, and keeps that choice", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const company = await buildCompany(db, workspace);
        const contact = await buildContact(db, workspace, { companies: [company] });
        const ticket = await buildTicket(db, workspace, { contacts: [contact] });
        const cleared = await db
          .transaction()
          .execute((trx) => updateTicket(trx, workspace.id, ticket.id, { companyId: null }, { type: "bot" }));
        expect(cleared.company_id).toBeNull();
        const colleague = await buildContact(db, workspace, { companies: [company] });
        const after = await db
          .transaction()
          .execute((trx) => addTicketContacts(trx, workspace.id, ticket.id, [colleague.id]));
        expect(after.company_id).toBeNull();
      });

      it("refuses a company that is not a candidate", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const [mine, other] = [await buildCompany(db, workspace), await buildCompany(db, workspace)];
        const contact = await buildContact(db, workspace, { companies: [mine] });
        await expectDomainError(
          buildTicket(db, workspace, { contacts: [contact], companyId: other.id }),
          "parameter_invalid",
        );
        const ticket = await buildTicket(db, workspace, { contacts: [contact] });
        await expectDomainError(
          db
            .transaction()
            .execute((trx) =>
              updateTicket(trx, workspace.id, ticket.id, { companyId: other.id }, { type: "bot" }),
            ),
          "parameter_invalid",
        );
      });

      it("re-applies the rule when participants change: a second company means No company", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const [a, b] = [await buildCompany(db, workspace), await buildCompany(db, workspace)];
        const one = await buildContact(db, workspace, { companies: [a] });
        const two = await buildContact(db, workspace, { companies: [b] });
        const ticket = await buildTicket(db, workspace, { contacts: [one] });
        expect(ticket.company_id).toBe(a.id);
        const after = await db
          .transaction()
          .execute((trx) => addTicketContacts(trx, workspace.id, ticket.id, [two.id]));
        expect(after.company_id).toBeNull();
      });

      it("applies on convert: the conversation's single company is chosen", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const company = await buildCompany(db, workspace);
        const contact = await buildContact(db, workspace, { companies: [company] });
        const conversation = await buildConversation(db, workspace, contact);
        const type = await buildTicketType(db, workspace, "customer");
        const ticket = await db.transaction().execute((trx) =>
          convertConversationToTicket(trx, workspace.id, {
            conversationId: conversation.id,
            ticketTypeId: type.id,
            attributes: {},
            author: { type: "bot" },
          }),
        );
        expect(ticket.company_id).toBe(company.id);
        expect(ticket.linked_conversation_id).toBe(conversation.id);
        expect(ticket.title).toBe("Hello, the export is broken");
        expect(await listTicketContactIds(db, workspace.id, ticket.id)).toEqual([contact.id]);
      });

      it("keeps the customer's message on convert: it is the ticket's description unless one is given", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const admin = await buildTeammate(db, workspace);
        const contact = await buildContact(db, workspace);
        const type = await buildTicketType(db, workspace, "customer");
        const convert = (attributes: Record<string, string>) =>
          db.transaction().execute(async (trx) => {
            const conversation = await startConversation(trx, workspace.id, {
              contactId: contact.id,
              body: "The dashboard charts are empty since this morning.",
            });
            await addConversationPart(trx, workspace.id, {
              conversationId: conversation.id,
              author: { type: "admin", teammateId: admin.id },
              partType: "comment",
              body: "Let me turn this into a ticket.",
            });
            return convertConversationToTicket(trx, workspace.id, {
              conversationId: conversation.id,
              ticketTypeId: type.id,
              attributes,
              author: { type: "admin", teammateId: admin.id },
            });
          });
        const kept = await convert({ _default_title_: "Empty charts" });
        expect(kept).toMatchObject({
          title: "Empty charts",
          description: "The dashboard charts are empty since this morning.",
        });
        const given = await convert({ _default_description_: "Charts fail to load on the EU cluster." });
        expect(given.description).toBe("Charts fail to load on the EU cluster.");
        expect(given.title).toBe("The dashboard charts are empty since this morning.");
      });

      it("applies on link: linking a conversation brings its people and their company", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const company = await buildCompany(db, workspace);
        const contact = await buildContact(db, workspace, { companies: [company] });
        const conversation = await buildConversation(db, workspace, contact);
        const ticket = await buildTicket(db, workspace, {
          contacts: [],
          type: await buildTicketType(db, workspace, "customer"),
        }).catch((e: unknown) => e);
        // A customer ticket needs a contact; start from an unaffiliated one instead.
        expect(ticket).toBeInstanceOf(DomainError);
        const lead = await buildContact(db, workspace);
        const base = await buildTicket(db, workspace, { contacts: [lead] });
        expect(base.company_id).toBeNull();
        const linked = await db
          .transaction()
          .execute((trx) =>
            linkTicket(trx, workspace.id, base.id, { type: "conversation", id: conversation.id }),
          );
        expect(linked.linked_conversation_id).toBe(conversation.id);
        expect(linked.company_id).toBe(company.id);
      });
    });

    it("converts only into customer ticket types", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const conversation = await buildConversation(db, workspace);
      for (const category of ["back_office", "tracker"] as const) {
        const type = await buildTicketType(db, workspace, category);
        await expectDomainError(
          db.transaction().execute((trx) =>
            convertConversationToTicket(trx, workspace.id, {
              conversationId: conversation.id,
              ticketTypeId: type.id,
              attributes: {},
              author: { type: "bot" },
            }),
          ),
          "parameter_invalid",
        );
      }
    });

    describe("sharing by category", () => {
      it("always shares customer tickets, never trackers, back-office only on purpose", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        expect((await buildTicket(db, workspace, { category: "customer" })).is_shared).toBe(1);
        expect((await buildTicket(db, workspace, { category: "back_office" })).is_shared).toBe(0);
        expect(
          (await buildTicket(db, workspace, { category: "back_office", isShared: true })).is_shared,
        ).toBe(1);
        expect((await buildTicket(db, workspace, { category: "tracker" })).is_shared).toBe(0);
        await expectDomainError(
          buildTicket(db, workspace, { category: "tracker", isShared: true }),
          "parameter_invalid",
        );
        const customer = await buildTicket(db, workspace, { category: "customer" });
        await expectDomainError(
          db
            .transaction()
            .execute((trx) =>
              updateTicket(trx, workspace.id, customer.id, { isShared: false }, { type: "bot" }),
            ),
          "parameter_invalid",
        );
      });
    });

    describe("replies", () => {
      it("moves a ticket waiting on the customer to the first in-progress state when they reply (rule 4)", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const contact = await buildContact(db, workspace);
        const ticket = await buildTicket(db, workspace, { contacts: [contact] });
        const states = await listStatesOfType(db, workspace.id, ticket.ticket_type_id);
        const waiting = states.find((s) => s.category === "waiting_on_customer")!;
        const inProgress = states.find((s) => s.category === "in_progress")!;
        await db
          .transaction()
          .execute((trx) =>
            updateTicket(trx, workspace.id, ticket.id, { stateId: waiting.id }, { type: "bot" }),
          );
        await db.transaction().execute((trx) =>
          replyToTicket(trx, workspace.id, ticket.id, {
            author: { type: "user", contactId: contact.id },
            messageType: "comment",
            body: "Here is the log you asked for",
          }),
        );
        const after = await findTicket(db, workspace.id, ticket.id);
        expect(after!.ticket_state_id).toBe(inProgress.id);
        const parts = await listTicketParts(db, workspace.id, ticket.id);
        expect(parts.map((p) => p.part_type)).toEqual([
          "ticket_created",
          "ticket_state_updated_by_admin",
          "comment",
          "ticket_state_updated_by_user",
        ]);
      });

      it("leaves other states alone when a customer replies", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const contact = await buildContact(db, workspace);
        const ticket = await buildTicket(db, workspace, { contacts: [contact] });
        await db.transaction().execute((trx) =>
          replyToTicket(trx, workspace.id, ticket.id, {
            author: { type: "user", contactId: contact.id },
            messageType: "comment",
            body: "Any news?",
          }),
        );
        expect((await findTicket(db, workspace.id, ticket.id))!.ticket_state_id).toBe(ticket.ticket_state_id);
      });

      it("refuses customer replies on back-office tickets with parameter_mismatch", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const contact = await buildContact(db, workspace);
        const ticket = await buildTicket(db, workspace, {
          category: "back_office",
          contacts: [contact],
          isShared: true,
        });
        await expectDomainError(
          db.transaction().execute((trx) =>
            replyToTicket(trx, workspace.id, ticket.id, {
              author: { type: "user", contactId: contact.id },
              messageType: "comment",
              body: "hi",
            }),
          ),
          "parameter_mismatch",
        );
      });

      it("answers not found to a customer replying on a ticket they cannot see", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const stranger = await buildContact(db, workspace);
        const ticket = await buildTicket(db, workspace);
        await expectDomainError(
          db.transaction().execute((trx) =>
            replyToTicket(trx, workspace.id, ticket.id, {
              author: { type: "user", contactId: stranger.id },
              messageType: "comment",
              body: "hi",
            }),
          ),
          "ticket_not_found",
        );
      });
    });

    describe("links", () => {
      it("links trackers to customer tickets both ways and refuses invalid pairs", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const tracker = await buildTicket(db, workspace, { category: "tracker" });
        const customer = await buildTicket(db, workspace, { category: "customer" });
        const otherTracker = await buildTicket(db, workspace, { category: "tracker" });
        await db
          .transaction()
          .execute((trx) => linkTicket(trx, workspace.id, tracker.id, { type: "ticket", id: customer.id }));
        const view = presentTicket(
          await loadTicketView(db, (await findTicket(db, workspace.id, customer.id))!),
        );
        expect(view.linked_objects.data).toEqual([{ type: "ticket", id: tracker.id, category: "Tracker" }]);
        await expectDomainError(
          db
            .transaction()
            .execute((trx) =>
              linkTicket(trx, workspace.id, tracker.id, { type: "ticket", id: otherTracker.id }),
            ),
          "parameter_invalid",
        );
        await expectDomainError(
          db
            .transaction()
            .execute((trx) =>
              linkTicket(trx, workspace.id, customer.id, { type: "ticket", id: customer.id }),
            ),
          "parameter_invalid",
        );
      });

      it("gives a customer ticket one linked conversation, and a conversation one customer ticket", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const contact = await buildContact(db, workspace);
        const conversation = await buildConversation(db, workspace, contact);
        const first = await buildTicket(db, workspace, { contacts: [contact] });
        const second = await buildTicket(db, workspace, { contacts: [contact] });
        await db
          .transaction()
          .execute((trx) =>
            linkTicket(trx, workspace.id, first.id, { type: "conversation", id: conversation.id }),
          );
        await expectDomainError(
          db
            .transaction()
            .execute((trx) =>
              linkTicket(trx, workspace.id, second.id, { type: "conversation", id: conversation.id }),
            ),
          "conflict",
        );
      });
    });

    describe("joining the conversation (rule 5)", () => {
      it("makes a company colleague a participant of the ticket's conversation", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const company = await buildCompany(db, workspace);
        const reporter = await buildContact(db, workspace, { companies: [company] });
        const colleague = await buildContact(db, workspace, { companies: [company] });
        const conversation = await buildConversation(db, workspace, reporter);
        const type = await buildTicketType(db, workspace, "customer");
        const ticket = await db.transaction().execute((trx) =>
          convertConversationToTicket(trx, workspace.id, {
            conversationId: conversation.id,
            ticketTypeId: type.id,
            attributes: {},
            author: { type: "bot" },
          }),
        );
        expect(await isConversationParticipant(db, workspace.id, conversation.id, colleague.id)).toBe(false);
        const joined = await db
          .transaction()
          .execute((trx) =>
            joinTicketConversation(trx, workspace.id, { ticketId: ticket.id, contactId: colleague.id }),
          );
        expect(joined).toBe(true);
        expect(await isConversationParticipant(db, workspace.id, conversation.id, colleague.id)).toBe(true);
        const again = await db
          .transaction()
          .execute((trx) =>
            joinTicketConversation(trx, workspace.id, { ticketId: ticket.id, contactId: colleague.id }),
          );
        expect(again).toBe(false);
      });

      it("answers not found to someone who cannot see the ticket", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const outsider = await buildContact(db, workspace, {
          companies: [await buildCompany(db, workspace)],
        });
        const conversation = await buildConversation(db, workspace);
        const type = await buildTicketType(db, workspace, "customer");
        const ticket = await db.transaction().execute((trx) =>
          convertConversationToTicket(trx, workspace.id, {
            conversationId: conversation.id,
            ticketTypeId: type.id,
            attributes: {},
            author: { type: "bot" },
          }),
        );
        await expectDomainError(
          db
            .transaction()
            .execute((trx) =>
              joinTicketConversation(trx, workspace.id, { ticketId: ticket.id, contactId: outsider.id }),
            ),
          "ticket_not_found",
        );
      });
    });

    describe("ticket types and states", () => {
      it("gives every new type the two default attributes and a state of every category", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const type = await buildTicketType(db, workspace);
        const view = presentTicket(await loadTicketView(db, await buildTicket(db, workspace, { type })));
        expect(view.ticket_type.ticket_type_attributes.data.map((a) => a.name)).toEqual([
          "_default_title_",
          "_default_description_",
        ]);
        expect(new Set(view.ticket_type.ticket_states.data.map((s) => s.category))).toEqual(
          new Set(["submitted", "in_progress", "waiting_on_customer", "resolved"]),
        );
      });

      it("refuses a type whose states miss a category", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const states = await listStatesOfType(db, workspace.id, (await buildTicketType(db, workspace)).id);
        await expectDomainError(
          db.transaction().execute((trx) =>
            createTicketType(trx, workspace.id, {
              category: "customer",
              name: "Incomplete",
              stateIds: states.filter((s) => s.category !== "resolved").map((s) => s.id),
            }),
          ),
          "parameter_invalid",
        );
      });

      it("keeps internal labels unique in a workspace", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        await expectDomainError(
          db
            .transaction()
            .execute((trx) =>
              createTicketState(trx, workspace.id, { category: "resolved", internalLabel: "Resolved" }),
            ),
          "conflict",
        );
        const other = await buildWorkspace(db);
        await db
          .transaction()
          .execute((trx) =>
            createTicketState(trx, other.id, { category: "resolved", internalLabel: "Resolved elsewhere" }),
          );
      });

      it("refuses to archive a type's last state of a category", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const type = await buildTicketType(db, workspace);
        const resolved = (await listStatesOfType(db, workspace.id, type.id)).find(
          (s) => s.category === "resolved",
        )!;
        await expectDomainError(
          db
            .transaction()
            .execute((trx) => updateTicketState(trx, workspace.id, resolved.id, { archived: true })),
          "parameter_invalid",
        );
      });

      it("enforces required attributes, for teammates and for customers separately", async () => {
        const { db } = await dialect.db();
        const workspace = await buildWorkspace(db);
        const contact = await buildContact(db, workspace);
        const type = await buildTicketType(db, workspace);
        await db.transaction().execute((trx) =>
          createTicketTypeAttribute(trx, workspace.id, type.id, {
            name: "Order number",
            dataType: "integer",
            requiredToCreateForContacts: true,
          }),
        );
        await expectDomainError(
          buildTicket(db, workspace, {
            type,
            contacts: [contact],
            author: { type: "user", contactId: contact.id },
          }),
          "parameter_invalid",
        );
        await expectDomainError(
          buildTicket(db, workspace, { type, contacts: [contact], attributes: { "Order number": "12" } }),
          "parameter_invalid",
        );
        const ticket = await buildTicket(db, workspace, {
          type,
          contacts: [contact],
          attributes: { "Order number": 12 },
          author: { type: "user", contactId: contact.id },
        });
        expect(presentTicket(await loadTicketView(db, ticket)).ticket_attributes["Order number"]).toBe(12);
      });
    });

    it("keeps internal data out of the customer-facing presenter (rule 2)", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const admin = await buildTeammate(db, workspace);
      const contact = await buildContact(db, workspace);
      const type = await buildTicketType(db, workspace);
      await db.transaction().execute((trx) =>
        createTicketTypeAttribute(trx, workspace.id, type.id, {
          name: "Root cause",
          dataType: "string",
          visibleToContacts: false,
        }),
      );
      const ticket = await buildTicket(db, workspace, {
        type,
        contacts: [contact],
        attributes: { "Root cause": "SECRET-CAUSE" },
      });
      await db.transaction().execute(async (trx) => {
        await replyToTicket(trx, workspace.id, ticket.id, {
          author: { type: "admin", teammateId: admin.id },
          messageType: "note",
          body: "SECRET-NOTE",
        });
        await updateTicket(
          trx,
          workspace.id,
          ticket.id,
          { assigneeId: admin.id },
          { type: "admin", teammateId: admin.id },
        );
      });
      const view = await loadTicketView(db, (await findTicket(db, workspace.id, ticket.id))!);
      const json = JSON.stringify(
        presentPortalTicket(view, { reply: true, join: false, open_conversation: false }, "a-reader"),
      );
      for (const secret of [
        "SECRET-CAUSE",
        "SECRET-NOTE",
        admin.id,
        admin.email,
        "Waiting on customer",
        '"Submitted"',
      ]) {
        if (secret === '"Submitted"') continue; // internal and external default labels coincide for this state
        expect(json).not.toContain(secret);
      }
      expect(json).toContain("Printer on fire");
      const full = JSON.stringify(presentTicket(view));
      expect(full).toContain("SECRET-CAUSE");
      expect(full).toContain("SECRET-NOTE");
    });

    it("deletes a ticket with its parts and participants, leaving other tickets' links clean", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const tracker = await buildTicket(db, workspace, { category: "tracker" });
      const customer = await buildTicket(db, workspace);
      await db
        .transaction()
        .execute((trx) => linkTicket(trx, workspace.id, tracker.id, { type: "ticket", id: customer.id }));
      await db.transaction().execute((trx) => deleteTicket(trx, workspace.id, customer.id));
      expect(await findTicket(db, workspace.id, customer.id)).toBeUndefined();
      expect(await listTicketParts(db, workspace.id, customer.id)).toEqual([]);
      const trackerView = presentTicket(await loadTicketView(db, tracker));
      expect(trackerView.linked_objects.data).toEqual([]);
    });

    it("never lets one workspace's command touch another's rows", async () => {
      const { db } = await dialect.db();
      const mine = await buildWorkspace(db);
      const theirs = await buildWorkspace(db);
      const theirTicket = await buildTicket(db, theirs);
      await expectDomainError(
        db
          .transaction()
          .execute((trx) => updateTicket(trx, mine.id, theirTicket.id, { open: false }, { type: "bot" })),
        "ticket_not_found",
      );
      await expectDomainError(
        db.transaction().execute((trx) => deleteTicket(trx, mine.id, theirTicket.id)),
        "ticket_not_found",
      );
      const theirContact = await buildContact(db, theirs);
      const myCompany = await buildCompany(db, mine);
      await expectDomainError(
        db
          .transaction()
          .execute((trx) =>
            addMembership(trx, mine.id, { companyId: myCompany.id, contactId: theirContact.id }),
          ),
        "not_found",
      );
    });
  });
}
