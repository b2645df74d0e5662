// Workspace writes: creation with everything a workspace needs to work, and settings updates.
import { randomBytes } from "node:crypto";
import type { Executor } from "../../db/database.ts";
import type { Workspace } from "../../db/schema.ts";
import { createApiToken } from "../../identity/apiTokens.ts";
import { seal } from "../../identity/secretBox.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import { appendEvent } from "../events/outbox.repository.ts";
import { newId, newWorkspaceId, slugify } from "../ids.ts";
import { flag } from "../json.ts";
import { createTeammate } from "../teammates/teammate.repository.ts";
import { createDefaultTicketStates } from "../tickets/ticketStateCommands.ts";
import { unmetPortalPrerequisites, type UnmetPrerequisite } from "./portalPrerequisites.ts";
import {
  findWorkspaceById,
  insertIdentitySecret,
  isHelpCenterDomainTaken,
  isSlugTaken,
  updateWorkspace,
} from "./workspace.repository.ts";

export interface CreateWorkspaceInput {
  name: string;
  slug?: string;
  admin?: { email: string; name?: string; password: string };
}

export interface CreatedWorkspace {
  workspace: Workspace;
  adminId: string | null;
  /** Shown once: only their hashes (token) or ciphertexts (secret) are stored. */
  apiToken: string;
  identitySecret: string;
}

async function freeSlug(trx: Executor, wanted: string): Promise<string> {
  const base = slugify(wanted);
  if (!(await isSlugTaken(trx, base))) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!(await isSlugTaken(trx, candidate))) return candidate;
  }
  return `${base}-${randomBytes(3).toString("hex")}`;
}

export function newIdentitySecret(): string {
  return randomBytes(32).toString("hex");
}

/** A new workspace's row with every setting at its default (off, until an admin turns it on). */
export function newWorkspaceRow(
  fields: Pick<Workspace, "id" | "slug" | "name"> & Partial<Workspace>,
): Workspace {
  const now = Date.now();
  return {
    help_center_domain: null,
    help_center_https: 0,
    help_center_live: 0,
    cookie_domain: null,
    identity_enforced: 0,
    portal_enabled: 0,
    portal_access_rules: "[]",
    portal_home_card: 1,
    portal_home_card_position: 0,
    portal_member_visibility: "all",
    messenger_allowed_origins: "[]",
    cookie_forwarding_status: "unknown",
    cookie_forwarding_cause: null,
    cookie_forwarding_checked_at: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
}

export async function createWorkspace(
  trx: Executor,
  secretKey: Buffer,
  input: CreateWorkspaceInput,
): Promise<CreatedWorkspace> {
  const name = input.name.trim();
  if (name === "") throw invalid("name", "the workspace name must not be empty");
  if (name.length > 100) throw invalid("name", "the workspace name must be at most 100 characters");
  if (
    input.slug !== undefined &&
    (input.slug !== slugify(input.slug) || (await isSlugTaken(trx, input.slug)))
  ) {
    throw invalid(
      "slug",
      `slug "${input.slug}" is taken or not made of lowercase letters, digits and dashes`,
    );
  }
  const workspace = newWorkspaceRow({
    id: newWorkspaceId(),
    slug: input.slug ?? (await freeSlug(trx, name)),
    name,
  });
  await trx.insertInto("workspaces").values(workspace).execute();
  await trx
    .insertInto("ticket_number_counters")
    .values({ workspace_id: workspace.id, last_number: 0 })
    .execute();
  await createDefaultTicketStates(trx, workspace.id);
  let adminId: string | null = null;
  if (input.admin) {
    const admin = await createTeammate(trx, {
      workspaceId: workspace.id,
      email: input.admin.email,
      name: input.admin.name ?? "",
      role: "admin",
      password: input.admin.password,
    });
    adminId = admin.id;
  }
  const { token } = await createApiToken(trx, workspace.id, "Default token");
  const identitySecret = newIdentitySecret();
  await insertIdentitySecret(trx, {
    workspaceId: workspace.id,
    id: newId(),
    ciphertext: seal(secretKey, identitySecret),
  });
  await appendEvent(trx, {
    workspaceId: workspace.id,
    type: "workspace.created",
    subjectType: "workspace",
    subjectId: workspace.id,
  });
  return { workspace, adminId, apiToken: token, identitySecret };
}

export interface WorkspaceSettingsChanges {
  name?: string;
  helpCenterDomain?: string | null;
  helpCenterHttps?: boolean;
  helpCenterLive?: boolean;
  cookieDomain?: string | null;
  identityEnforced?: boolean;
  portalEnabled?: boolean;
  /** Whether the Help Center home shows the "Tickets" card to people who may use the portal. */
  portalHomeCard?: boolean;
  /** Where the card sits among the home's sections: 0 before the collections, 1 after. */
  portalHomeCardPosition?: number;
  /** Which tickets of their companies members see in the portal, unless a company overrides it. */
  portalMemberVisibility?: "all" | "participating";
  /** Extra origins the Messenger may boot from, beyond the cookie domain and the Help Center domain. */
  messengerAllowedOrigins?: string[];
}

const MAX_ALLOWED_ORIGINS = 20;

function cleanOrigins(origins: string[]): string {
  if (origins.length > MAX_ALLOWED_ORIGINS) {
    throw invalid("messenger_allowed_origins", `at most ${MAX_ALLOWED_ORIGINS} origins`);
  }
  const clean = new Set<string>();
  for (const raw of origins) {
    let url: URL | undefined;
    try {
      url = new URL(raw.trim());
    } catch {
      url = undefined;
    }
    if (
      !url ||
      (url.protocol !== "https:" && url.protocol !== "http:") ||
      url.origin !== raw.trim().replace(/\/$/, "")
    ) {
      throw invalid("messenger_allowed_origins", `"${raw}" is not an origin such as https://app.example.com`);
    }
    clean.add(url.origin);
  }
  return JSON.stringify([...clean]);
}

export class PortalPrerequisitesError extends DomainError {
  constructor(readonly unmet: UnmetPrerequisite[]) {
    super(
      "parameter_invalid",
      `The Tickets portal cannot be on yet: ${unmet.map((u) => u.message).join(" ")}`,
      "portal_enabled",
    );
  }
}

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

function cleanDomain(field: string, value: string | null): string | null {
  if (value === null) return null;
  const domain = value.trim().toLowerCase().replace(/^\.+/, "").replace(/\.+$/, "");
  if (domain === "") return null;
  if (!HOSTNAME.test(domain)) throw invalid(field, `${field} must be a domain name such as help.example.com`);
  return domain;
}

export async function updateWorkspaceSettings(
  trx: Executor,
  workspaceId: string,
  changes: WorkspaceSettingsChanges,
  options: { allowHttp: boolean },
): Promise<Workspace> {
  const current = await findWorkspaceById(trx, workspaceId);
  if (!current) throw notFound("Workspace");
  const next: Workspace = { ...current };
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (name === "") throw invalid("name", "the workspace name must not be empty");
    next.name = name;
  }
  if (changes.helpCenterDomain !== undefined) {
    next.help_center_domain = cleanDomain("help_center_domain", changes.helpCenterDomain);
    if (
      next.help_center_domain &&
      (await isHelpCenterDomainTaken(trx, next.help_center_domain, workspaceId))
    ) {
      throw new DomainError(
        "conflict",
        `${next.help_center_domain} is already used by another workspace`,
        "help_center_domain",
      );
    }
  }
  if (changes.cookieDomain !== undefined)
    next.cookie_domain = cleanDomain("cookie_domain", changes.cookieDomain);
  if (changes.helpCenterHttps !== undefined) next.help_center_https = flag(changes.helpCenterHttps);
  if (changes.helpCenterLive !== undefined) next.help_center_live = flag(changes.helpCenterLive);
  if (changes.identityEnforced !== undefined) next.identity_enforced = flag(changes.identityEnforced);
  if (changes.portalEnabled !== undefined) next.portal_enabled = flag(changes.portalEnabled);
  if (changes.portalHomeCard !== undefined) next.portal_home_card = flag(changes.portalHomeCard);
  if (changes.portalHomeCardPosition !== undefined) {
    const p = changes.portalHomeCardPosition;
    if (p !== 0 && p !== 1) {
      throw invalid(
        "portal_home_card_position",
        "portal_home_card_position must be 0 (before the collections) or 1 (after)",
      );
    }
    next.portal_home_card_position = p;
  }
  if (changes.portalMemberVisibility !== undefined) {
    const v = changes.portalMemberVisibility;
    if (v !== "all" && v !== "participating") {
      throw invalid("portal_member_visibility", 'portal_member_visibility must be "all" or "participating"');
    }
    next.portal_member_visibility = v;
  }
  if (changes.messengerAllowedOrigins !== undefined) {
    next.messenger_allowed_origins = cleanOrigins(changes.messengerAllowedOrigins);
  }

  if (next.cookie_domain && next.help_center_domain) {
    const hc = next.help_center_domain;
    if (hc !== next.cookie_domain && !hc.endsWith(`.${next.cookie_domain}`)) {
      throw invalid(
        "cookie_domain",
        `the cookie domain ${next.cookie_domain} must contain the Help Center domain ${hc}, or the Help Center never receives the Messenger cookie`,
      );
    }
  }
  if (next.portal_enabled) {
    const unmet = unmetPortalPrerequisites(next, options);
    if (unmet.length > 0) throw new PortalPrerequisitesError(unmet);
  }
  const { id: _id, created_at: _c, updated_at: _u, ...columns } = next;
  await updateWorkspace(trx, workspaceId, columns);
  await appendEvent(trx, {
    workspaceId,
    type: "workspace.updated",
    subjectType: "workspace",
    subjectId: workspaceId,
  });
  return (await findWorkspaceById(trx, workspaceId))!;
}
