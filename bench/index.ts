// `npm run bench [-- --db sqlite|postgres|both] [--quick] [--scale S] [--only a,b] [--profile [--cases id,id]]`:
// every path of issue 12 on the benchmark dataset, each next to a bare Fastify route measured in the same
// run with the same load tool; prints a table with the budgets and writes bench/results/<dialect>.json.
// It reports and never asserts: a missed budget is a row marked MISS, not a failing exit code.
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/database.ts";
import { findTicket } from "../src/domain/tickets/ticket.repository.ts";
import { listStatesOfType } from "../src/domain/tickets/ticketState.repository.ts";
import { createSession, PORTAL_SESSION_TTL_MS } from "../src/identity/sessions.ts";
import { createTicketCase, postgresCeiling, sqliteCeiling, type Ceiling } from "./apiCreate.ts";
import { loadDataset } from "./dataset/load.ts";
import {
  manifestPath,
  readManifest,
  refreshSessions,
  writeManifest,
  type BenchManifest,
} from "./dataset/manifest.ts";
import { BENCH_DATA_DIR, defaultDatabase } from "./dataset/store.ts";
import { buildHttpCases, type HttpCase } from "./httpCases.ts";
import { startBare, startPortico, type Instance } from "./instance.ts";
import { measure, CONNECTIONS, type LoadResult, type Timing } from "./loadTest.ts";
import { summariseProfile } from "./profile.ts";
import {
  createDatabase,
  databaseBusy,
  databaseExists,
  databaseName,
  databaseUrl,
  dropDatabase,
  postgresAnswers,
} from "./postgres.ts";
import { bareDelivery, idleStreams, measureDelivery, portalReaders, type Delivery } from "./realtime.ts";
import { loadRow, printTable, valueRow, writeResults, type Dialect, type Row } from "./report.ts";
import { randomBytes } from "node:crypto";

const GROUPS = ["portal", "helpdesk", "api", "create", "realtime", "idle", "coldstart"] as const;
type Group = (typeof GROUPS)[number];

const { values: args } = parseArgs({
  options: {
    db: { type: "string" },
    quick: { type: "boolean", default: false },
    scale: { type: "string" },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
    cases: { type: "string" },
    seconds: { type: "string" },
  },
  strict: true,
});
const quick = args.quick ?? false;
const scale = Number(args.scale ?? (quick ? 0.01 : 1));
const only = new Set<Group>(args.only ? (args.only.split(",").map((g) => g.trim()) as Group[]) : [...GROUPS]);
for (const group of only) {
  if (!GROUPS.includes(group)) throw new Error(`--only takes ${GROUPS.join(", ")}; got ${group}`);
}
// --quick is CI's: every path once, briefly, so the run stays a couple of minutes (it only reports).
const seconds = Number(args.seconds ?? (quick ? 1 : 10));
const timing: Timing = { warmupSeconds: quick ? 0.5 : 3, seconds };
const SSE_READERS = 1000;
const SSE_ROUNDS = quick ? 3 : 20;
const IDLE_STREAMS = quick ? 1000 : 10_000;
const COLD_STARTS = quick ? 1 : 3;

const cleanups: Array<() => Promise<void>> = [];
async function cleanUp() {
  while (cleanups.length > 0) await cleanups.pop()!().catch((e) => console.error(e));
}
process.once("SIGINT", () => void cleanUp().then(() => process.exit(130)));
// Thousands of sockets against servers that get restarted: a reset socket is logged, not the end of the run.
const resets: string[] = [];
process.on("uncaughtException", (error: NodeJS.ErrnoException) => {
  if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error;
  resets.push(`${new Date().toISOString()} ${error.message}`);
  console.error(`[bench] a socket was reset (${error.message}); carrying on`);
});

function log(message: string) {
  console.log(`[bench] ${message}`);
}

/** A private copy of the dataset for this run (writes go into it; it is deleted after). */
async function prepareDataset(
  dialect: Dialect,
): Promise<{ manifest: BenchManifest; source: string; seconds: number }> {
  const started = performance.now();
  const runName = `portico_bench_run_${process.pid}`;
  if (dialect === "sqlite") {
    const dir = join(BENCH_DATA_DIR, `run-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "portico.db");
    const stored = defaultDatabase("sqlite", scale);
    const storedManifest = manifestPath("sqlite", stored, BENCH_DATA_DIR);
    if (existsSync(stored) && existsSync(storedManifest)) {
      log(`copying the scale-${scale} dataset ${stored}`);
      copyFileSync(stored, file);
      const manifest = { ...readManifest(storedManifest), database: file };
      return { manifest, source: `copy of ${stored}`, seconds: (performance.now() - started) / 1000 };
    }
    log(`no dataset at ${stored}: generating the scale-${scale} dataset for this run`);
    const manifest = await loadDataset({
      dialect,
      database: file,
      scale,
      secretKey: randomBytes(32),
      exclusive: true,
    });
    writeManifest(join(dir, "portico.db.manifest.json"), manifest);
    return { manifest, source: "generated for this run", seconds: (performance.now() - started) / 1000 };
  }
  const stored = databaseName(defaultDatabase("postgres", scale));
  const storedManifest = manifestPath("postgres", databaseUrl(stored), BENCH_DATA_DIR);
  cleanups.push(() => dropDatabase(runName));
  if ((await databaseExists(stored)) && existsSync(storedManifest)) {
    log(`copying the scale-${scale} dataset database ${stored}`);
    const url = await createDatabase(runName, stored);
    const manifest = { ...readManifest(storedManifest), database: url };
    return { manifest, source: `copy of ${stored}`, seconds: (performance.now() - started) / 1000 };
  }
  log(`no dataset database ${stored}: generating the scale-${scale} dataset for this run`);
  const url = await createDatabase(runName);
  const manifest = await loadDataset({
    dialect,
    database: url,
    scale,
    secretKey: randomBytes(32),
    exclusive: true,
  });
  return { manifest, source: "generated for this run", seconds: (performance.now() - started) / 1000 };
}

const databaseUrlOf = (manifest: BenchManifest) =>
  manifest.dialect === "sqlite" ? `sqlite:${manifest.database}` : manifest.database;

/** Writes made before the server starts: fresh sessions where needed, the SSE readers' sessions. */
async function prepareSessions(manifest: BenchManifest) {
  const handle = openDatabase(
    manifest.dialect === "sqlite"
      ? { dialect: "sqlite", file: manifest.database, synchronous: "normal" }
      : { dialect: "postgres", url: manifest.database, poolSize: 2 },
  );
  try {
    await refreshSessions(handle.db, manifest);
    const main = manifest.workspaces.main!;
    const audience = main.audience;
    if (!audience) throw new Error("the dataset has no SSE audience");
    const ticket = (await findTicket(handle.db, main.id, audience.ticketId))!;
    const states = await listStatesOfType(handle.db, main.id, ticket.ticket_type_id);
    const contacts = await handle.db
      .selectFrom("contacts")
      .select("id")
      .where("workspace_id", "=", main.id)
      .orderBy("id")
      .limit(IDLE_STREAMS / 2)
      .execute();
    return await handle.db.transaction().execute(async (trx) => {
      const session = (contactId: string) =>
        createSession(trx, { workspaceId: main.id, kind: "portal", contactId }, PORTAL_SESSION_TTL_MS);
      const sseSessions: string[] = [];
      for (let i = 0; i < SSE_READERS; i++) {
        sseSessions.push(await session(audience.contactIds[i % audience.contactIds.length]!));
      }
      // Idle readers: two streams per person (the portal allows ten per person).
      const idleSessions: string[] = [];
      for (let i = 0; i < IDLE_STREAMS; i++)
        idleSessions.push(await session(contacts[i % contacts.length]!.id));
      return { sseSessions, idleSessions, ticket, states };
    });
  } finally {
    await handle.destroy();
  }
}

const bareCase = { method: "GET" as const, path: "/bare" };

interface Measured {
  spec: HttpCase;
  result: LoadResult;
  /** The machine's 1-minute load average when the run started (other work shares its 2 cores). */
  loadAverage: number;
}

async function runDialect(dialect: Dialect) {
  const rows: Row[] = [];
  const raw: Record<string, unknown> = { loadAverageAtStart: loadavg(), socketResets: resets };
  const failures: Row[] = [];
  /** Runs one measurement; one that breaks becomes a failed row instead of ending the run. */
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${dialect}: ${what} failed: ${message}`);
      failures.push({
        id: `failed.${failures.length}`,
        group: "Failed measurements",
        label: what,
        budget: "-",
        pass: false,
        note: message,
      });
      return undefined;
    }
  };
  log(`${dialect}: preparing the dataset`);
  const dataset = await prepareDataset(dialect);
  const { manifest } = dataset;
  log(`${dialect}: dataset ready in ${dataset.seconds.toFixed(1)} s (${dataset.source})`);
  const sessions = await prepareSessions(manifest);
  const dataDir = join(BENCH_DATA_DIR, `run-${process.pid}-data-${dialect}`);
  mkdirSync(dataDir, { recursive: true });
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const portico = (
    options: { synchronous?: "full" | "normal"; plain?: boolean; cpuProfileDir?: string; port?: number } = {},
  ) =>
    startPortico({
      databaseUrl: databaseUrlOf(manifest),
      secretKey: manifest.secretKey,
      dataDir,
      ...(dialect === "postgres"
        ? { databaseBusy: () => databaseBusy(databaseName(manifest.database)) }
        : {}),
      ...options,
    });
  const track = (instance: Instance) => {
    cleanups.push(() => instance.stop());
    return instance;
  };

  if (only.has("coldstart")) {
    const starts: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const instance = await portico({ plain: true });
      starts.push(instance.readyMs);
      await instance.stop();
    }
    const sorted = [...starts].sort((a, b) => a - b);
    raw.coldStartsMs = starts;
    rows.push(
      valueRow(
        {
          id: "coldstart",
          group: "Process",
          label: `cold start, spawn to first 200 of /healthz (median of ${COLD_STARTS})`,
          unit: "ms",
          budget: { maxValue: 3000 },
          note: `each: ${starts.map((s) => s.toFixed(0)).join(", ")} ms (\`portico serve\`; the file is in the page cache)`,
        },
        sorted[Math.floor(sorted.length / 2)]!,
      ),
    );
  }

  const bare = track(await startBare());
  log(`${dialect}: bare Fastify route`);
  const bareStart = await measure(bare, bareCase, timing);
  let server = track(await portico());
  log(`${dialect}: Portico ready in ${server.readyMs.toFixed(0)} ms`);
  /** Measures one path; a server still stuck in the abandoned requests of a slow path is restarted. */
  const restart = async () => {
    await server.kill();
    server = track(await portico({ port: server.port }));
  };
  const measureOn = async (load: HttpCase["load"]) => {
    let result = await measure(server, load, timing);
    if (result.stuckInWarmup) {
      log(`${dialect}: the warm-up left the server too busy: restarting it and measuring without warm-up`);
      await restart();
      result = { ...(await measure(server, load, { ...timing, warmupSeconds: 0 })), stuckInWarmup: true };
    }
    if (!result.settled) {
      log(`${dialect}: the server is still busy with the last run's queue: restarting it`);
      await restart();
    }
    return result;
  };

  const measured: Measured[] = [];
  const cases = (await buildHttpCases(server.port, manifest)).filter((c) =>
    c.id.startsWith("portal.")
      ? only.has("portal")
      : c.id.startsWith("helpdesk.")
        ? only.has("helpdesk")
        : only.has("api"),
  );
  for (const spec of cases) {
    log(`${dialect}: ${spec.group}: ${spec.label}`);
    const loadAverage = loadavg()[0]!;
    const result = await attempt(spec.label, () => measureOn(spec.load));
    if (result) measured.push({ spec, result, loadAverage });
  }

  const creates: Array<{ synchronous: "full" | "normal"; result: LoadResult; ceiling: Ceiling }> = [];
  const ceilingSeconds = quick ? 2 : 5;
  if (only.has("create")) {
    log(`${dialect}: REST ticket create`);
    await attempt("REST ticket create", async () => {
      const result = await measureOn(createTicketCase(manifest.workspaces.main!));
      const ceiling =
        dialect === "sqlite"
          ? sqliteCeiling(join(BENCH_DATA_DIR, `run-${process.pid}`), "full", ceilingSeconds)
          : await postgresCeiling(manifest.database, ceilingSeconds);
      creates.push({ synchronous: "full", result, ceiling });
    });
  }

  let delivery: { ours: Delivery; bare: Delivery } | undefined;
  if (only.has("realtime")) {
    log(`${dialect}: one state change to ${SSE_READERS} portal viewers, ${SSE_ROUNDS} times`);
    const main = manifest.workspaces.main!;
    const cycle = ["in_progress", "waiting_on_customer", "resolved", "submitted"] as const;
    const stateFor = (round: number) =>
      sessions.states.find((s) => s.category === cycle[round % cycle.length])!;
    const ours = await attempt("SSE delivery", () =>
      measureDelivery(
        server.port,
        portalReaders(main, sessions.sseSessions),
        {
          trigger: async (round) => {
            const response = await fetch(
              `http://127.0.0.1:${server.port}/api/tickets/${sessions.ticket.id}`,
              {
                method: "PUT",
                headers: { authorization: `Bearer ${main.apiToken}`, "content-type": "application/json" },
                body: JSON.stringify({ ticket_state_id: stateFor(round).id }),
              },
            );
            if (!response.ok) throw new Error(`the state change answered ${response.status}`);
          },
          matches: (event, data, round) =>
            event === "ticket" && data.includes(`"label":"${stateFor(round).external_label}"`),
        },
        SSE_ROUNDS,
      ),
    );
    const base = await attempt("bare SSE delivery", () => bareDelivery(bare, SSE_READERS, SSE_ROUNDS));
    if (ours && base) delivery = { ours, bare: base };
    await new Promise((r) => setTimeout(r, 1000));
  }

  let idle: Awaited<ReturnType<typeof idleStreams>> | undefined;
  if (only.has("idle")) {
    log(`${dialect}: ${IDLE_STREAMS} idle portal streams`);
    idle = await attempt("idle streams", () =>
      idleStreams(server, portalReaders(manifest.workspaces.main!, sessions.idleSessions)),
    );
  }
  await server.stop();

  if (only.has("create") && dialect === "sqlite") {
    log(`${dialect}: REST ticket create with SQLITE_SYNCHRONOUS=normal`);
    await attempt("REST ticket create (normal)", async () => {
      const normal = track(await portico({ synchronous: "normal" }));
      const result = await measure(normal, createTicketCase(manifest.workspaces.main!), timing);
      await normal.stop();
      creates.push({
        synchronous: "normal",
        result,
        ceiling: sqliteCeiling(join(BENCH_DATA_DIR, `run-${process.pid}`), "normal", ceilingSeconds),
      });
    });
  }

  log(`${dialect}: bare Fastify route again`);
  const bareEnd = await measure(bare, bareCase, timing);
  await bare.stop();
  const barePerSecond = (bareStart.perSecond + bareEnd.perSecond) / 2;

  const bareRow = (id: string, label: string, result: LoadResult) =>
    loadRow(dialect, barePerSecond, { id, group: "Baseline", label }, result);
  rows.push(
    bareRow("bare.start", "bare Fastify JSON route (before)", bareStart),
    bareRow("bare.end", "bare Fastify JSON route (after)", bareEnd),
  );
  for (const { spec, result } of measured) rows.push(loadRow(dialect, barePerSecond, spec, result));

  // Comparisons that must hold whatever the workspace's size and the viewer's history.
  const rate = (id: string) => measured.find((m) => m.spec.id === id)?.result.perSecond;
  const compare = (id: string, label: string, a: string, b: string) => {
    const [x, y] = [rate(a), rate(b)];
    if (x === undefined || y === undefined) return;
    rows.push(
      valueRow(
        {
          id,
          group: "Comparisons (req/s of one over the other)",
          label,
          unit: "x",
          budget: { minValue: 0.8 },
        },
        x / y,
      ),
    );
  };
  for (const key of ["viewer1", "viewer3", "viewer20"]) {
    for (const filter of ["all", "state"]) {
      compare(
        `deep-vs-first.${key}.${filter}`,
        `deep page / first page, ${key}, ${filter === "state" ? "state filter" : "no filter"}`,
        `portal.${key}.deep.${filter}`,
        `portal.${key}.first.${filter}`,
      );
    }
  }
  compare(
    "1m-vs-10k.viewer1",
    "1M / 10k workspace, 1 company, state filter",
    "portal.viewer1.first.state",
    "portal.tenk.viewer1.first.state",
  );
  compare(
    "1m-vs-10k.viewer3",
    "1M / 10k workspace, 3 companies, state filter",
    "portal.viewer3.first.state",
    "portal.tenk.viewer3.first.state",
  );
  compare(
    "history.main",
    "viewer in 10k tickets / viewer in a few, 1M workspace, state filter",
    "portal.main.participant.first.state",
    "portal.viewer1.first.state",
  );
  compare(
    "history.onecompany",
    "smaller workspace's 10k-ticket viewer / 1M viewer1, state filter",
    "portal.onecompany.participant.first.state",
    "portal.viewer1.first.state",
  );

  for (const { synchronous, result, ceiling } of creates) {
    const row = loadRow(
      dialect,
      barePerSecond,
      {
        id: `api.create.${synchronous}`,
        group: "REST API",
        label: `POST /api/tickets${dialect === "sqlite" ? ` (SQLITE_SYNCHRONOUS=${synchronous})` : ""}`,
        note: `disk ceiling ${ceiling.perSecond.toFixed(0)} tx/s (${ceiling.how})`,
      },
      result,
    );
    const share = result.perSecond / ceiling.perSecond;
    const minShare = dialect === "postgres" ? 0.25 : 0.5;
    const floor = synchronous === "normal" ? 2000 : 0;
    row.budget = `>= ${minShare * 100}% of ceiling${floor ? `, >= ${floor}/s` : ""}, ${row.budget}`;
    row.pass = (row.pass ?? true) && share >= minShare && result.perSecond >= floor;
    row.note = `${row.note}; ${(share * 100).toFixed(1)}% of it`;
    rows.push(row);
    rows.push(
      valueRow(
        {
          id: `ceiling.${synchronous}`,
          group: "REST API",
          label: `disk ceiling: single-row insert transactions (${ceiling.how})`,
          unit: "tx/s",
        },
        ceiling.perSecond,
      ),
    );
  }

  if (delivery) {
    rows.push(
      valueRow(
        {
          id: "sse.delivery",
          group: "Live updates",
          label: `one state change to ${SSE_READERS} portal viewers, p99 (p50 ${delivery.ours.p50.toFixed(1)} ms)`,
          unit: "ms",
          budget: { maxValue: 100 },
          note: `${delivery.ours.deliveries} deliveries over ${delivery.ours.rounds} changes, max ${delivery.ours.max.toFixed(1)} ms; bare SSE broadcast p50 ${delivery.bare.p50.toFixed(1)} ms, p99 ${delivery.bare.p99.toFixed(1)} ms`,
        },
        delivery.ours.p99,
        { p50Ms: delivery.ours.p50, p99Ms: delivery.ours.p99 },
      ),
    );
  }
  if (idle) {
    rows.push(
      valueRow(
        {
          id: "sse.idle.rss",
          group: "Live updates",
          label: `RSS with ${idle.streams} idle portal streams`,
          unit: "MB",
          budget: { maxValue: 400 },
          note: `${idle.beforeMb} MB before they connected`,
        },
        idle.openMb,
      ),
    );
  }
  const peak = Math.max(
    0,
    ...measured.map((m) => m.result.probe.peakRssMb),
    ...creates.map((c) => c.result.probe.peakRssMb),
  );
  if (peak > 0) {
    rows.push(
      valueRow(
        {
          id: "rss.load",
          group: "Process",
          label: "peak RSS under load (all runs above)",
          unit: "MB",
          budget: { maxValue: 250 },
        },
        peak,
      ),
    );
  }

  rows.push(...failures);
  const title =
    `${dialect === "sqlite" ? "SQLite" : "PostgreSQL"}, scale ${scale} (${manifest.workspaces.main!.tickets} tickets in the main workspace), ` +
    `${CONNECTIONS} connections, ${timing.seconds} s per path after ${timing.warmupSeconds} s of warm-up; bare route ${barePerSecond.toFixed(0)} req/s` +
    (dialect === "postgres" ? "; ratio budgets are half of SQLite's" : "");
  printTable(title, rows);
  const file = writeResults(dialect, quick, {
    dialect,
    quick,
    scale,
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadavg: loadavg() },
    timing: { ...timing, connections: CONNECTIONS },
    dataset: {
      source: dataset.source,
      prepareSeconds: dataset.seconds,
      generatedAt: manifest.generatedAt,
      loadTimings: manifest.timings,
      rows: manifest.rows,
    },
    bare: { start: bareStart, end: bareEnd, perSecond: barePerSecond },
    rows,
    raw: {
      ...raw,
      cases: measured.map((m) => ({ id: m.spec.id, loadAverage: m.loadAverage, result: m.result })),
      creates,
      delivery,
      idle,
    },
  });
  log(`results written to ${file}`);
  await cleanUp();
}

/** CPU profiles of one portal list and one Help Desk search, each in a server of its own. */
async function profileDialect(dialect: Dialect) {
  const { manifest } = await prepareDataset(dialect);
  await prepareSessions(manifest);
  const dataDir = join(BENCH_DATA_DIR, `run-${process.pid}-data-${dialect}`);
  mkdirSync(dataDir, { recursive: true });
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const ids = args.cases?.split(",").map((id) => id.trim()) ?? [
    "portal.viewer20.first.state",
    "helpdesk.state-text",
  ];
  for (const id of ids) {
    const dir = join(BENCH_DATA_DIR, `profiles-${dialect}`, id);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const server = await startPortico({
      databaseUrl: databaseUrlOf(manifest),
      secretKey: manifest.secretKey,
      dataDir,
      ...(dialect === "postgres"
        ? { databaseBusy: () => databaseBusy(databaseName(manifest.database)) }
        : {}),
      cpuProfileDir: dir,
    });
    cleanups.push(() => server.stop());
    const all = await buildHttpCases(server.port, manifest);
    const spec = all.find((c) => c.id === id);
    if (!spec) throw new Error(`--cases: no case ${id}; the cases are ${all.map((c) => c.id).join(", ")}`);
    const result = await measure(server, spec.load, timing);
    await server.stop();
    console.log(
      `\n${dialect}: ${spec.group}: ${spec.label}: ${result.perSecond.toFixed(0)} req/s, p99 ${result.p99} ms, ` +
        `${(result.probe.statements / Math.max(1, result.probe.requests)).toFixed(1)} statements and ` +
        `${(result.probe.prepareMs / Math.max(1, result.probe.requests)).toFixed(2)} ms of prepare per request`,
    );
    const per = (n: number) => n / Math.max(1, result.probe.requests);
    console.log(
      `  SQL run in the driver: ${per(result.probe.runMs).toFixed(3)} ms per request; top statements:`,
    );
    for (const s of result.probe.topStatements)
      console.log(
        `    ${per(s.ms).toFixed(3)} ms, ${per(s.count).toFixed(2)}x  ${s.sql.replace(/\s+/g, " ").slice(0, 220)}`,
      );
    console.log(summariseProfile(dir));
  }
  await cleanUp();
}

const postgres = await postgresAnswers();
const dialects: Dialect[] =
  args.db === "sqlite" || args.db === "postgres"
    ? [args.db]
    : args.db === undefined || args.db === "both"
      ? postgres
        ? ["sqlite", "postgres"]
        : ["sqlite"]
      : (() => {
          throw new Error(`--db takes sqlite, postgres or both; got ${args.db}`);
        })();
if (args.db === undefined && !postgres) log("PostgreSQL does not answer at 127.0.0.1:5432: SQLite only");
log(
  `${quick ? "quick run" : "full run"} at scale ${scale} on ${dialects.join(" and ")}; the machine is shared, so figures are noisy`,
);
try {
  for (const dialect of dialects) {
    if (args.profile) await profileDialect(dialect);
    else await runDialect(dialect);
  }
} finally {
  await cleanUp();
}
