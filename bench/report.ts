// The benchmark's results: one row per measured figure with its budget (DESIGN.md "Performance
// budgets", issue 12), printed as a table and written to bench/results/<dialect>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadResult } from "./loadTest.ts";

export type Dialect = "sqlite" | "postgres";

/** The event loop of the server may not stall longer than this (p99) during any run. */
export const EVENT_LOOP_P99_BUDGET_MS = 20;

export interface Budget {
  /** Minimum share of the bare route's requests per second (on PostgreSQL: half of it). */
  minRatio?: number;
  maxP99Ms?: number;
  /** For figures that are not request rates: the largest or smallest value allowed. */
  maxValue?: number;
  minValue?: number;
}

export interface Row {
  id: string;
  group: string;
  label: string;
  perSecond?: number;
  p50Ms?: number;
  p99Ms?: number;
  ratio?: number;
  /** A figure that is not a request rate (MB, ms, a ratio between two runs). */
  value?: number;
  unit?: string;
  eventLoopP99Ms?: number;
  eventLoopMaxMs?: number;
  peakRssMb?: number;
  statementsPerRequest?: number;
  prepareMsPerRequest?: number;
  failures?: number;
  budget: string;
  pass: boolean | null;
  note?: string;
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)}%`;

/** A load run's row: ratio to the bare route, the budgets it is held to and whether it met them. */
export function loadRow(
  dialect: Dialect,
  bare: number,
  spec: { id: string; group: string; label: string; budget?: Budget; note?: string },
  result: LoadResult,
): Row {
  const ratio = result.perSecond / bare;
  const budget = spec.budget ?? {};
  const minRatio =
    budget.minRatio === undefined
      ? undefined
      : dialect === "postgres"
        ? budget.minRatio / 2
        : budget.minRatio;
  const parts: string[] = [];
  let pass = true;
  if (minRatio !== undefined) {
    parts.push(`>= ${pct(minRatio)}`);
    pass &&= ratio >= minRatio;
  }
  if (budget.maxP99Ms !== undefined) {
    parts.push(`p99 <= ${budget.maxP99Ms} ms`);
    pass &&= result.p99 <= budget.maxP99Ms;
  }
  parts.push(`eld <= ${EVENT_LOOP_P99_BUDGET_MS} ms`);
  pass &&= result.probe.eventLoopDelayMs.p99 <= EVENT_LOOP_P99_BUDGET_MS;
  const failures = result.non2xx + result.errors;
  if (failures > 0) pass = false;
  const requests = Math.max(1, result.requests);
  const none = result.requests === 0;
  if (none) pass = false;
  const notes = [
    spec.note,
    none ? `no request completed within the ${result.seconds || "warm-up"} s run` : undefined,
    failures > 0
      ? `${failures} failed (${result.timeouts} timed out after 10 s): ${JSON.stringify(result.statusCodes)}`
      : undefined,
    result.stuckInWarmup
      ? "measured without warm-up in a restarted server (the warm-up's queue outlasted 30 s)"
      : undefined,
    result.settled ? undefined : "the server had not worked through its queue 30 s later and was restarted",
  ];
  return {
    id: spec.id,
    group: spec.group,
    label: spec.label,
    perSecond: result.perSecond,
    p50Ms: none ? undefined : result.p50,
    p99Ms: none ? undefined : result.p99,
    ratio,
    eventLoopP99Ms: result.probe.eventLoopDelayMs.p99,
    eventLoopMaxMs: result.probe.eventLoopDelayMs.max,
    peakRssMb: result.probe.peakRssMb,
    statementsPerRequest: result.probe.statements / requests,
    prepareMsPerRequest: result.probe.prepareMs / requests,
    failures,
    budget: parts.join(", "),
    pass,
    note: notes.filter(Boolean).join("; ") || undefined,
  };
}

/** A figure with a limit (RSS, cold start, SSE latency, a comparison of two runs). */
export function valueRow(
  spec: { id: string; group: string; label: string; unit: string; budget?: Budget; note?: string },
  value: number,
  extra: Partial<Row> = {},
): Row {
  const budget = spec.budget ?? {};
  const parts: string[] = [];
  let pass: boolean | null = null;
  if (budget.maxValue !== undefined) {
    parts.push(`<= ${budget.maxValue} ${spec.unit}`);
    pass = value <= budget.maxValue;
  }
  if (budget.minValue !== undefined) {
    parts.push(`>= ${budget.minValue} ${spec.unit}`);
    pass = (pass ?? true) && value >= budget.minValue;
  }
  return {
    ...extra,
    id: spec.id,
    group: spec.group,
    label: spec.label,
    value,
    unit: spec.unit,
    budget: parts.join(", ") || "-",
    pass,
    note: spec.note ?? extra.note,
  };
}

const fixed = (n: number | undefined, digits = 1) => (n === undefined ? "" : n.toFixed(digits));

export function printTable(title: string, rows: Row[]): void {
  const header = [
    "path",
    "req/s",
    "p50 ms",
    "p99 ms",
    "ratio",
    "budget",
    "pass",
    "eld p99",
    "rss MB",
    "stmt/req",
  ];
  const lines = rows.map((row) => [
    row.label,
    row.perSecond !== undefined
      ? fixed(row.perSecond, 0)
      : row.value !== undefined
        ? `${fixed(row.value, row.unit === "x" ? 2 : 1)} ${row.unit}`
        : "",
    fixed(row.p50Ms),
    fixed(row.p99Ms),
    row.ratio !== undefined ? pct(row.ratio) : "",
    row.budget,
    row.pass === null ? "-" : row.pass ? "pass" : "MISS",
    fixed(row.eventLoopP99Ms),
    row.peakRssMb !== undefined ? String(row.peakRssMb) : "",
    row.statementsPerRequest !== undefined && row.statementsPerRequest > 0
      ? fixed(row.statementsPerRequest)
      : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ");
  console.log(`\n${title}`);
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  let group = "";
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]!.group !== group) {
      group = rows[i]!.group;
      console.log(`${group}:`);
    }
    console.log(format(lines[i]!));
    if (rows[i]!.note) console.log(`    ${rows[i]!.note}`);
  }
}

export function writeResults(dialect: Dialect, quick: boolean, results: object): string {
  const dir = join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${dialect}${quick ? ".quick" : ""}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  return file;
}
