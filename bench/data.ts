// `npm run bench:data -- --scale 1|0.01 [--db sqlite|postgres] [--out <file or url>] [--seed S]`:
// writes the benchmark dataset (DESIGN.md "Performance budgets") and its manifest, and says how long it took.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { defaultDatabase, writeDataset } from "./dataset/store.ts";
import { databaseName, databaseSize } from "./postgres.ts";

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "0.01" },
      db: { type: "string", default: "sqlite" },
      out: { type: "string" },
      seed: { type: "string" },
    },
    strict: true,
  });
  const scale = Number(values.scale);
  const dialect = values.db;
  if (dialect !== "sqlite" && dialect !== "postgres")
    throw new Error(`--db must be sqlite or postgres, got ${dialect}`);
  const database = values.out ?? defaultDatabase(dialect, scale);
  console.log(`Generating the scale-${scale} dataset into ${database} (${dialect})`);
  const { manifest, manifestPath: path } = await writeDataset({
    dialect,
    scale,
    database: dialect === "sqlite" ? resolve(database) : database,
    seed: values.seed,
    log: (message) => console.log(`  ${message}`),
  });
  const size =
    dialect === "sqlite" ? statSync(resolve(database)).size : await databaseSize(databaseName(database));
  const rows = Object.entries(manifest.rows)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");
  console.log(`Rows: ${rows}`);
  console.log(
    `Loaded in ${manifest.timings.totalSeconds} s (setup ${manifest.timings.setupSeconds} s, rows ${manifest.timings.bulkSeconds} s, ` +
      `indexes ${manifest.timings.indexSeconds} s, finish ${manifest.timings.finishSeconds} s); ${(size / 1e9).toFixed(2)} GB`,
  );
  console.log(`Manifest: ${path}`);
  if (!existsSync(path)) throw new Error("the manifest was not written");
}

await main();
