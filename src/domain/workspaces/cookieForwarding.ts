// Cookie forwarding: does the Messenger cookie, set on the cookie domain, reach the Help Center host?
import type { Executor } from "../../db/database.ts";
import type { CookieForwardingCause, CookieForwardingStatus, Workspace } from "../../db/schema.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { setCookieForwarding } from "./workspace.repository.ts";

/** Stores what the Help Center observed, and appends an event only when that changes the status. */
export async function recordCookieForwarding(
  trx: Executor,
  workspace: Workspace,
  status: Exclude<CookieForwardingStatus, "unknown">,
  cause: CookieForwardingCause | null,
): Promise<boolean> {
  if (workspace.cookie_forwarding_status === status && workspace.cookie_forwarding_cause === cause)
    return false;
  await setCookieForwarding(trx, workspace.id, status, cause);
  await appendEvent(trx, {
    workspaceId: workspace.id,
    type: "workspace.cookie_forwarding_changed",
    subjectType: "workspace",
    subjectId: workspace.id,
    payload: { status, cause },
  });
  return true;
}

/** What an admin reads in the settings: the status, and the likely cause when it is not working. */
export function presentCookieForwarding(workspace: Workspace) {
  const sessionCookie = `portico-session-${workspace.id}`;
  if (!workspace.help_center_domain || !workspace.cookie_domain) {
    return {
      status: "not_configured" as const,
      message: "Cookie forwarding is not set up.",
      likely_cause: !workspace.help_center_domain
        ? "The Help Center has no custom domain, so the Messenger cookie can never reach it."
        : `No cookie domain is set: the Messenger cookie stays on the page's own host and never reaches ${workspace.help_center_domain}. Set the cookie domain to the registrable domain both share (for example acme.com).`,
      checked_at: null,
    };
  }
  const checkedAt =
    workspace.cookie_forwarding_checked_at === null
      ? null
      : Math.floor(Number(workspace.cookie_forwarding_checked_at) / 1000);
  switch (workspace.cookie_forwarding_status) {
    case "unknown":
      return {
        status: "unknown" as const,
        message:
          "Cookie forwarding has not been observed yet: boot the Messenger, then open the Help Center.",
        likely_cause: null,
        checked_at: checkedAt,
      };
    case "working":
      return {
        status: "working" as const,
        message: "Cookie forwarding is working.",
        likely_cause: null,
        checked_at: checkedAt,
      };
    case "not_working":
      return {
        status: "not_working" as const,
        message: "Cookie forwarding is not working.",
        likely_cause:
          workspace.cookie_forwarding_cause === "proxy_filters_cookies"
            ? `Requests to ${workspace.help_center_domain} reach Portico with other cookies but without ${sessionCookie}: the proxy or CDN in front of the Help Center forwards only an allow-list of cookies. Allow portico-session-* and portico-device-*.`
            : `Browsers on ${workspace.help_center_domain} hold ${sessionCookie}, but requests reach Portico without any Cookie header: the proxy or CDN in front of the Help Center strips cookies. Make it forward the Cookie header (README: "Custom domain behind a TLS proxy").`,
        checked_at: checkedAt,
      };
  }
}
