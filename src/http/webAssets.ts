// The built browser apps: served from dist/web under /assets/ with long caching (the names are
// content-hashed), and linked into pages through Vite's manifest.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export const WEB_DIST = resolve(import.meta.dirname, "..", "..", "dist", "web");
const MANIFEST = join(WEB_DIST, ".vite", "manifest.json");

export type WebEntry = "portal" | "messenger" | "helpdesk";

export interface EntryAssets {
  script: string;
  styles: string[];
}

interface ManifestChunk {
  file: string;
  css?: string[];
  isEntry?: boolean;
  name?: string;
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
  private readonly entries: Map<string, EntryAssets>;

  constructor() {
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, ManifestChunk>;
    this.entries = new Map(
      Object.values(manifest)
        .filter((chunk) => chunk.isEntry && chunk.name)
        .map((chunk) => [
          chunk.name!,
          { script: `/${chunk.file}`, styles: (chunk.css ?? []).map((c) => `/${c}`) },
        ]),
    );
  }

  entry(name: WebEntry): EntryAssets {
    const assets = this.entries.get(name);
    if (!assets) throw new Error(`the web build has no "${name}" entry; run npm run build:web`);
    return assets;
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
