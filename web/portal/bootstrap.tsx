// Reads the JSON the server embeds in the portal's HTML shell and shares it with the app.
import { createContext, useContext } from "react";
import type { CompanyRef, PortalBootstrap, StateLabelOption } from "./types";

export type BootstrapResult = { ok: true; bootstrap: PortalBootstrap } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function parseStateLabels(value: unknown): StateLabelOption[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const labels: StateLabelOption[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.label !== "string" || seen.has(item.label)) continue;
    seen.add(item.label);
    const categories = Array.isArray(item.categories)
      ? item.categories.filter((c): c is string => typeof c === "string")
      : [];
    labels.push({ label: item.label, categories });
  }
  return labels;
}

function parseCompanies(value: unknown): CompanyRef[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => isRecord(item) && typeof item.id === "string")
    .map((item) => ({ id: String(item.id), name: stringOrNull(item.name) }));
}

export function readBootstrap(doc: Document): BootstrapResult {
  const element = doc.getElementById("portal-bootstrap");
  if (!element?.textContent) return { ok: false, reason: "The page is missing its settings." };
  let raw: unknown;
  try {
    raw = JSON.parse(element.textContent);
  } catch {
    return { ok: false, reason: "The page settings could not be read." };
  }
  if (!isRecord(raw)) return { ok: false, reason: "The page settings could not be read." };
  const workspace = isRecord(raw.workspace) ? raw.workspace : {};
  const viewer = isRecord(raw.viewer) ? raw.viewer : {};
  // A trailing slash would double up in every URL we build from it.
  const basePath = typeof raw.basePath === "string" ? raw.basePath.replace(/\/+$/, "") : "";
  return {
    ok: true,
    bootstrap: {
      basePath,
      workspace: { name: typeof workspace.name === "string" ? workspace.name : "Help Center" },
      viewer: { name: stringOrNull(viewer.name), email: stringOrNull(viewer.email) },
      stateLabels: parseStateLabels(raw.stateLabels),
      companies: parseCompanies(raw.companies),
      csrfToken: typeof raw.csrfToken === "string" ? raw.csrfToken : "",
      eventId: typeof raw.eventId === "number" && Number.isSafeInteger(raw.eventId) ? raw.eventId : 0,
      messenger: parseMessenger(raw.messenger),
    },
  };
}

function parseMessenger(value: unknown): PortalBootstrap["messenger"] {
  if (!isRecord(value) || typeof value.loaderUrl !== "string" || typeof value.workspaceId !== "string")
    return null;
  return { loaderUrl: value.loaderUrl, workspaceId: value.workspaceId };
}

const BootstrapContext = createContext<PortalBootstrap | null>(null);

export const BootstrapProvider = BootstrapContext.Provider;

export function usePortal(): PortalBootstrap {
  const bootstrap = useContext(BootstrapContext);
  if (!bootstrap) throw new Error("usePortal() needs a <BootstrapProvider>");
  return bootstrap;
}
