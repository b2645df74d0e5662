// Who may use a workspace's Tickets portal: the Help Center mount answers, the portal is on, a contact
// is signed in, and that contact passes the portal's access rules (DESIGN.md rule 1, last clause).
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../db/database.ts";
import type { Contact } from "../../db/schema.ts";
import { contactPassesAccessRules } from "../../domain/helpcenter/accessRules.repository.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import { helpCenterViewer } from "../helpcenter/helpCenter.routes.ts";
import type { HelpCenterMount } from "../helpcenter/hosts.ts";
import type { PortalViewer } from "../../domain/tickets/ticket.policy.ts";

export type PortalAccess =
  | { ok: true; mount: HelpCenterMount; contact: Contact; viewer: PortalViewer }
  | { ok: false; reason: "no_portal" | "signed_out" | "not_allowed" };

export async function portalAccess(
  request: FastifyRequest,
  reply: FastifyReply,
  mount: HelpCenterMount | undefined,
  db: Db,
  settings: HotSettings,
): Promise<PortalAccess> {
  if (!mount || !mount.workspace.portal_enabled) return { ok: false, reason: "no_portal" };
  const contact = await helpCenterViewer(request, reply, mount, db);
  if (!contact) return { ok: false, reason: "signed_out" };
  const rules = await settings.portalAccessRules(mount.workspace.id);
  // No rule lets every signed-in contact in: the contact was read just now, there is nothing to ask.
  if (
    rules.conditions.length > 0 &&
    !(await contactPassesAccessRules(db, mount.workspace.id, contact.id, rules))
  )
    return { ok: false, reason: "not_allowed" };
  return { ok: true, mount, contact, viewer: { workspaceId: mount.workspace.id, contactId: contact.id } };
}
