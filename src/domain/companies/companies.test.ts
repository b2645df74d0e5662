// Contacts, companies, memberships and conversations on both dialects, with their outbox events.
import { describe, expect, it } from "vitest";
import { testDialects } from "../../../test/dialects.ts";
import {
  buildCompany,
  buildContact,
  buildConversation,
  buildTeammate,
  buildTicket,
  buildWorkspace,
} from "../../../test/factories.ts";
import { createContact, deleteContact, updateContact } from "../contacts/contactCommands.ts";
import { findContact } from "../contacts/contact.repository.ts";
import {
  addConversationParticipant,
  addConversationPart,
  removeConversationParticipant,
} from "../conversations/conversationCommands.ts";
import {
  listConversationParticipantIds,
  listConversationParts,
} from "../conversations/conversation.repository.ts";
import { listEventsSince } from "../events/outbox.repository.ts";
import { findTicket } from "../tickets/ticket.repository.ts";
import {
  addMembership,
  deleteCompany,
  removeMembership,
  updateCompany,
  upsertCompany,
} from "./companyCommands.ts";
import { countMembers, findMembership, listCompanyIdsOfContacts } from "./company.repository.ts";

for (const dialect of testDialects()) {
  describe(`companies and contacts (${dialect.name})`, () => {
    it("creates a company once per company_id and updates it on the second post", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const first = await db
        .transaction()
        .execute((trx) =>
          upsertCompany(trx, workspace.id, "acme-42", { name: "Acme", plan: "Pro", size: 10 }),
        );
      const second = await db
        .transaction()
        .execute((trx) => upsertCompany(trx, workspace.id, "acme-42", { plan: "Enterprise" }));
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.company).toMatchObject({
        id: first.company.id,
        name: "Acme",
        plan: "Enterprise",
        size: 10,
      });
      await expect(
        db.transaction().execute((trx) => updateCompany(trx, workspace.id, first.company.id, { size: -3 })),
      ).rejects.toMatchObject({
        code: "parameter_invalid",
        field: "size",
      });
    });

    it("adds memberships with a role, changes the role, and removes them", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const company = await buildCompany(db, workspace);
      const contact = await buildContact(db, workspace);
      await db
        .transaction()
        .execute((trx) => addMembership(trx, workspace.id, { companyId: company.id, contactId: contact.id }));
      expect((await findMembership(db, workspace.id, company.id, contact.id))!.role).toBe("member");
      await db
        .transaction()
        .execute((trx) =>
          addMembership(trx, workspace.id, { companyId: company.id, contactId: contact.id, role: "manager" }),
        );
      expect((await findMembership(db, workspace.id, company.id, contact.id))!.role).toBe("manager");
      expect(await countMembers(db, workspace.id, company.id)).toBe(1);
      expect(
        await db
          .transaction()
          .execute((trx) =>
            removeMembership(trx, workspace.id, { companyId: company.id, contactId: contact.id }),
          ),
      ).toBe(true);
      expect(await listCompanyIdsOfContacts(db, workspace.id, [contact.id])).toEqual([]);
      const types = (await listEventsSince(db, workspace.id, 0))
        .filter((e) => e.subject_id === company.id)
        .map((e) => e.type);
      expect(types).toEqual([
        "company.created",
        "company_membership.created",
        "company_membership.created",
        "company_membership.deleted",
      ]);
    });

    it("clears the company from its tickets when it is deleted, with an event per ticket", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const company = await buildCompany(db, workspace);
      const contact = await buildContact(db, workspace, { companies: [company] });
      const ticket = await buildTicket(db, workspace, { contacts: [contact] });
      expect(ticket.company_id).toBe(company.id);
      await db.transaction().execute((trx) => deleteCompany(trx, workspace.id, company.id));
      expect((await findTicket(db, workspace.id, ticket.id))!.company_id).toBeNull();
      expect(await listCompanyIdsOfContacts(db, workspace.id, [contact.id])).toEqual([]);
      const ticketEvents = (await listEventsSince(db, workspace.id, 0))
        .filter((e) => e.subject_id === ticket.id)
        .map((e) => e.type);
      expect(ticketEvents).toContain("ticket.company_changed");
    });

    it("keeps external ids unique per workspace, not across workspaces", async () => {
      const { db } = await dialect.db();
      const a = await buildWorkspace(db);
      const b = await buildWorkspace(db);
      await db
        .transaction()
        .execute((trx) => createContact(trx, a.id, { externalId: "u-1", email: "u1@example.com" }));
      await expect(
        db.transaction().execute((trx) => createContact(trx, a.id, { externalId: "u-1" })),
      ).rejects.toMatchObject({ code: "conflict" });
      const other = await db.transaction().execute((trx) => createContact(trx, b.id, { externalId: "u-1" }));
      expect(other.workspace_id).toBe(b.id);
    });

    it("validates contacts: e-mail format, a user needs an identity, leads may be anonymous", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      await expect(
        db.transaction().execute((trx) => createContact(trx, workspace.id, { role: "user" })),
      ).rejects.toMatchObject({ field: "external_id" });
      await expect(
        db.transaction().execute((trx) => createContact(trx, workspace.id, { email: "not-an-email" })),
      ).rejects.toMatchObject({ field: "email" });
      const lead = await db.transaction().execute((trx) => createContact(trx, workspace.id, {}));
      expect(lead.role).toBe("lead");
      const updated = await db.transaction().execute((trx) =>
        updateContact(trx, workspace.id, lead.id, {
          email: "Lead@Example.com",
          attributes: { plan: "trial" },
        }),
      );
      expect(updated.email).toBe("lead@example.com");
      expect(JSON.parse(updated.attributes)).toEqual({ plan: "trial" });
    });

    it("deletes a contact but keeps the tickets they created", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const contact = await buildContact(db, workspace);
      const ticket = await buildTicket(db, workspace, {
        contacts: [contact],
        author: { type: "user", contactId: contact.id },
      });
      await db.transaction().execute((trx) => deleteContact(trx, workspace.id, contact.id));
      expect(await findContact(db, workspace.id, contact.id)).toBeUndefined();
      expect((await findTicket(db, workspace.id, ticket.id))!.created_by_contact_id).toBeNull();
    });

    it("runs a conversation: replies, notes, participants; customers write only where they take part", async () => {
      const { db } = await dialect.db();
      const workspace = await buildWorkspace(db);
      const admin = await buildTeammate(db, workspace);
      const customer = await buildContact(db, workspace);
      const colleague = await buildContact(db, workspace);
      const conversation = await buildConversation(db, workspace, customer);
      await db.transaction().execute(async (trx) => {
        await addConversationPart(trx, workspace.id, {
          conversationId: conversation.id,
          author: { type: "admin", teammateId: admin.id },
          partType: "note",
          body: "internal",
        });
        await addConversationPart(trx, workspace.id, {
          conversationId: conversation.id,
          author: { type: "admin", teammateId: admin.id },
          partType: "comment",
          body: "Hi!",
        });
      });
      await expect(
        db.transaction().execute((trx) =>
          addConversationPart(trx, workspace.id, {
            conversationId: conversation.id,
            author: { type: "user", contactId: colleague.id },
            partType: "comment",
            body: "me too",
          }),
        ),
      ).rejects.toMatchObject({ code: "not_found" });
      await db.transaction().execute((trx) =>
        addConversationParticipant(trx, workspace.id, {
          conversationId: conversation.id,
          contactId: colleague.id,
        }),
      );
      await db.transaction().execute((trx) =>
        addConversationPart(trx, workspace.id, {
          conversationId: conversation.id,
          author: { type: "user", contactId: colleague.id },
          partType: "comment",
          body: "me too",
        }),
      );
      expect(
        (await listConversationParts(db, workspace.id, conversation.id)).map((p) => p.part_type),
      ).toEqual(["comment", "note", "comment", "comment"]);
      await db.transaction().execute((trx) =>
        removeConversationParticipant(trx, workspace.id, {
          conversationId: conversation.id,
          contactId: colleague.id,
        }),
      );
      expect(await listConversationParticipantIds(db, workspace.id, conversation.id)).toEqual([customer.id]);
    });
  });
}
