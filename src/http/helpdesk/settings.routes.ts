// Workspace settings for admins: Help Center domain, cookie domain, identity secrets and enforcement,
// Messenger origins, portal settings, and the cookie-forwarding status the Help Center reports.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Config } from "../../config.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import type { Db } from "../../db/database.ts";
import type { Workspace } from "../../db/schema.ts";
import {
  listIdentitySecrets,
  revokeIdentitySecret,
  rotateIdentitySecret,
} from "../../domain/workspaces/identitySecrets.ts";
import { presentWorkspaceSettings } from "../../domain/workspaces/workspace.presenter.ts";
import { seconds } from "../../domain/json.ts";
import { updateSettingsOrExplain } from "./portalSettings.routes.ts";
import { secretParams, updateSettingsBody } from "./settings.schema.ts";
import { authenticateTeammate, authenticateTeammateWrite, requireAdmin } from "./teammateAuth.ts";

interface Deps {
  db: Db;
  config: Config;
  settings: HotSettings;
}

async function presentSettings(db: Db, config: Config, workspace: Workspace) {
  const secrets = await listIdentitySecrets(db, workspace.id);
  return {
    ...presentWorkspaceSettings(workspace, config),
    // Only ids and dates: a secret is shown once, when it is made.
    identity_secrets: secrets.map((s) => ({ id: s.id, created_at: seconds(s.createdAt) })),
  };
}

export function settingsRoutes(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get("/app/settings", async (request, reply) => {
    const current = await authenticateTeammate(request, reply, deps);
    if (!current || !requireAdmin(current, reply)) return reply;
    return presentSettings(db, config, current.workspace);
  });

  r.patch("/app/settings", { schema: { body: updateSettingsBody } }, async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, deps);
    if (!current || !requireAdmin(current, reply)) return reply;
    const b = request.body;
    const updated = await updateSettingsOrExplain(db, config, reply, current.workspace.id, {
      name: b.name,
      helpCenterDomain: b.help_center_domain,
      helpCenterHttps: b.help_center_https,
      helpCenterLive: b.help_center_live,
      cookieDomain: b.cookie_domain,
      identityEnforced: b.identity_enforced,
      portalEnabled: b.portal_enabled,
      portalHomeCard: b.portal_home_card,
      portalHomeCardPosition: b.portal_home_card_position,
      portalMemberVisibility: b.portal_member_visibility,
      messengerAllowedOrigins: b.messenger_allowed_origins,
    });
    if (!updated) return reply;
    return presentSettings(db, config, updated);
  });

  r.post("/app/settings/identity-secrets", async (request, reply) => {
    const current = await authenticateTeammateWrite(request, reply, deps);
    if (!current || !requireAdmin(current, reply)) return reply;
    const created = await db
      .transaction()
      .execute((trx) => rotateIdentitySecret(trx, config.secretKey, current.workspace.id));
    return reply.code(201).send({ type: "identity_secret", id: created.id, secret: created.secret });
  });

  r.delete(
    "/app/settings/identity-secrets/:id",
    { schema: { params: secretParams } },
    async (request, reply) => {
      const current = await authenticateTeammateWrite(request, reply, deps);
      if (!current || !requireAdmin(current, reply)) return reply;
      await db
        .transaction()
        .execute((trx) => revokeIdentitySecret(trx, current.workspace.id, request.params.id));
      return reply.code(204).send();
    },
  );
}
