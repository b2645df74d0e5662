// The part of each benchmark workspace made through the app's own commands: the workspace (with its
// admin, API token, identity secret and default states), an extra state, the ticket types and their
// attributes, and the Help Center settings that turn the Tickets portal on.
import type { Db } from "../../src/db/database.ts";
import type { TicketCategory, TicketState, TicketTypeAttribute } from "../../src/db/schema.ts";
import { listStatesOfType } from "../../src/domain/tickets/ticketState.repository.ts";
import { createTicketState } from "../../src/domain/tickets/ticketStateCommands.ts";
import { listAttributesOfType } from "../../src/domain/tickets/ticketType.repository.ts";
import { createTicketType, createTicketTypeAttribute } from "../../src/domain/tickets/ticketTypeCommands.ts";
import { createWorkspace, updateWorkspaceSettings } from "../../src/domain/workspaces/workspaceCommands.ts";
import type { WorkspacePlan } from "./plan.ts";

export interface SetupType {
  id: string;
  key: "bug" | "question" | "feature" | "billing" | "known_issue";
  category: TicketCategory;
  attributes: TicketTypeAttribute[];
  /** The type's states in its order; the first of each category is that category's default. */
  states: TicketState[];
}

export interface SetupWorkspace {
  id: string;
  slug: string;
  name: string;
  host: string;
  apiToken: string;
  adminId: string;
  adminEmail: string;
  adminPassword: string;
  types: SetupType[];
}

/** The admin password of every benchmark workspace (teammate passwords need 10 characters). */
export const BENCH_ADMIN_PASSWORD = "bench-admin-password";

export async function setUpWorkspace(
  db: Db,
  secretKey: Buffer,
  plan: WorkspacePlan,
  tag: string,
): Promise<SetupWorkspace> {
  const slug = `bench-${plan.key}${tag}`;
  const host = `help.${slug}.bench.test`;
  const adminEmail = `admin@${slug}.bench.test`;
  return db.transaction().execute(async (trx) => {
    const created = await createWorkspace(trx, secretKey, {
      name: plan.name,
      slug,
      admin: { email: adminEmail, name: "Bench Admin", password: BENCH_ADMIN_PASSWORD },
    });
    const ws = created.workspace.id;
    // A second state behind one customer-facing label: the portal's state filter maps labels to states.
    await createTicketState(trx, ws, {
      category: "in_progress",
      internalLabel: "Investigating",
      externalLabel: "In progress",
    });
    const typeSpecs: Array<{ key: SetupType["key"]; category: TicketCategory; name: string; icon: string }> =
      [
        { key: "bug", category: "customer", name: "Bug report", icon: "🐞" },
        { key: "question", category: "customer", name: "Question", icon: "❓" },
        { key: "feature", category: "customer", name: "Feature request", icon: "💡" },
        { key: "billing", category: "back_office", name: "Billing review", icon: "💳" },
        { key: "known_issue", category: "tracker", name: "Known issue", icon: "📌" },
      ];
    const types: SetupType[] = [];
    for (const spec of typeSpecs) {
      const type = await createTicketType(trx, ws, {
        category: spec.category,
        name: spec.name,
        icon: spec.icon,
      });
      if (spec.key === "bug") {
        await createTicketTypeAttribute(trx, ws, type.id, {
          name: "Severity",
          dataType: "list",
          inputOptions: { list_options: [{ label: "Low" }, { label: "Medium" }, { label: "High" }] },
          requiredToCreateForContacts: true,
        });
        await createTicketTypeAttribute(trx, ws, type.id, { name: "Browser", dataType: "string" });
        await createTicketTypeAttribute(trx, ws, type.id, {
          name: "Root cause",
          dataType: "string",
          visibleToContacts: false,
        });
      }
      if (spec.key === "billing") {
        await createTicketTypeAttribute(trx, ws, type.id, { name: "Amount", dataType: "decimal" });
      }
      types.push({
        id: type.id,
        key: spec.key,
        category: spec.category,
        attributes: await listAttributesOfType(trx, ws, type.id),
        states: await listStatesOfType(trx, ws, type.id),
      });
    }
    await updateWorkspaceSettings(
      trx,
      ws,
      {
        helpCenterDomain: host,
        helpCenterHttps: true,
        helpCenterLive: true,
        cookieDomain: `${slug}.bench.test`,
        identityEnforced: true,
        portalEnabled: true,
      },
      { allowHttp: false },
    );
    return {
      id: ws,
      slug,
      name: plan.name,
      host,
      apiToken: created.apiToken,
      adminId: created.adminId!,
      adminEmail,
      adminPassword: BENCH_ADMIN_PASSWORD,
      types,
    };
  });
}
