// The built browser apps and the server-rendered pages' stylesheet: served from dist/web under /assets/
// with long caching (the names are content-hashed), and linked into pages through Vite's manifest.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export const WEB_DIST = resolve(import.meta.dirname, "..", "..", "dist", "web");
const MANIFEST = join(WEB_DIST, ".vite", "manifest.json");

/** The React apps. */
export type WebEntry = "portal" | "messenger" | "helpdesk";
/** Stylesheet-only entries: "site" styles the server-rendered pages (start page, Help Center). */
export type StyleEntry = "site";

export interface EntryAssets {
  script: string;
  styles: string[];
}

/** An entry's name: Vite's `name`, or for a stylesheet entry its file's folder (web/site/site.css: "site"). */
function entryName(key: string, chunk: ManifestChunk): string {
  return chunk.name ?? (chunk.src ?? key).split("/").slice(-2, -1)[0] ?? key;
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
  name?: string;
  src?: string;
}

/**
 * The stylesheets a chunk needs: its own and those of every chunk it imports (shared pieces such as the
 * state badge live in a shared chunk), in import order, each once — Vite's backend-integration rule.
 */
function stylesOf(manifest: Record<string, ManifestChunk>, key: string, seen = new Set<string>()): string[] {
  if (seen.has(key)) return [];
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) return [];
  const imported = (chunk.imports ?? []).flatMap((name) => stylesOf(manifest, name, seen));
  const own = chunk.file.endsWith(".css") ? [chunk.file] : (chunk.css ?? []);
  return [...new Set([...imported, ...own])];
}

export function isWebBuilt(): boolean {
  return existsSync(MANIFEST);
}

/** Builds the browser apps when no build exists yet (a checkout installed with --ignore-scripts). */
export async function ensureWebBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (isWebBuilt()) return;
  log("Building the web assets once (they were not built at install)...");
  const { build } = await import("vite");
  await build({ configFile: resolve(import.meta.dirname, "..", "..", "vite.config.ts"), logLevel: "warn" });
}

export class WebAssets {
  private readonly entries: Map<string, { script: string | null; styles: string[] }>;

  constructor() {
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, ManifestChunk>;
    this.entries = new Map(
      Object.entries(manifest)
        .filter(([, chunk]) => chunk.isEntry)
        .map(([key, chunk]) => [
          entryName(key, chunk),
          {
            script: chunk.file.endsWith(".css") ? null : `/${chunk.file}`,
            styles: stylesOf(manifest, key).map((c) => `/${c}`),
          },
        ]),
    );
  }

  entry(name: WebEntry): EntryAssets {
    const assets = this.entries.get(name);
    if (!assets?.script) throw new Error(`the web build has no "${name}" entry; run npm run build:web`);
    return { script: assets.script, styles: assets.styles };
  }

  /** The stylesheets of a stylesheet entry, as `<link>` elements. */
  styleLinks(name: StyleEntry): string {
    const assets = this.entries.get(name);
    if (!assets) throw new Error(`the web build has no "${name}" styles; run npm run build:web`);
    return assets.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join("\n");
  }
}

export async function registerWebAssets(app: FastifyInstance): Promise<WebAssets | null> {
  if (!isWebBuilt()) return null;
  await app.register(fastifyStatic, {
    root: join(WEB_DIST, "assets"),
    prefix: "/assets/",
    immutable: true,
    maxAge: "365d",
    index: false,
    wildcard: true,
  });
  return new WebAssets();
}
