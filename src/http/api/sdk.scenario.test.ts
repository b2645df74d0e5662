// The official intercom-client SDK, unchanged, against a running Portico on each dialect.
import type { AddressInfo } from "node:net";
import { IntercomClient } from "intercom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiWorkspace } from "../../../test/api.ts";
import { testApp } from "../../../test/app.ts";
import { testDialects } from "../../../test/dialects.ts";

for (const dialect of testDialects()) {
  describe(`intercom-client SDK scenario (${dialect.name})`, () => {
    const app = testApp(dialect);
    let baseUrl = "";
    beforeAll(async () => {
      const a = await app();
      await a.listen({ port: 0, host: "127.0.0.1" });
      baseUrl = `http://127.0.0.1:${(a.server.address() as AddressInfo).port}/api`;
    });
    afterAll(async () => (await app()).close());

    it("runs companies, contacts, types, tickets, replies, search, convert and delete through the SDK", async () => {
      const { db } = await dialect.db();
      const { token, admin } = await buildApiWorkspace(db);
      const client = new IntercomClient({ token, baseUrl });

      // Companies and contacts, one person in two companies.
      const acme = await client.companies.createOrUpdate({
        company_id: "acme",
        name: "Acme",
        plan: "Pro",
        size: 50,
      });
      const globex = await client.companies.createOrUpdate({ company_id: "globex", name: "Globex" });
      expect(acme).toMatchObject({ type: "company", company_id: "acme", name: "Acme", size: 50 });
      const again = await client.companies.createOrUpdate({ company_id: "acme", name: "Acme Corp" });
      expect(again.id).toBe(acme.id);
      expect((await client.companies.find({ company_id: acme.id })).name).toBe("Acme Corp");
      const byOwnId = await client.companies.retrieve({ company_id: "acme" });
      expect((byOwnId as unknown as { id: string }).id).toBe(acme.id);

      const pat = await client.contacts.create({
        external_id: "pat",
        email: "pat@acme.example",
        name: "Pat",
      });
      const jo = await client.contacts.create({ external_id: "jo", email: "jo@acme.example", name: "Jo" });
      await client.companies.attachContact({ contact_id: pat.id, id: acme.id });
      await client.companies.attachContact({ contact_id: pat.id, id: globex.id });
      await client.companies.attachContact({ contact_id: jo.id, id: acme.id });
      const patCompanies = await client.contacts.listAttachedCompanies({ contact_id: pat.id });
      expect((patCompanies.data ?? []).map((c) => c.id).sort()).toEqual([acme.id, globex.id].sort());
      expect((await client.contacts.find({ contact_id: jo.id })).external_id).toBe("jo");

      // A ticket type with an attribute.
      const type = await client.ticketTypes.create({
        name: "Bug",
        description: "Broken things",
        category: "Customer",
        icon: "🐞",
      });
      const severity = await client.ticketTypes.attributes.create({
        ticket_type_id: type!.id!,
        name: "Severity",
        description: "How bad",
        data_type: "list",
        list_items: "Low,High",
        required_to_create: false,
      });
      expect(severity).toMatchObject({ name: "Severity", data_type: "list" });
      const fetchedType = await client.ticketTypes.get({ ticket_type_id: type!.id! });
      const attributeList = fetchedType!.ticket_type_attributes as unknown as {
        data: Array<{ name: string }>;
      };
      expect(attributeList.data.map((a) => a.name)).toEqual([
        "_default_title_",
        "_default_description_",
        "Severity",
      ]);
      const states = await client.ticketStates.listTicketStates();
      const stateId = (category: string) => (states.data ?? []).find((s) => s!.category === category)!.id!;

      // Tickets: Jo's is Acme's automatically; Pat's (two companies) has No company until set.
      const joTicket = await client.tickets.create({
        ticket_type_id: type!.id!,
        contacts: [{ id: jo.id }],
        ticket_attributes: { _default_title_: "Export fails", Severity: "High" },
      } as never);
      expect(joTicket).toMatchObject({
        type: "ticket",
        category: "Customer",
        company_id: acme.id,
        ticket_id: "1",
      });
      const patTicket = await client.tickets.create({
        ticket_type_id: type!.id!,
        contacts: [{ external_id: "pat" }],
        ticket_attributes: { _default_title_: "Login loops" },
      } as never);
      expect((patTicket as unknown as { company_id: string | null }).company_id).toBeNull();

      const got = await client.tickets.get({ ticket_id: joTicket!.id! });
      expect(got!.ticket_attributes).toMatchObject({ _default_title_: "Export fails", Severity: "High" });

      // Update state, set and clear the company (Portico's company_id field).
      const moved = await client.tickets.update({
        ticket_id: patTicket!.id!,
        ticket_state_id: stateId("waiting_on_customer"),
        admin_id: admin.id,
      } as never);
      expect(moved!.ticket_state!.category).toBe("waiting_on_customer");
      const withCompany = await client.tickets.update({
        ticket_id: patTicket!.id!,
        company_id: globex.id,
      } as never);
      expect((withCompany as unknown as { company: { id: string } }).company.id).toBe(globex.id);
      const cleared = await client.tickets.update({ ticket_id: patTicket!.id!, company_id: null } as never);
      expect((cleared as unknown as { company_id: string | null }).company_id).toBeNull();

      // Replies: an admin note, and Pat's comment moves "waiting on customer" to "in progress".
      const note = await client.tickets.reply({
        ticket_id: patTicket!.id!,
        body: { message_type: "note", type: "admin", admin_id: admin.id, body: "checking" },
      } as never);
      expect(note).toMatchObject({ type: "ticket_part", part_type: "note" });
      const comment = await client.tickets.reply({
        ticket_id: patTicket!.id!,
        body: { message_type: "comment", type: "user", body: "Still broken", intercom_user_id: pat.id },
      } as never);
      expect(comment).toMatchObject({ part_type: "comment", author: { type: "user", id: pat.id } });
      expect((await client.tickets.get({ ticket_id: patTicket!.id! }))!.ticket_state!.category).toBe(
        "in_progress",
      );

      // Search with nested AND/OR over more than one page, through the SDK's pager.
      for (let i = 0; i < 5; i++) {
        await client.tickets.create({
          ticket_type_id: type!.id!,
          contacts: [{ id: jo.id }],
          ticket_attributes: { _default_title_: `Bulk ${i}` },
        } as never);
      }
      const pager = await client.tickets.search({
        query: {
          operator: "AND",
          value: [
            { field: "ticket_type_id", operator: "=", value: type!.id! },
            {
              operator: "OR",
              value: [
                { field: "title", operator: "~", value: "Bulk" },
                { field: "company_id", operator: "=", value: acme.id },
              ],
            },
          ],
        } as never,
        pagination: { per_page: 2 },
      });
      const titles: string[] = [];
      for await (const ticket of pager) titles.push(String(ticket!.ticket_attributes!._default_title_));
      expect(titles.sort()).toEqual(["Bulk 0", "Bulk 1", "Bulk 2", "Bulk 3", "Bulk 4", "Export fails"]);

      // Convert a conversation into a ticket; the conversation becomes its linked conversation.
      const message = await client.conversations.create({
        from: { type: "user", id: jo.id },
        body: "The API is slow",
      });
      const converted = await client.conversations.convertToTicket({
        conversation_id: message.conversation_id!,
        ticket_type_id: type!.id!,
      } as never);
      expect(converted).toMatchObject({ type: "ticket", company_id: acme.id });
      expect(converted!.linked_objects!.data![0]).toMatchObject({
        type: "conversation",
        id: message.conversation_id,
      });

      // Delete.
      await client.tickets.deleteTicket({ ticket_id: joTicket!.id! });
      const error = await client.tickets.get({ ticket_id: joTicket!.id! }).catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 404 });
    });

    it("covers the remaining endpoints through the SDK: updates, deletes, lists, searches, participants", async () => {
      const { db } = await dialect.db();
      const { token, admin } = await buildApiWorkspace(db);
      const client = new IntercomClient({ token, baseUrl });

      // Contacts: update, find by external id, search (with pages), delete.
      const ann = await client.contacts.create({ external_id: "ann", email: "ann@initech.example" });
      const updated = await client.contacts.update({ contact_id: ann.id, name: "Ann Perkins" });
      expect(updated.name).toBe("Ann Perkins");
      expect((await client.contacts.showContactByExternalId({ external_id: "ann" })).id).toBe(ann.id);
      for (const n of [1, 2, 3])
        await client.contacts.create({ external_id: `bulk-${n}`, email: `bulk${n}@initech.example` });
      const contactPager = await client.contacts.search({
        query: {
          operator: "AND",
          value: [{ field: "email", operator: "$", value: "@initech.example" }],
        } as never,
        pagination: { per_page: 2 },
      });
      const emails: string[] = [];
      for await (const contact of contactPager) emails.push(String(contact.email));
      expect(emails.sort()).toEqual([
        "ann@initech.example",
        "bulk1@initech.example",
        "bulk2@initech.example",
        "bulk3@initech.example",
      ]);

      // Companies: update, members, detach, delete.
      const initech = await client.companies.createOrUpdate({ company_id: "initech", name: "Initech" });
      await client.companies.attachContact({ contact_id: ann.id, id: initech.id });
      const renamed = await client.companies.update({
        company_id: initech.id,
        body: { name: "Initech LLC", website: "https://initech.example" },
      } as never);
      expect(renamed).toMatchObject({
        name: "Initech LLC",
        website: "https://initech.example",
        user_count: 1,
      });
      const members = await client.companies.listAttachedContacts({ company_id: initech.id });
      expect((members as unknown as { data: Array<{ id: string }> }).data.map((c) => c.id)).toEqual([ann.id]);
      await client.companies.detachContact({ contact_id: ann.id, company_id: initech.id });
      expect((await client.contacts.listAttachedCompanies({ contact_id: ann.id })).data).toEqual([]);
      await client.companies.delete({ company_id: initech.id });
      expect(await client.companies.find({ company_id: initech.id }).catch((e: unknown) => e)).toMatchObject({
        statusCode: 404,
      });

      // Ticket types: list, update, attribute update.
      const type = await client.ticketTypes.create({ name: "Request", category: "Customer" });
      const attribute = await client.ticketTypes.attributes.create({
        ticket_type_id: type!.id!,
        name: "Product",
        description: "Which product",
        data_type: "string",
      });
      const attributeChanged = await client.ticketTypes.attributes.update({
        ticket_type_id: type!.id!,
        attribute_id: attribute!.id!,
        description: "The product concerned",
        visible_to_contacts: false,
      });
      expect(attributeChanged).toMatchObject({
        description: "The product concerned",
        visible_to_contacts: false,
      });
      await client.ticketTypes.update({ ticket_type_id: type!.id!, name: "Service request" });
      const types = await client.ticketTypes.list();
      expect((types as unknown as { data: Array<{ name: string }> }).data.map((t) => t.name)).toContain(
        "Service request",
      );

      // Conversations: find, replies both ways, search, add and remove a participant.
      const bob = await client.contacts.create({ external_id: "bob", email: "bob@initech.example" });
      const message = await client.conversations.create({
        from: { type: "user", id: ann.id },
        body: "Printer jams",
      });
      const conversationId = message.conversation_id!;
      await client.conversations.reply({
        conversation_id: conversationId,
        body: { message_type: "comment", type: "admin", admin_id: admin.id, body: "Which model?" },
      } as never);
      await client.conversations.reply({
        conversation_id: conversationId,
        body: { message_type: "comment", type: "user", intercom_user_id: ann.id, body: "The big one" },
      } as never);
      await client.conversations.attachContactAsAdmin({
        conversation_id: conversationId,
        admin_id: admin.id,
        customer: { intercom_user_id: bob.id },
      } as never);
      let conversation = await client.conversations.find({ conversation_id: conversationId });
      expect(conversation.conversation_parts!.conversation_parts!.map((p) => p.body)).toEqual([
        "Which model?",
        "The big one",
      ]);
      expect(conversation.contacts!.contacts!.map((c) => c.id)).toEqual([ann.id, bob.id]);
      await client.conversations.detachContactAsAdmin({
        conversation_id: conversationId,
        contact_id: bob.id,
        admin_id: admin.id,
      });
      conversation = await client.conversations.find({ conversation_id: conversationId });
      expect(conversation.contacts!.contacts!.map((c) => c.id)).toEqual([ann.id]);
      const conversationPager = await client.conversations.search({
        query: { field: "contact_ids", operator: "=", value: ann.id } as never,
        pagination: { per_page: 5 },
      });
      const found: string[] = [];
      for await (const c of conversationPager) found.push(c.id);
      expect(found).toEqual([conversationId]);

      // Finally the contact can be deleted; it is gone from lookups.
      await client.contacts.delete({ contact_id: bob.id });
      expect(await client.contacts.find({ contact_id: bob.id }).catch((e: unknown) => e)).toMatchObject({
        statusCode: 404,
      });
    });

    it("works as a 2.11 client: state as a category name, assignment object, is_internal types", async () => {
      const { db } = await dialect.db();
      const { token, admin } = await buildApiWorkspace(db);
      const client = new IntercomClient({ token, baseUrl, version: "2.11" });
      const contact = await client.contacts.create({ email: "old@client.example" });
      const type = await client.ticketTypes.create({ name: "Old style", is_internal: false } as never);
      expect(type).toMatchObject({ category: "Customer" });
      const internal = await client.ticketTypes.create({ name: "Internal", is_internal: true } as never);
      expect(internal).toMatchObject({ category: "Back-office" });
      const ticket = await client.tickets.create({
        ticket_type_id: type!.id!,
        contacts: [{ email: "old@client.example" }],
        ticket_attributes: { _default_title_: "Old" },
      } as never);
      expect(ticket!.contacts!.contacts![0]!.id).toBe(contact.id);
      const updated = await client.tickets.update({
        ticket_id: ticket!.id!,
        state: "resolved",
        assignment: { admin_id: admin.id, assignee_id: admin.id },
      } as never);
      expect(updated).toMatchObject({
        ticket_state: { category: "resolved" },
        admin_assignee_id: admin.id,
        open: false,
      });
    });
  });
}
