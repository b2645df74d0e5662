// Which Help Center a request is for: the workspace whose custom domain is the Host, or
// `/help/<slug>` on the main host. Any other host is nobody's: a plain 404, never a default workspace.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.ts";
import type { Workspace } from "../../db/schema.ts";
import type { HotSettings } from "../../domain/workspaces/hotSettings.ts";
import { isLoopbackServerName } from "../../domain/workspaces/loopbackNames.ts";
import { helpCenterUrl } from "../../domain/workspaces/workspace.presenter.ts";

export interface HelpCenterMount {
  workspace: Workspace;
  /** "" on the custom domain, "/help/<slug>" on the main host. */
  basePath: string;
  custom: boolean;
  /** Absolute URL of the Help Center home, for e-mailed links. */
  homeUrl: string;
  /** Whether cookies set here are `Secure` (the Help Center is served over HTTPS). */
  secure: boolean;
}

export function isMainHost(request: FastifyRequest, config: Pick<Config, "publicUrl">): boolean {
  const host = request.hostname.toLowerCase();
  const main = new URL(config.publicUrl).hostname.toLowerCase();
  if (host === main) return true;
  // A server on loopback is one machine under several names: http://127.0.0.1:3000 is http://localhost:3000.
  return isLoopbackServerName(main) && isLoopbackServerName(host);
}

/** The mount of a custom-domain request; undefined on the main host or an unknown host. */
export async function customDomainMount(
  request: FastifyRequest,
  settings: HotSettings,
  config: Config,
): Promise<HelpCenterMount | undefined> {
  if (isMainHost(request, config)) return undefined;
  const workspace = await settings.workspaceByHelpCenterDomain(request.hostname);
  // Until the Help Center is live, its custom domain serves nothing (`/help/<slug>` still works).
  if (!workspace || !workspace.help_center_live) return undefined;
  return {
    workspace,
    basePath: "",
    custom: true,
    homeUrl: helpCenterUrl(workspace, config),
    secure: workspace.help_center_https === 1,
  };
}

/** The mount of `/help/<slug>`, which answers on the main host only. */
export async function slugMount(
  request: FastifyRequest,
  settings: HotSettings,
  config: Config,
  slug: string,
): Promise<HelpCenterMount | undefined> {
  if (!isMainHost(request, config)) return undefined;
  const workspace = await settings.workspaceBySlug(slug);
  if (!workspace) return undefined;
  const basePath = `/help/${workspace.slug}`;
  return {
    workspace,
    basePath,
    custom: false,
    homeUrl: `${config.publicUrl}${basePath}`,
    secure: config.publicUrl.startsWith("https:"),
  };
}

export function plainNotFound(reply: FastifyReply) {
  return reply.code(404).type("text/plain; charset=utf-8").send("Not Found");
}
