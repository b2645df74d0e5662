// A workspace with the portal on its own Help Center host and someone signed in on every surface: an API
// token, a teammate session, Pat's portal and Messenger sessions (for sweeps over every route).
import type { FastifyInstance } from "fastify";
import type { Db } from "../src/db/database.ts";
import { updateWorkspace } from "../src/domain/workspaces/workspace.repository.ts";
import { portalCookieName } from "../src/http/helpcenter/helpCenter.routes.ts";
import { createSession, MESSENGER_SESSION_TTL_MS, PORTAL_SESSION_TTL_MS } from "../src/identity/sessions.ts";
import { buildApiWorkspace } from "./api.ts";
import { buildTwoCompanyWorld } from "./portalWorld.ts";
import { signInTeammate } from "./teammates.ts";

export async function signedInOnEverySurface(app: FastifyInstance, db: Db, name: string) {
  const { workspace, token } = await buildApiWorkspace(db, name);
  const host = `help-${workspace.slug}.example`;
  await updateWorkspace(db, workspace.id, {
    help_center_domain: host,
    help_center_live: 1,
    portal_enabled: 1,
  });
  const world = await buildTwoCompanyWorld(db, workspace);
  const teammate = await signInTeammate(app, db, workspace, "admin");
  const portal = await createSession(
    db,
    { workspaceId: workspace.id, kind: "portal", contactId: world.pat.id },
    PORTAL_SESSION_TTL_MS,
  );
  const messenger = await createSession(
    db,
    { workspaceId: workspace.id, kind: "messenger", contactId: world.pat.id },
    MESSENGER_SESSION_TTL_MS,
  );
  return {
    workspace,
    token,
    host,
    world,
    teammate,
    portal,
    messenger,
    portalCookie: `${portalCookieName(workspace.id)}=${portal}`,
  };
}
