// The Tickets portal's settings for admins: on/off (refused while a prerequisite is unmet), the Help Center
// home card, member visibility, and the access rules with a preview of whom they let in.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Config } from "../../config.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import type { Db } from "../../db/database.ts";
import type { Workspace } from "../../db/schema.ts";
import { setPortalAccessRules } from "../../domain/helpcenter/accessRuleCommands.ts";
import { validateAccessRules } from "../../domain/helpcenter/accessRules.ts";
import { loadPortalAccessRules, previewAccessRules } from "../../domain/helpcenter/accessRules.repository.ts";
import { helpCenterUrl } from "../../domain/workspaces/workspace.presenter.ts";
import { unmetPortalPrerequisites } from "../../domain/workspaces/portalPrerequisites.ts";
import {
  PortalPrerequisitesError,
  updateWorkspaceSettings,
  type WorkspaceSettingsChanges,
} from "../../domain/workspaces/workspaceCommands.ts";
import { errorBody } from "../errors.ts";
import { accessRulesBody, previewAccessRulesBody, updatePortalSettingsBody } from "./settings.schema.ts";
import {
  authenticateTeammate,
  authenticateTeammateWrite,
  forbidUnlessAdmin,
  requireAdmin,
} from "./teammateAuth.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
}

async function presentPortalSettings(db: Db, config: Config, workspace: Workspace) {
  return {
    type: "portal_settings" as const,
    enabled: workspace.portal_enabled === 1,
    url: `${helpCenterUrl(workspace, config)}/tickets`,
    unmet_prerequisites: unmetPortalPrerequisites(workspace, config),
    access_rules: await loadPortalAccessRules(db, workspace.id),
    home_card: {
      enabled: workspace.portal_home_card === 1,
      position: workspace.portal_home_card_position,
    },
    member_visibility: workspace.portal_member_visibility,
  };
}

/**
 * Applies settings changes; when the portal cannot be on, answers 400 with one error per unmet
 * prerequisite (and the list itself) so the settings page can name each one. Undefined after answering.
 */
export async function updateSettingsOrExplain(
  db: Db,
  config: Config,
  reply: FastifyReply,
  workspaceId: string,
  changes: WorkspaceSettingsChanges,
): Promise<Workspace | undefined> {
  try {
    return await db
      .transaction()
      .execute((trx) => updateWorkspaceSettings(trx, workspaceId, changes, { allowHttp: config.allowHttp }));
  } catch (error) {
    if (!(error instanceof PortalPrerequisitesError)) throw error;
    const body = errorBody("parameter_invalid", error.message, "portal_enabled");
    reply.code(400).send({
      ...body,
      errors: error.unmet.map((u) => ({
        code: "parameter_invalid",
        message: u.message,
        field: "portal_enabled",
        prerequisite: u.prerequisite,
      })),
      unmet_prerequisites: error.unmet,
    });
    return undefined;
  }
}

export function portalSettingsRoutes(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get("/app/settings/portal", async (request, reply) => {
    const current = await authenticateTeammate(request, reply, deps);
    if (!current || !requireAdmin(current, reply)) return reply;
    return presentPortalSettings(db, config, current.workspace);
  });

  r.patch("/app/settings/portal", { schema: { body: updatePortalSettingsBody } }, async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, deps);
    if (!current || !forbidUnlessAdmin(current, reply)) return reply;
    const b = request.body;
    const updated = await updateSettingsOrExplain(db, config, reply, current.workspace.id, {
      portalEnabled: b.portal_enabled,
      portalHomeCard: b.portal_home_card,
      portalHomeCardPosition: b.portal_home_card_position,
      portalMemberVisibility: b.portal_member_visibility,
    });
    if (!updated) return reply;
    return presentPortalSettings(db, config, updated);
  });

  r.put(
    "/app/settings/portal/access-rules",
    { schema: { body: accessRulesBody } },
    async (request, reply) => {
      const current = await authenticateTeammateWrite(request, reply, deps);
      if (!current || !forbidUnlessAdmin(current, reply)) return reply;
      await db.transaction().execute((trx) => setPortalAccessRules(trx, current.workspace.id, request.body));
      return presentPortalSettings(db, config, current.workspace);
    },
  );

  // A POST that changes nothing: the rule set being edited travels in the body, so it needs the CSRF token too.
  r.post(
    "/app/settings/portal/access-rules/preview",
    { schema: { body: previewAccessRulesBody } },
    async (request, reply) => {
      const current = await authenticateTeammateWrite(request, reply, deps);
      if (!current || !forbidUnlessAdmin(current, reply)) return reply;
      const { sample_size: sampleSize, ...rules } = request.body;
      const preview = await previewAccessRules(
        db,
        current.workspace.id,
        validateAccessRules(rules),
        sampleSize ?? 5,
      );
      return { type: "access_rules_preview" as const, ...preview };
    },
  );
}
