// Test factories: build what a test needs through the real commands, filling in parents on the way.
import { randomBytes } from "node:crypto";
import type { Updateable } from "kysely";
import type { Db } from "../src/db/database.ts";
import type {
  Company,
  Contact,
  MembershipRole,
  Teammate,
  Ticket,
  TicketCategory,
  TicketType,
  Workspace,
  WorkspacesTable,
} from "../src/db/schema.ts";
import { addMembership, upsertCompany } from "../src/domain/companies/companyCommands.ts";
import { createContact } from "../src/domain/contacts/contactCommands.ts";
import { startConversation, type Author } from "../src/domain/conversations/conversationCommands.ts";
import { appendEvent } from "../src/domain/events/outbox.repository.ts";
import type { JsonValue } from "../src/domain/json.ts";
import { createTeammate } from "../src/domain/teammates/teammate.repository.ts";
import { createTicket } from "../src/domain/tickets/ticketCreator.ts";
import { createTicketType } from "../src/domain/tickets/ticketTypeCommands.ts";
import { updateWorkspace } from "../src/domain/workspaces/workspace.repository.ts";
import {
  createWorkspace,
  updateWorkspaceSettings,
  type WorkspaceSettingsChanges,
} from "../src/domain/workspaces/workspaceCommands.ts";

export const TEST_SECRET_KEY = randomBytes(32);

const unique = () => randomBytes(5).toString("hex");

export async function buildWorkspace(db: Db, name = "Acme Support"): Promise<Workspace> {
  const created = await db
    .transaction()
    .execute((trx) => createWorkspace(trx, TEST_SECRET_KEY, { name: `${name} ${unique()}` }));
  return created.workspace;
}

/** A workspace with its identity secret (shown only at creation) and the given settings applied. */
export async function buildIdentityWorkspace(
  db: Db,
  settings: WorkspaceSettingsChanges = {},
  options: { allowHttp?: boolean } = {},
): Promise<{ workspace: Workspace; secret: string; apiToken: string }> {
  return db.transaction().execute(async (trx) => {
    const created = await createWorkspace(trx, TEST_SECRET_KEY, { name: `Identity Co ${unique()}` });
    const workspace = await updateWorkspaceSettings(trx, created.workspace.id, settings, {
      allowHttp: options.allowHttp ?? false,
    });
    return { workspace, secret: created.identitySecret, apiToken: created.apiToken };
  });
}

/**
 * A workspace whose Help Center is live on help.<cookie domain> over HTTPS with identity verification
 * enforced (the Messenger's cookie forwarded there), and its identity secret; `settings` may change that.
 */
export async function buildHelpCenterWorkspace(db: Db, settings: WorkspaceSettingsChanges = {}) {
  const cookieDomain = uniqueDomain();
  const host = `help.${cookieDomain}`;
  const made = await buildIdentityWorkspace(db, {
    cookieDomain,
    helpCenterDomain: host,
    helpCenterHttps: true,
    helpCenterLive: true,
    identityEnforced: true,
    ...settings,
  });
  return { ...made, host, cookieDomain };
}

/**
 * Sets workspace columns as they are, skipping what a real settings change checks (the portal's
 * prerequisites), and announces it as every command does, so the hot settings of every app drop the
 * workspace (domain/workspaces/hotSettings.ts). For changes while the app is serving the workspace.
 */
export async function setWorkspaceColumns(db: Db, workspaceId: string, columns: Updateable<WorkspacesTable>) {
  await db.transaction().execute(async (trx) => {
    await updateWorkspace(trx, workspaceId, columns);
    await appendEvent(trx, {
      workspaceId,
      type: "workspace.updated",
      subjectType: "workspace",
      subjectId: workspaceId,
    });
  });
}

/** A fresh, unused host name for a workspace's Help Center custom domain. */
export const uniqueDomain = (base = "acme.com") => `w${unique()}.${base}`;

export async function buildTeammate(
  db: Db,
  workspace: Workspace,
  options: { role?: "admin" | "agent"; password?: string } = {},
): Promise<Teammate> {
  return createTeammate(db, {
    workspaceId: workspace.id,
    email: `agent-${unique()}@example.com`,
    name: "Alex Agent",
    role: options.role ?? "agent",
    password: options.password ?? "correct horse battery",
  });
}

export async function buildCompany(db: Db, workspace: Workspace, name = "Globex"): Promise<Company> {
  const { company } = await db
    .transaction()
    .execute((trx) => upsertCompany(trx, workspace.id, `co-${unique()}`, { name: `${name} ${unique()}` }));
  return company;
}

export async function buildContact(
  db: Db,
  workspace: Workspace,
  options: { companies?: Company[]; role?: MembershipRole; name?: string } = {},
): Promise<Contact> {
  return db.transaction().execute(async (trx) => {
    const id = unique();
    const contact = await createContact(trx, workspace.id, {
      externalId: `user-${id}`,
      email: `person-${id}@example.com`,
      name: options.name ?? "Pat Person",
    });
    for (const company of options.companies ?? []) {
      await addMembership(trx, workspace.id, {
        companyId: company.id,
        contactId: contact.id,
        role: options.role,
      });
    }
    return contact;
  });
}

export async function buildTicketType(
  db: Db,
  workspace: Workspace,
  category: TicketCategory = "customer",
): Promise<TicketType> {
  return db
    .transaction()
    .execute((trx) =>
      createTicketType(trx, workspace.id, { category, name: `${category} type ${unique()}` }),
    );
}

export async function buildTicket(
  db: Db,
  workspace: Workspace,
  options: {
    type?: TicketType;
    category?: TicketCategory;
    contacts?: Contact[];
    companyId?: string | null;
    title?: string;
    attributes?: Record<string, JsonValue>;
    isShared?: boolean;
    author?: Author;
  } = {},
): Promise<Ticket> {
  const type = options.type ?? (await buildTicketType(db, workspace, options.category ?? "customer"));
  const contacts =
    options.contacts ?? (type.category === "customer" ? [await buildContact(db, workspace)] : []);
  return db.transaction().execute((trx) =>
    createTicket(trx, workspace.id, {
      ticketTypeId: type.id,
      contactIds: contacts.map((c) => c.id),
      companyId: options.companyId,
      attributes: { _default_title_: options.title ?? "Printer on fire", ...options.attributes },
      author: options.author ?? { type: "bot" },
      isShared: options.isShared,
    }),
  );
}

export async function buildConversation(db: Db, workspace: Workspace, contact?: Contact) {
  const starter = contact ?? (await buildContact(db, workspace));
  return db
    .transaction()
    .execute((trx) =>
      startConversation(trx, workspace.id, { contactId: starter.id, body: "Hello, the export is broken" }),
    );
}
