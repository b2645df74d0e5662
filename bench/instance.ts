// Server processes for the benchmarks: Portico (`portico serve` with the probe, bench/server.ts), the
// bare baselines (bench/bare.ts), and the plain `portico serve` command for cold starts; each on a free
// port of 127.0.0.1, ready when it answers, reporting its probe readings over IPC.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ProbeMessage, ProbeReading, ProbeReply } from "./probe.ts";

const ROOT = join(import.meta.dirname, "..");

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface Instance {
  port: number;
  pid: number;
  /** From spawn to the first 200 of /healthz (or the bare server's first answer), in ms. */
  readyMs: number;
  /** Resets the probe's figures and returns them as they were. */
  reset(): Promise<ProbeReading>;
  read(): Promise<ProbeReading>;
  /**
   * Waits until the server answers again: requests a load run left queued are still being worked
   * through after the load tool has gone. Resolves false if that takes longer than `timeoutMs`.
   */
  settle(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
  /** Stops at once (SIGKILL), dropping whatever it still had queued. */
  kill(): Promise<void>;
}

export interface PorticoOptions {
  /** `sqlite:/path/file.db` or a postgres:// URL. */
  databaseUrl: string;
  secretKey: string;
  dataDir: string;
  synchronous?: "full" | "normal";
  /** Writes a V8 CPU profile of the server into this directory when it stops. */
  cpuProfileDir?: string;
  /** The plain CLI (bin/portico.mjs serve) instead of bench/server.ts: no probe. */
  plain?: boolean;
  /** A port of its own (a restarted server keeps its predecessor's: the pages' Origin names it). */
  port?: number;
  /** Whether the database is still running queries of this server's (PostgreSQL). */
  databaseBusy?: () => Promise<boolean>;
}

function probeClient(child: ChildProcess) {
  let next = 0;
  const ask = (probe: ProbeMessage["probe"]) =>
    new Promise<ProbeReading>((resolve, reject) => {
      const id = ++next;
      // A server working through a queue of slow requests answers late, but it answers.
      const timer = setTimeout(
        () => reject(new Error("the server's probe did not answer in 2 minutes")),
        120_000,
      );
      const onMessage = (message: ProbeReply) => {
        if (message?.probe !== "reading" || message.id !== id) return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(message.reading);
      };
      child.on("message", onMessage);
      child.send({ probe, id } satisfies ProbeMessage);
    });
  return { reset: () => ask("reset"), read: () => ask("read") };
}

function stopper(child: ChildProcess, signal: NodeJS.Signals): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
}

/**
 * Neither /healthz (it slips in between the awaits of slow requests) nor open requests (an abandoned
 * request still runs after its socket closed) say when a server is done: it has settled when it spends
 * less than a tenth of a core for half a second, and, on PostgreSQL, the database runs none of its queries.
 */
function settler(read: () => Promise<ProbeReading>, databaseBusy?: () => Promise<boolean>) {
  return async (timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    const cpu = (r: ProbeReading) => r.cpuMs.user + r.cpuMs.system;
    let previous = await read().catch(() => undefined);
    while (performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const reading = await read().catch(() => undefined);
      if (previous && reading && cpu(reading) - cpu(previous) < 50 && !(await databaseBusy?.())) return true;
      previous = reading;
    }
    return false;
  };
}

function controls(child: ChildProcess, databaseBusy?: () => Promise<boolean>) {
  const probe = probeClient(child);
  return {
    ...probe,
    settle: settler(probe.read, databaseBusy),
    stop: stopper(child, "SIGTERM"),
    kill: stopper(child, "SIGKILL"),
  };
}

async function waitFor(
  url: string,
  child: ChildProcess,
  started: number,
  init?: RequestInit,
): Promise<number> {
  const deadline = started + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with code ${child.exitCode} before answering`);
    const ok = await fetch(url, init).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGKILL");
  throw new Error(`no answer from ${url} within two minutes`);
}

export async function startPortico(options: PorticoOptions): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const args = [
    ...(options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    ...(options.plain
      ? [join(ROOT, "bin", "portico.mjs"), "serve"]
      : ["--import", "tsx", join(ROOT, "bench", "server.ts")]),
  ];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY: options.secretKey,
      LOG_LEVEL: "warn",
      DATA_DIR: options.dataDir,
      API_RATE_LIMIT: "10000000",
      // One load generator on loopback stands for many clients: no per-address caps on it.
      MAX_CONNECTIONS_PER_IP: "0",
      ABUSE_LIMIT_SCALE: "1000000",
      SQLITE_SYNCHRONOUS: options.synchronous ?? "full",
      ...(options.plain ? {} : { PORTICO_BENCH: "1" }),
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const health = `http://127.0.0.1:${port}/healthz`;
  const readyMs = await waitFor(health, child, started);
  return { port, pid: child.pid!, readyMs, ...controls(child, options.databaseBusy) };
}

export async function startBare(): Promise<Instance> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench", "bare.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), PORTICO_BENCH: "1" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = `http://127.0.0.1:${port}/bare`;
  const readyMs = await waitFor(url, child, started);
  return { port, pid: child.pid!, readyMs, ...controls(child) };
}
