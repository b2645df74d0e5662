// The dataset manifest: the ids, tokens and sessions the benchmarks and the dataset test sign in with,
// kept as JSON beside the SQLite file (or named after the PostgreSQL database), plus how it was made.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Executor } from "../../src/db/database.ts";
import type { TicketCategory } from "../../src/db/schema.ts";
import {
  createSession,
  findSession,
  PORTAL_SESSION_TTL_MS,
  TEAMMATE_SESSION_TTL_MS,
} from "../../src/identity/sessions.ts";
import type { BulkTable } from "./sinks.ts";
import type { GeneratedViewer } from "./generate.ts";

export interface ManifestViewer extends GeneratedViewer {
  /** A portal session (the `portico-hc-<workspace id>` cookie). */
  session: string;
}

export interface ManifestWorkspace {
  key: string;
  id: string;
  slug: string;
  name: string;
  /** The Help Center's custom domain: portal requests carry it as their Host. */
  host: string;
  apiToken: string;
  adminId: string;
  adminEmail: string;
  adminPassword: string;
  /** A Help Desk session of the admin (the `portico_teammate` cookie). */
  teammateSession: string;
  ticketTypes: Array<{ key: string; id: string; category: TicketCategory }>;
  tickets: number;
  viewers: Partial<Record<GeneratedViewer["key"], ManifestViewer>>;
  audience: { companyId: string; contactIds: string[]; ticketId: string; ticketNumber: number } | null;
  busiestCompany: { id: string; tickets: number };
  /** Words of the tickets' text and how many tickets of this workspace contain each. */
  searchTerms: Record<"common" | "medium" | "rare", { term: string; tickets: number }>;
  sampleContactIds: string[];
}

export interface BenchManifest {
  version: 1;
  dialect: "sqlite" | "postgres";
  /** The SQLite file or the PostgreSQL URL. */
  database: string;
  scale: number;
  seed: string;
  /** Unix ms: every generated timestamp lies before it. */
  anchor: number;
  generatedAt: string;
  /** SECRET_KEY (hex) the identity secrets are sealed with and CSRF tokens keyed on. */
  secretKey: string;
  timings: {
    setupSeconds: number;
    bulkSeconds: number;
    indexSeconds: number;
    finishSeconds: number;
    totalSeconds: number;
  };
  rows: Record<BulkTable, number>;
  workspaces: Record<string, ManifestWorkspace>;
}

/** Where a dataset's manifest lives: beside the SQLite file, or in `dataDir` for a PostgreSQL database. */
export function manifestPath(dialect: "sqlite" | "postgres", database: string, dataDir: string): string {
  if (dialect === "sqlite") return `${database}.manifest.json`;
  const name = new URL(database).pathname.replace(/^\//, "");
  return join(dataDir, `${name}.manifest.json`);
}

export function writeManifest(path: string, manifest: BenchManifest): void {
  writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
}

export function readManifest(path: string): BenchManifest {
  const manifest = JSON.parse(readFileSync(path, "utf8")) as BenchManifest;
  if (manifest.version !== 1)
    throw new Error(`${path}: unknown manifest version ${String(manifest.version)}`);
  return manifest;
}

/**
 * Sessions expire (a week after their last renewal): replaces the manifest's expired ones with new
 * sessions made by the app's createSession. Returns whether any was replaced.
 */
export async function refreshSessions(db: Executor, manifest: BenchManifest): Promise<boolean> {
  let changed = false;
  for (const workspace of Object.values(manifest.workspaces)) {
    if (!(await findSession(db, workspace.teammateSession, "teammate"))) {
      workspace.teammateSession = await createSession(
        db,
        { workspaceId: workspace.id, kind: "teammate", teammateId: workspace.adminId },
        TEAMMATE_SESSION_TTL_MS,
      );
      changed = true;
    }
    for (const viewer of Object.values(workspace.viewers)) {
      if (!(await findSession(db, viewer.session, "portal"))) {
        viewer.session = await createSession(
          db,
          { workspaceId: workspace.id, kind: "portal", contactId: viewer.contactId },
          PORTAL_SESSION_TTL_MS,
        );
        changed = true;
      }
    }
  }
  return changed;
}
