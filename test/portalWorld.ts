// The Tickets portal's test worlds: a workspace with the portal on its Help Center's own host, and Pat,
// a person in two companies, among tickets of every kind (built through the real commands).
import type { Db } from "../src/db/database.ts";
import type { TicketStateCategory, Workspace } from "../src/db/schema.ts";
import { listStatesOfType } from "../src/domain/tickets/ticketState.repository.ts";
import { updateTicket } from "../src/domain/tickets/ticketUpdater.ts";
import { updateWorkspace } from "../src/domain/workspaces/workspace.repository.ts";
import { buildCompany, buildContact, buildTicket, buildTicketType, buildWorkspace } from "./factories.ts";

/**
 * A new workspace whose Help Center is live on help-<slug>.<domain> with the Tickets portal on. Browser
 * tests use the domain acme.test (it resolves to this machine); inject() tests any.
 */
export async function buildPortalWorkspace(
  db: Db,
  options: { name?: string; domain?: string; https?: boolean } = {},
): Promise<{ workspace: Workspace; host: string }> {
  const workspace = await buildWorkspace(db, options.name);
  const host = `help-${workspace.slug}.${options.domain ?? "example"}`;
  await updateWorkspace(db, workspace.id, {
    help_center_domain: host,
    help_center_live: 1,
    help_center_https: options.https ? 1 : 0,
    portal_enabled: 1,
  });
  return { workspace, host };
}

/**
 * Pat in Acme and Globex, a colleague in each, a stranger in Initech, and around them: Acme's and Globex's
 * customer tickets (Globex's resolved), a shared and an unshared back-office ticket of Acme, a tracker
 * and Initech's customer ticket. Pat may see exactly the first three.
 */
export async function buildTwoCompanyWorld(db: Db, workspace: Workspace, patName = "Pat") {
  const [acme, globex, initech] = [
    await buildCompany(db, workspace, "Acme"),
    await buildCompany(db, workspace, "Globex"),
    await buildCompany(db, workspace, "Initech"),
  ];
  const pat = await buildContact(db, workspace, { companies: [acme, globex], name: patName });
  const acmeColleague = await buildContact(db, workspace, { companies: [acme] });
  const globexColleague = await buildContact(db, workspace, { companies: [globex] });
  const stranger = await buildContact(db, workspace, { companies: [initech] });
  const types = {
    customer: await buildTicketType(db, workspace, "customer"),
    backOffice: await buildTicketType(db, workspace, "back_office"),
    tracker: await buildTicketType(db, workspace, "tracker"),
  };
  const tickets = {
    acme: await buildTicket(db, workspace, {
      type: types.customer,
      contacts: [acmeColleague],
      title: "Acme export broken",
    }),
    globex: await buildTicket(db, workspace, {
      type: types.customer,
      contacts: [globexColleague],
      title: "Globex login loop",
    }),
    sharedBackOffice: await buildTicket(db, workspace, {
      type: types.backOffice,
      contacts: [acmeColleague],
      isShared: true,
      title: "Refund review",
    }),
    unsharedBackOffice: await buildTicket(db, workspace, {
      type: types.backOffice,
      contacts: [acmeColleague],
      title: "Internal discount",
    }),
    tracker: await buildTicket(db, workspace, { type: types.tracker, contacts: [], title: "Known issue" }),
    initech: await buildTicket(db, workspace, {
      type: types.customer,
      contacts: [stranger],
      title: "Initech printer",
    }),
  };
  const customerStates = await listStatesOfType(db, workspace.id, types.customer.id);
  /** The id of the customer tickets' state of a category. */
  const stateOf = (category: TicketStateCategory) => customerStates.find((s) => s.category === category)!.id;
  await updateTicket(db, workspace.id, tickets.globex.id, { stateId: stateOf("resolved") }, { type: "bot" });
  return { acme, globex, initech, pat, acmeColleague, globexColleague, stranger, types, tickets, stateOf };
}
