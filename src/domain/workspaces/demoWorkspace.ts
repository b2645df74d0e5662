// Seeds the demo workspace a newcomer explores after `npm start`: companies, people in one and in two
// companies, tickets of every category and state, conversations. Everything goes through real commands.
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/database.ts";
import type { TicketStateCategory } from "../../db/schema.ts";
import { addMembership, upsertCompany } from "../companies/companyCommands.ts";
import { createContact } from "../contacts/contactCommands.ts";
import { addConversationPart, startConversation } from "../conversations/conversationCommands.ts";
import { createTeammate } from "../teammates/teammate.repository.ts";
import { createTicket, convertConversationToTicket } from "../tickets/ticketCreator.ts";
import { linkTicket } from "../tickets/ticketLinker.ts";
import { replyToTicket } from "../tickets/ticketReplier.ts";
import { listStatesOfType } from "../tickets/ticketState.repository.ts";
import { createTicketType, createTicketTypeAttribute } from "../tickets/ticketTypeCommands.ts";
import { updateTicket } from "../tickets/ticketUpdater.ts";
import { createWorkspace, type CreatedWorkspace } from "./workspaceCommands.ts";

/** The demo admin's e-mail: admin@demo.portico.test for the usual slug (teammate e-mails are unique server-wide). */
const demoAdminEmail = (slug: string) => `admin@${slug}.portico.test`;

export interface DemoWorkspace extends CreatedWorkspace {
  adminEmail: string;
  adminPassword: string;
  demoPerson: { id: string; externalId: string; email: string };
}

export async function seedDemoWorkspace(db: Db, secretKey: Buffer, slug = "demo"): Promise<DemoWorkspace> {
  const adminPassword = randomBytes(9).toString("base64url");
  return db.transaction().execute(async (trx) => {
    const created = await createWorkspace(trx, secretKey, {
      name: "Demo Support",
      slug,
      admin: { email: demoAdminEmail(slug), name: "Dana Admin", password: adminPassword },
    });
    const ws = created.workspace.id;
    const admin = { type: "admin" as const, teammateId: created.adminId! };
    const agent = await createTeammate(trx, {
      workspaceId: ws,
      email: `sam@${slug}.portico.test`,
      name: "Sam Agent",
      role: "agent",
      password: randomBytes(12).toString("base64url"),
    });

    const company = async (externalId: string, name: string, plan: string, size: number) =>
      (
        await upsertCompany(trx, ws, externalId, {
          name,
          plan,
          size,
          website: `https://${externalId}.example`,
        })
      ).company;
    const acme = await company("acme", "Acme Corp", "Enterprise", 1200);
    const globex = await company("globex", "Globex", "Pro", 300);
    const initech = await company("initech", "Initech", "Starter", 40);

    const person = async (
      externalId: string,
      name: string,
      companies: Array<[string, "member" | "manager"]>,
    ) => {
      const contact = await createContact(trx, ws, {
        externalId,
        email: `${externalId}@customers.example`,
        name,
        role: "user",
      });
      for (const [companyId, role] of companies)
        await addMembership(trx, ws, { companyId, contactId: contact.id, role });
      return contact;
    };
    // Pat belongs to two companies: the person the portal demo signs in as.
    const pat = await person("pat", "Pat Jones", [
      [acme.id, "manager"],
      [globex.id, "member"],
    ]);
    const jordan = await person("jordan", "Jordan Lee", [[acme.id, "member"]]);
    const riley = await person("riley", "Riley Chen", [[globex.id, "member"]]);
    const morgan = await person("morgan", "Morgan Diaz", [[initech.id, "manager"]]);
    await createContact(trx, ws, {
      email: "visitor@somewhere.example",
      name: "Website visitor",
      role: "lead",
    });

    const bug = await createTicketType(trx, ws, {
      category: "customer",
      name: "Bug report",
      icon: "🐞",
      description: "Something is broken",
    });
    await createTicketTypeAttribute(trx, ws, bug.id, {
      name: "Severity",
      dataType: "list",
      inputOptions: { list_options: [{ label: "Low" }, { label: "Medium" }, { label: "High" }] },
      requiredToCreateForContacts: true,
    });
    await createTicketTypeAttribute(trx, ws, bug.id, { name: "Browser", dataType: "string" });
    await createTicketTypeAttribute(trx, ws, bug.id, {
      name: "Root cause",
      dataType: "string",
      visibleToContacts: false,
    });
    const question = await createTicketType(trx, ws, { category: "customer", name: "Question", icon: "❓" });
    const billing = await createTicketType(trx, ws, {
      category: "back_office",
      name: "Billing review",
      icon: "💳",
    });
    const known = await createTicketType(trx, ws, { category: "tracker", name: "Known issue", icon: "📌" });

    const statesOf = async (typeId: string) => {
      const states = await listStatesOfType(trx, ws, typeId);
      return (category: TicketStateCategory) => states.find((s) => s.category === category)!.id;
    };
    const bugState = await statesOf(bug.id);

    const ticket = async (
      typeId: string,
      contactIds: string[],
      title: string,
      description: string,
      extra: Record<string, string> = {},
      isShared?: boolean,
    ) =>
      createTicket(trx, ws, {
        ticketTypeId: typeId,
        contactIds,
        attributes: { _default_title_: title, _default_description_: description, ...extra },
        author: admin,
        isShared,
      });

    const exportBug = await ticket(
      bug.id,
      [pat.id, jordan.id],
      "CSV export times out",
      "Exports over 10k rows never finish.",
      {
        Severity: "High",
        Browser: "Firefox 133",
        "Root cause": "Export job runs in the request thread",
      },
    );
    // Pat and Jordan share only Acme, so the export bug is Acme's.
    await updateTicket(
      trx,
      ws,
      exportBug.id,
      { stateId: bugState("in_progress"), assigneeId: agent.id },
      admin,
    );
    await replyToTicket(trx, ws, exportBug.id, {
      author: admin,
      messageType: "comment",
      body: "We can reproduce it and are working on a fix.",
    });
    await replyToTicket(trx, ws, exportBug.id, {
      author: admin,
      messageType: "note",
      body: "Likely the synchronous export path.",
    });

    const ssoBug = await ticket(
      bug.id,
      [pat.id],
      "SSO login loops back to the sign-in page",
      "Happens after the session expires.",
      { Severity: "Medium" },
    );
    // Pat is in two companies: "No company" until a teammate picks one; here they pick Globex.
    await updateTicket(
      trx,
      ws,
      ssoBug.id,
      { companyId: globex.id, stateId: bugState("waiting_on_customer") },
      admin,
    );
    await replyToTicket(trx, ws, ssoBug.id, {
      author: admin,
      messageType: "comment",
      body: "Which identity provider do you use?",
    });

    const rileyQuestion = await ticket(
      question.id,
      [riley.id],
      "How do I add a teammate?",
      "We grew and need more seats.",
    );
    const questionState = await statesOf(question.id);
    await updateTicket(trx, ws, rileyQuestion.id, { stateId: questionState("resolved") }, admin);

    await ticket(
      question.id,
      [morgan.id],
      "Invoice address change",
      "Please use our new address from next month.",
    );
    await ticket(
      bug.id,
      [jordan.id],
      "Dark mode colours are unreadable",
      "Grey on grey in the settings page.",
      { Severity: "Low" },
    );

    const billingReview = await ticket(
      billing.id,
      [pat.id],
      "Refund for double charge",
      "Acme was charged twice in March.",
      {},
      true,
    );
    await updateTicket(trx, ws, billingReview.id, { companyId: acme.id }, admin);
    await ticket(
      billing.id,
      [riley.id],
      "Discount approval",
      "Internal review of Globex's renewal discount.",
    );

    const tracker = await ticket(
      known.id,
      [],
      "Export service degraded",
      "Tracks every report of slow exports.",
    );
    await linkTicket(trx, ws, tracker.id, { type: "ticket", id: exportBug.id });

    const chat = await startConversation(trx, ws, {
      contactId: pat.id,
      body: "Hi! The dashboard charts are empty since this morning.",
    });
    await addConversationPart(trx, ws, {
      conversationId: chat.id,
      author: admin,
      partType: "comment",
      body: "Thanks Pat, let me turn this into a ticket so you can follow it.",
    });
    await convertConversationToTicket(trx, ws, {
      conversationId: chat.id,
      ticketTypeId: bug.id,
      attributes: { _default_title_: "Dashboard charts are empty", Severity: "High" },
      author: admin,
    });
    await startConversation(trx, ws, { contactId: riley.id, body: "Do you offer an annual plan?" });

    return {
      ...created,
      adminEmail: demoAdminEmail(slug),
      adminPassword,
      demoPerson: { id: pat.id, externalId: "pat", email: pat.email! },
    };
  });
}
