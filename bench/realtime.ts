// Live updates: how long one state change takes to reach 1,000 connected portal viewers (next to a
// bare SSE broadcast in its own process), and the server's RSS while 10,000 idle streams are open.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { portalCookieName } from "../src/http/helpcenter/helpCenter.routes.ts";
import type { Instance } from "./instance.ts";

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Reader {
  path: string;
  headers: Record<string, string>;
}

/** Opens an SSE stream over its own socket; calls onEvent with each event's name and data line. */
function connect(
  port: number,
  reader: Reader,
  onEvent: (event: string, data: string) => void,
  onError: (error: Error) => void,
) {
  return new Promise<http.ClientRequest>((resolve, reject) => {
    const request = http.get(
      {
        host: "127.0.0.1",
        port,
        path: reader.path,
        headers: { accept: "text/event-stream", ...reader.headers },
        agent: false,
      },
      (response) => {
        response.on("error", (error) => onError(error));
        response.setEncoding("utf8");
        if (response.statusCode !== 200) {
          let body = "";
          response.on("data", (chunk: string) => (body += chunk));
          response.on("end", () => {
            request.destroy();
            reject(new Error(`stream ${reader.path} answered ${response.statusCode}: ${body.slice(0, 200)}`));
          });
          return;
        }
        let buffer = "";
        response.on("data", (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) onEvent(event, data);
          }
        });
        resolve(request);
      },
    );
    let connected = false;
    request.on("response", () => (connected = true));
    request.on("error", (error) => (connected ? onError(error) : reject(error)));
  });
}

/** Connects every reader, `parallel` at a time. */
async function connectAll(
  port: number,
  readers: Reader[],
  onEvent: (event: string, data: string) => void,
  parallel = 100,
): Promise<{ streams: http.ClientRequest[]; errors: string[] }> {
  const streams: http.ClientRequest[] = [];
  const errors: string[] = [];
  // A stream that breaks after it opened is counted, not fatal: the figures say how many did.
  const onError = (error: Error) => void errors.push(error.message);
  for (let i = 0; i < readers.length; i += parallel) {
    const batch = await Promise.allSettled(
      readers.slice(i, i + parallel).map((r) => connect(port, r, onEvent, onError)),
    );
    for (const outcome of batch) if (outcome.status === "fulfilled") streams.push(outcome.value);
    const failed = batch.find((outcome) => outcome.status === "rejected");
    if (failed) {
      for (const stream of streams) stream.destroy();
      const reason = failed.reason as Error;
      throw new Error(`${streams.length} of ${readers.length} streams opened, then: ${reason.message}`);
    }
  }
  return { streams, errors };
}

export interface Round {
  trigger(round: number): Promise<void>;
  /** Whether a reader's event is this round's change. */
  matches(event: string, data: string, round: number): boolean;
}

export interface Delivery {
  p50: number;
  p99: number;
  max: number;
  deliveries: number;
  rounds: number;
  /** Streams that broke during the measurement. */
  broken: number;
}

/** Connects the readers, makes `rounds` changes one after another and times each arrival. */
export async function measureDelivery(
  port: number,
  readers: Reader[],
  round: Round,
  rounds: number,
): Promise<Delivery> {
  const arrivals: number[][] = Array.from({ length: rounds }, () => []);
  let current = -1;
  let started = 0;
  let waiting: (() => void) | undefined;
  const { streams, errors } = await connectAll(port, readers, (event, data) => {
    if (current >= 0 && round.matches(event, data, current)) {
      arrivals[current]!.push(performance.now() - started);
      if (arrivals[current]!.length === readers.length) waiting?.();
    }
  });
  try {
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < rounds; i++) {
      const done = new Promise<void>((resolve) => (waiting = resolve));
      current = i;
      started = performance.now();
      await round.trigger(i);
      await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
      if (arrivals[i]!.length < readers.length) {
        throw new Error(
          `round ${i}: only ${arrivals[i]!.length} of ${readers.length} readers got the change` +
            (errors.length > 0 ? `; ${errors.length} streams broke (${errors[0]})` : ""),
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    for (const stream of streams) stream.destroy();
  }
  const all = arrivals.flat().sort((a, b) => a - b);
  return {
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    max: all[all.length - 1]!,
    deliveries: all.length,
    rounds,
    broken: errors.length,
  };
}

/** The same measurement against the bare broadcast server of bench/bare.ts. */
export function bareDelivery(bare: Instance, readers: number, rounds: number): Promise<Delivery> {
  return measureDelivery(
    bare.port,
    Array.from({ length: readers }, () => ({ path: "/events", headers: {} })),
    {
      trigger: async (round) => {
        await fetch(`http://127.0.0.1:${bare.port}/trigger?round=${round}`, { method: "POST" });
      },
      matches: (event, data, round) => event === "ticket" && data.includes(`"round":${round}`),
    },
    rounds,
  );
}

/** Portal readers on the workspace's Help Center host, one per session. */
export function portalReaders(workspace: { id: string; host: string }, sessions: string[]): Reader[] {
  return sessions.map((session) => ({
    path: "/events",
    headers: { host: workspace.host, cookie: `${portalCookieName(workspace.id)}=${session}` },
  }));
}

/** Opens the streams and leaves them idle; returns the server's RSS before and with them open. */
export async function idleStreams(instance: Instance, readers: Reader[]) {
  const before = await instance.read();
  const { streams, errors } = await connectAll(instance.port, readers, () => {}, 200);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const open = await instance.read();
    return {
      beforeMb: before.rssMb,
      openMb: open.rssMb,
      streams: streams.length - errors.length,
      broken: errors.length,
    };
  } finally {
    for (const stream of streams) stream.destroy();
  }
}
