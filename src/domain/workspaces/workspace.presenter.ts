// The workspace settings as admins (CLI, settings API) see them, with the portal's unmet prerequisites.
import type { Config } from "../../config.ts";
import type { Workspace } from "../../db/schema.ts";
import { parseArray } from "../json.ts";
import { presentCookieForwarding } from "./cookieForwarding.ts";
import { unmetPortalPrerequisites } from "./portalPrerequisites.ts";

/**
 * The origin people reach another host of this server at (a Help Center domain, the demo's product). The
 * same listener, or the same proxy, serves every host of PUBLIC_URL's: a port PUBLIC_URL names is theirs
 * too when the scheme is the same (http://help.demo.localhost:3000 beside http://localhost:3000).
 */
export function originOfHost(host: string, https: boolean, config: Pick<Config, "publicUrl">): string {
  const scheme = https ? "https:" : "http:";
  const main = new URL(config.publicUrl);
  const port = main.protocol === scheme && main.port !== "" ? `:${main.port}` : "";
  return `${scheme}//${host}${port}`;
}

/** The Help Center's home: its custom domain, or /help/<slug> on the main host. */
export function helpCenterUrl(workspace: Workspace, config: Pick<Config, "publicUrl">): string {
  if (workspace.help_center_domain) {
    return originOfHost(workspace.help_center_domain, workspace.help_center_https === 1, config);
  }
  return `${config.publicUrl}/help/${workspace.slug}`;
}

export function presentWorkspaceSettings(
  workspace: Workspace,
  config: Pick<Config, "publicUrl" | "allowHttp">,
) {
  const hc = helpCenterUrl(workspace, config);
  return {
    type: "workspace" as const,
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    help_center: {
      url: hc,
      custom_domain: workspace.help_center_domain,
      https: workspace.help_center_https === 1,
      live: workspace.help_center_live === 1,
    },
    cookie_domain: workspace.cookie_domain,
    cookie_forwarding: presentCookieForwarding(workspace),
    identity_verification: { enforced: workspace.identity_enforced === 1 },
    messenger: { allowed_origins: parseArray(workspace.messenger_allowed_origins).map(String) },
    tickets_portal: {
      enabled: workspace.portal_enabled === 1,
      url: `${hc}/tickets`,
      unmet_prerequisites: unmetPortalPrerequisites(workspace, config),
      home_card: workspace.portal_home_card === 1,
      home_card_position: workspace.portal_home_card_position,
      member_visibility: workspace.portal_member_visibility,
    },
  };
}
