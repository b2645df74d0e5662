// A Portico server in its own process for benchmarks: a SQLite file prepared by the caller, a free
// port, the same environment `npm start` would use, ready when /healthz answers.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "bin", "portico.mjs");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface Instance {
  port: number;
  stop(): void;
}

export async function startInstance(options: {
  file: string;
  dataDir: string;
  secretKey: string;
  synchronous: "full" | "normal";
}): Promise<Instance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve"], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: `sqlite:${options.file}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY: options.secretKey,
      LOG_LEVEL: "warn",
      DATA_DIR: options.dataDir,
      API_RATE_LIMIT: "10000000",
      SQLITE_SYNCHRONOUS: options.synchronous,
    },
    stdio: "inherit",
  });
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { port, stop: () => child.kill("SIGTERM") };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error("the benchmark instance did not start");
}
