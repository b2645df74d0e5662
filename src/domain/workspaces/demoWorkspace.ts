// Seeds the demo workspace a newcomer explores after `npm start`: companies, people in one and in two
// companies, tickets of every category and state, conversations, Help Center articles, and the settings
// that make it the real thing on this machine — the Help Center live on help.<slug>.localhost with the
// Tickets portal on, identity verification enforced, the cookie domain <slug>.localhost shared with the
// demo product on app.<slug>.localhost. Everything goes through real commands, prerequisites included.
import { randomBytes } from "node:crypto";
import type { Config } from "../../config.ts";
import type { Db, Executor } from "../../db/database.ts";
import type { TicketStateCategory, Workspace } from "../../db/schema.ts";
import { addMembership, upsertCompany } from "../companies/companyCommands.ts";
import { createContact } from "../contacts/contactCommands.ts";
import {
  addConversationParticipant,
  addConversationPart,
  startConversation,
} from "../conversations/conversationCommands.ts";
import { createArticle, createCollection } from "../helpcenter/articleCommands.ts";
import { createTeammate } from "../teammates/teammate.repository.ts";
import { createTicket, convertConversationToTicket } from "../tickets/ticketCreator.ts";
import { linkTicket } from "../tickets/ticketLinker.ts";
import { replyToTicket } from "../tickets/ticketReplier.ts";
import { listStatesOfType } from "../tickets/ticketState.repository.ts";
import { createTicketType, createTicketTypeAttribute } from "../tickets/ticketTypeCommands.ts";
import { updateTicket } from "../tickets/ticketUpdater.ts";
import { originOfHost } from "./workspace.presenter.ts";
import { createWorkspace, updateWorkspaceSettings, type CreatedWorkspace } from "./workspaceCommands.ts";

/** The demo admin's e-mail: admin@demo.portico.test for the usual slug (teammate e-mails are unique server-wide). */
const demoAdminEmail = (slug: string) => `admin@${slug}.portico.test`;

/**
 * Where the demo lives: names under <slug>.localhost, which every browser sends to this machine by itself
 * (loopbackNames.ts). The product and the Help Center share the cookie domain, as app.acme.com and
 * help.acme.com share acme.com.
 */
export function demoDomains(slug: string) {
  const zone = `${slug}.localhost`;
  return { cookieDomain: zone, helpCenterDomain: `help.${zone}`, productHost: `app.${zone}` };
}

/** The demo customer's product host: `app.` under the workspace's cookie domain, like app.acme.com. */
export function demoProductHost(workspace: Pick<Workspace, "cookie_domain">): string | null {
  return workspace.cookie_domain ? `app.${workspace.cookie_domain}` : null;
}

/** Where people open the demo product: served like the Help Center beside it (same scheme and port). */
export function demoProductUrl(
  workspace: Pick<Workspace, "cookie_domain" | "help_center_https">,
  config: Pick<Config, "publicUrl">,
): string | null {
  const host = demoProductHost(workspace);
  return host ? originOfHost(host, workspace.help_center_https === 1, config) : null;
}

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
    // Pat is in two companies, so the ticket waits for a choice (rule 3): Pat and Jordan report it for Acme.
    await updateTicket(
      trx,
      ws,
      exportBug.id,
      { stateId: bugState("in_progress"), assigneeId: agent.id, companyId: acme.id },
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
    // Jordan, Pat's colleague at Acme, is in that conversation too: each sees the other by name.
    await addConversationParticipant(trx, ws, { conversationId: chat.id, contactId: jordan.id });
    await addConversationPart(trx, ws, {
      conversationId: chat.id,
      author: { type: "user", contactId: jordan.id },
      partType: "comment",
      body: "Same here at Acme: the Usage page is blank too.",
    });
    await addConversationPart(trx, ws, {
      conversationId: chat.id,
      author: admin,
      partType: "comment",
      body: "Thanks both, the fix is rolling out now.",
    });

    // Riley's question became a Globex ticket; Pat, also at Globex, can join its conversation.
    const annual = await startConversation(trx, ws, {
      contactId: riley.id,
      body: "Do you offer an annual plan?",
    });
    await addConversationPart(trx, ws, {
      conversationId: annual.id,
      author: admin,
      partType: "comment",
      body: "We do: paying yearly gives you two months free. I've opened a ticket so your team can follow it.",
    });
    await convertConversationToTicket(trx, ws, {
      conversationId: annual.id,
      ticketTypeId: question.id,
      attributes: { _default_title_: "Annual plan for Globex" },
      author: admin,
    });

    await seedArticles(trx, ws);

    // The real prerequisites, checked as for any workspace: the .localhost names need no certificate.
    const domains = demoDomains(slug);
    const workspace = await updateWorkspaceSettings(
      trx,
      ws,
      {
        helpCenterDomain: domains.helpCenterDomain,
        cookieDomain: domains.cookieDomain,
        helpCenterLive: true,
        identityEnforced: true,
        portalEnabled: true,
      },
      { allowHttp: false },
    );

    return {
      ...created,
      workspace,
      adminEmail: demoAdminEmail(slug),
      adminPassword,
      demoPerson: { id: pat.id, externalId: "pat", email: pat.email! },
    };
  });
}

/** The demo Help Center's collections and published articles (Markdown, as an admin would write them). */
async function seedArticles(trx: Executor, ws: string): Promise<void> {
  const collections: Array<{ name: string; description: string; articles: Array<[string, string]> }> = [
    {
      name: "Getting started",
      description: "Find your way around Demo Support.",
      articles: [
        [
          "Follow every ticket of your company",
          "Open **Tickets** in the Help Center to see every ticket of every company you belong to, " +
            "filter them by state or company, and open one to read its history.\n\n" +
            "Tickets of a company you leave disappear from the list at once.",
        ],
        [
          "Join the conversation behind a ticket",
          "A ticket that started as a conversation keeps it. On the ticket's page, choose " +
            "**Join conversation**: from then on you write to the team in the Messenger, next to your " +
            "colleagues, and the ticket is in your Messenger's Tickets space.",
        ],
        [
          "Talk to us in the Messenger",
          "The Messenger sits in the corner of the product. Send us a message there; we answer in the " +
            "same thread, and you see new replies live.",
        ],
      ],
    },
    {
      name: "Account and billing",
      description: "Plans, invoices and seats.",
      articles: [
        [
          "Change your plan",
          "Admins of your company can move between the Starter, Pro and Enterprise plans at any time. " +
            "Paying yearly gives you two months free.",
        ],
        [
          "Invoices and receipts",
          "Every invoice is e-mailed to your billing contact. To change the address on future invoices, " +
            "open a **Question** ticket with the new address.",
        ],
      ],
    },
  ];
  for (const { name, description, articles } of collections) {
    const collection = await createCollection(trx, ws, { name, description });
    for (const [title, bodyMarkdown] of articles) {
      await createArticle(trx, ws, { collectionId: collection.id, title, bodyMarkdown, published: true });
    }
  }
}
