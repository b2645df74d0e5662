// The settings pages' client for the admin JSON under /app (settings, portal, teammates, API tokens,
// ticket states), sending the session's CSRF token with every write.
import { requestJson } from "../../ui/http";
import { currentCsrfToken } from "../api";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

function call<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers["x-csrf-token"] = currentCsrfToken();
  if (body !== undefined) headers["content-type"] = "application/json";
  return requestJson<T>(`/app${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
}

/** `path` is relative to /app, e.g. "/settings/portal". */
export const admin = {
  get: <T>(path: string, signal?: AbortSignal) => call<T>("GET", path, undefined, signal),
  post: <T>(path: string, body: unknown = {}) => call<T>("POST", path, body),
  put: <T>(path: string, body: unknown) => call<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => call<T>("PATCH", path, body),
  delete: (path: string) => call<null>("DELETE", path),
};

export interface UnmetPrerequisite {
  prerequisite: string;
  message: string;
}

export interface WorkspaceSettings {
  type: "workspace";
  id: string;
  slug: string;
  name: string;
  help_center: { url: string; custom_domain: string | null; https: boolean; live: boolean };
  cookie_domain: string | null;
  cookie_forwarding: {
    status: "not_configured" | "unknown" | "working" | "not_working";
    message: string;
    likely_cause: string | null;
    checked_at: number | null;
  };
  identity_verification: { enforced: boolean };
  messenger: { allowed_origins: string[] };
  identity_secrets: Array<{ id: string; created_at: number }>;
}

export interface AccessCondition {
  target: "person" | "company";
  attribute: string;
  operator: string;
  value?: string | number | boolean;
}

export interface AccessRuleSet {
  match: "all" | "any";
  conditions: AccessCondition[];
}

export interface PortalSettings {
  type: "portal_settings";
  enabled: boolean;
  url: string;
  unmet_prerequisites: UnmetPrerequisite[];
  access_rules: AccessRuleSet;
  home_card: { enabled: boolean; position: 0 | 1 };
  member_visibility: "all" | "participating";
}

export interface AccessPreview {
  matching: number;
  total: number;
  sample: Array<{ id: string; name: string | null; email: string | null }>;
}

export interface TeammateRow {
  type: "admin";
  id: string;
  name: string;
  email: string;
  role: "admin" | "agent";
  is_you: boolean;
  created_at: number;
}

export interface InviteRow {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "agent";
  created_at: number;
  expires_at: number;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}
