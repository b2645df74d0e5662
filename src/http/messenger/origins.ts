// Which pages may boot a workspace's Messenger (CORS): the cookie domain and its subdomains, the Help
// Center domain, the extra origins an admin listed, and this server's own pages. Nothing else. The
// same list, as CSP sources, may frame the Messenger window.
import type { Config } from "../../config.ts";
import type { Workspace } from "../../db/schema.ts";
import { parseArray } from "../../domain/json.ts";
import { isLoopbackName } from "../../domain/workspaces/loopbackNames.ts";

export function isAllowedMessengerOrigin(
  workspace: Workspace,
  origin: string,
  config: Pick<Config, "allowHttp" | "publicUrl">,
): boolean {
  if (parseArray(workspace.messenger_allowed_origins).includes(origin)) return true;
  // Our own pages (the Help Center under /help/<slug>, the demo product page) are not a third party.
  if (origin === new URL(config.publicUrl).origin) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  // Plain HTTP pages only on names that never leave this machine (loopbackNames.ts), and for tests
  // (PORTICO_ALLOW_HTTP=1).
  const plainHttpAllowed = config.allowHttp || isLoopbackName(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && plainHttpAllowed)) return false;
  const host = url.hostname;
  const cookieDomain = workspace.cookie_domain;
  if (cookieDomain && (host === cookieDomain || host.endsWith(`.${cookieDomain}`))) return true;
  return workspace.help_center_domain !== null && host === workspace.help_center_domain;
}

/** CSP source expressions for the pages allowed to frame the window (the same rule as isAllowedMessengerOrigin). */
export function frameAncestors(workspace: Workspace, config: Pick<Config, "allowHttp">): string[] {
  const sources = ["'self'"];
  const schemesOf = (domain: string) =>
    config.allowHttp || isLoopbackName(domain) ? ["https", "http"] : ["https"];
  const hosts = (domain: string, subdomains: boolean) =>
    schemesOf(domain).flatMap((scheme) => {
      const port = scheme === "http" ? ":*" : "";
      const list = [`${scheme}://${domain}${port}`];
      if (subdomains) list.push(`${scheme}://*.${domain}${port}`);
      return list;
    });
  if (workspace.cookie_domain) sources.push(...hosts(workspace.cookie_domain, true));
  if (workspace.help_center_domain) sources.push(...hosts(workspace.help_center_domain, false));
  for (const origin of parseArray(workspace.messenger_allowed_origins)) {
    if (typeof origin === "string" && /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin)) sources.push(origin);
  }
  return sources;
}
