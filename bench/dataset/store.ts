// Where benchmark datasets live (outside the repository) and writing a fresh one with its manifest.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadDataset } from "./load.ts";
import { manifestPath, writeManifest } from "./manifest.ts";
import { createDatabase, databaseName, databaseUrl } from "../postgres.ts";

/** Datasets live outside the repository: BENCH_DATA_DIR, else ../bench-data beside the checkout. */
export const BENCH_DATA_DIR = resolve(
  process.env.BENCH_DATA_DIR ?? join(import.meta.dirname, "..", "..", "..", "bench-data"),
);

export const scaleName = (scale: number) => String(scale).replace(".", "_");

export function defaultDatabase(dialect: "sqlite" | "postgres", scale: number): string {
  return dialect === "sqlite"
    ? join(BENCH_DATA_DIR, `portico-scale-${scaleName(scale)}.db`)
    : databaseUrl(`portico_bench_scale_${scaleName(scale)}`);
}

/** Writes a fresh dataset at `database` (an existing file or portico_bench_* database is replaced). */
export async function writeDataset(options: {
  dialect: "sqlite" | "postgres";
  scale: number;
  database: string;
  seed?: string;
  log?: (message: string) => void;
}) {
  if (options.dialect === "sqlite") {
    mkdirSync(dirname(options.database), { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${options.database}${suffix}`, { force: true });
  } else {
    await createDatabase(databaseName(options.database));
  }
  const manifest = await loadDataset({
    dialect: options.dialect,
    database: options.database,
    scale: options.scale,
    seed: options.seed,
    secretKey: randomBytes(32),
    exclusive: true,
    log: options.log,
  });
  const path = manifestPath(options.dialect, options.database, BENCH_DATA_DIR);
  mkdirSync(dirname(path), { recursive: true });
  writeManifest(path, manifest);
  return { manifest, manifestPath: path };
}
