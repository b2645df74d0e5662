// One load run of one HTTP path with autocannon (the same tool and 50 connections for every path and
// for the bare baseline), with the server's own probe read around it.
import autocannon from "autocannon";
import type { Instance } from "./instance.ts";
import type { ProbeReading } from "./probe.ts";

export const CONNECTIONS = 50;

export interface LoadCase {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** A fixed body, or one per request (e.g. a different contact for each created ticket). */
  body?: string | (() => string);
  /** Paths to rotate through instead of `path` (e.g. several ticket pages). */
  paths?: string[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Responses that were not 2xx, and connection errors/timeouts. */
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Whether the server had worked through its queue within SETTLE_MS after the run. */
  settled: boolean;
  /** The warm-up alone left more queued than the server finished within SETTLE_MS: nothing was measured. */
  stuckInWarmup?: boolean;
  statusCodes: Record<string, number>;
  probe: ProbeReading;
}

export interface Timing {
  warmupSeconds: number;
  seconds: number;
}

function run(port: number, c: LoadCase, seconds: number) {
  const headers = { ...(c.body !== undefined ? { "content-type": "application/json" } : {}), ...c.headers };
  let n = 0;
  const paths = c.paths ?? [c.path];
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: c.method,
        path: paths[0]!,
        headers,
        setupRequest: (request) => {
          const i = n++;
          return {
            ...request,
            path: paths[i % paths.length]!,
            ...(c.body === undefined ? {} : { body: typeof c.body === "function" ? c.body() : c.body }),
          };
        },
      },
    ],
  });
}

/** How long a server may take to work through what a run left queued before it is restarted. */
export const SETTLE_MS = 30_000;

/**
 * Warms up, then measures. After each part the server is given time to finish the requests the load
 * tool abandoned (slow paths leave dozens queued); `settled` is false when it had not within SETTLE_MS,
 * and the caller should restart it so the next path does not pay for this one.
 */
export async function measure(instance: Instance, c: LoadCase, timing: Timing): Promise<LoadResult> {
  if (timing.warmupSeconds > 0) {
    await run(instance.port, c, timing.warmupSeconds);
    if (!(await instance.settle(SETTLE_MS))) {
      return { ...empty(), settled: false, stuckInWarmup: true, probe: await instance.read() };
    }
  }
  await instance.reset();
  const result = await run(instance.port, c, timing.seconds);
  // Read after the queue the run left is worked off: that work is the run's too.
  const settled = await instance.settle(SETTLE_MS);
  const probe = await instance.read();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  return {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    probe,
    settled,
  };
}

function empty(): Omit<LoadResult, "probe" | "settled" | "stuckInWarmup"> {
  return {
    requests: 0,
    seconds: 0,
    perSecond: 0,
    p50: 0,
    p99: 0,
    max: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCodes: {},
  };
}
