// Portico as a real process for the fault suite: `portico serve` on a free port against a given database,
// ready when /healthz answers, killed for real (SIGKILL, SIGTERM), its RSS read from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../privatePostgres.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "portico.mjs");
export const FAULT_SECRET_KEY = "cd".repeat(32);

export interface Instance {
  port: number;
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resident memory in bytes, from /proc (Linux). */
  rss(): number;
  kill(signal: NodeJS.Signals): void;
}

export async function startInstance(options: {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [BIN, "serve"], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY: FAULT_SECRET_KEY,
      LOG_LEVEL: "warn",
      DATA_DIR: mkdtempSync(join(tmpdir(), "portico-fault-")),
      API_RATE_LIMIT: "10000000",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && !gone; i++) {
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) {
      return {
        port,
        url,
        child,
        exited,
        output: () => output,
        rss: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
          return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
        },
        kill: (signal) => child.kill(signal),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`portico did not start on port ${port}:\n${output}`);
}
