// What must hold before a workspace may turn its Tickets portal on (DESIGN.md "Identity").
import type { Workspace } from "../../db/schema.ts";
import { isLoopbackName } from "./loopbackNames.ts";

export type PortalPrerequisite =
  "help_center_domain" | "help_center_https" | "help_center_live" | "identity_enforced";

export interface UnmetPrerequisite {
  prerequisite: PortalPrerequisite;
  message: string;
}

type PrerequisiteFields = Pick<
  Workspace,
  "help_center_domain" | "help_center_https" | "help_center_live" | "identity_enforced"
>;

/** Every unmet prerequisite, in the order an admin would fix them; empty when the portal may be on. */
export function unmetPortalPrerequisites(
  workspace: PrerequisiteFields,
  options: { allowHttp: boolean },
): UnmetPrerequisite[] {
  const unmet: UnmetPrerequisite[] = [];
  if (!workspace.help_center_domain) {
    unmet.push({
      prerequisite: "help_center_domain",
      message: "The Help Center needs a custom domain (for example help.example.com).",
    });
  }
  // A domain under .localhost never leaves this machine and browsers treat it as a secure context
  // (loopbackNames.ts): HTTPS would add nothing there. Every other domain needs it.
  const local = workspace.help_center_domain !== null && isLoopbackName(workspace.help_center_domain);
  if (!workspace.help_center_https && !options.allowHttp && !local) {
    unmet.push({
      prerequisite: "help_center_https",
      message: "The Help Center custom domain must be served over HTTPS.",
    });
  }
  if (!workspace.help_center_live) {
    unmet.push({ prerequisite: "help_center_live", message: "The Help Center must be live." });
  }
  if (!workspace.identity_enforced) {
    unmet.push({
      prerequisite: "identity_enforced",
      message: "Identity verification must be enforced for the Messenger.",
    });
  }
  return unmet;
}
