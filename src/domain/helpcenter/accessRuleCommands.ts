// Writes to the portal's access rules: validated, stored on the workspace, announced through the outbox.
import type { Executor } from "../../db/database.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { validateAccessRules, type AccessRuleSet } from "./accessRules.ts";
import { storePortalAccessRules } from "./accessRules.repository.ts";

/**
 * Replaces the workspace's portal access rules. The `workspace.updated` event makes every open portal
 * stream re-check its reader (realtime/audiences.ts), so a person the new rules shut out loses access at once.
 */
export async function setPortalAccessRules(
  trx: Executor,
  workspaceId: string,
  input: unknown,
): Promise<AccessRuleSet> {
  const rules = validateAccessRules(input);
  await storePortalAccessRules(trx, workspaceId, rules);
  await appendEvent(trx, {
    workspaceId,
    type: "workspace.updated",
    subjectType: "workspace",
    subjectId: workspaceId,
    payload: { changed: ["portal_access_rules"] },
  });
  return rules;
}
