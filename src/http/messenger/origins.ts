// Which pages may boot a workspace's Messenger (CORS): the cookie domain and its subdomains, the Help
// Center domain, the extra origins an admin listed, and this server's own pages. Nothing else.
import type { Config } from "../../config.ts";
import type { Workspace } from "../../db/schema.ts";
import { parseArray } from "../../domain/json.ts";

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
  // Plain HTTP pages only for local demos and tests (PORTICO_ALLOW_HTTP=1).
  if (url.protocol !== "https:" && !(url.protocol === "http:" && config.allowHttp)) return false;
  const host = url.hostname;
  const cookieDomain = workspace.cookie_domain;
  if (cookieDomain && (host === cookieDomain || host.endsWith(`.${cookieDomain}`))) return true;
  return workspace.help_center_domain !== null && host === workspace.help_center_domain;
}
