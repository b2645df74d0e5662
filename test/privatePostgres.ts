// A PostgreSQL cluster of the test's own (initdb into a temporary folder, a free port), so fault tests can
// stop, restart and terminate it without touching the machine's server.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

function binaries(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, "bin");
    if (existsSync(join(bin, "initdb")) && existsSync(join(bin, "pg_ctl"))) return bin;
  }
  return null;
}

/** Whether this machine has PostgreSQL's server programs (initdb, pg_ctl) for a private cluster. */
export function hasPostgresServer(): boolean {
  return binaries() !== null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
function asServerUser(bin: string, args: string[]) {
  return process.getuid?.() === 0 ? run("runuser", ["-u", "postgres", "--", bin, ...args]) : run(bin, args);
}

export interface PrivatePostgres {
  port: number;
  /** A connection string to `database` (created by createDatabase) on this cluster. */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  start(): Promise<void>;
  /** `fast` disconnects every client; `immediate` is a crash (recovery on the next start). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** pg_terminate_backend on every client of `database` but ourselves; returns how many. */
  terminateBackends(database: string, filter?: string): Promise<number>;
  destroy(): Promise<void>;
}

/** Starts a private cluster, or answers null when PostgreSQL's server programs are not installed. */
export async function startPrivatePostgres(): Promise<PrivatePostgres | null> {
  const bin = binaries();
  if (!bin) return null;
  const folder = mkdtempSync(join(tmpdir(), "portico-pg-"));
  if (process.getuid?.() === 0) chownSync(folder, ...postgresIds());
  const data = join(folder, "data");
  const port = await freePort();
  await asServerUser(join(bin, "initdb"), [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pgCtl = (args: string[]) => asServerUser(join(bin, "pg_ctl"), ["-D", data, ...args]);
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;

  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url() });
    client.on("error", () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => {});
    }
  };

  const cluster: PrivatePostgres = {
    port,
    url,
    async createDatabase(name) {
      await admin((client) => client.query(`create database ${name}`));
      return url(name);
    },
    async start() {
      await pgCtl(["-o", options, "-l", join(folder, "log"), "-w", "-t", "60", "start"]);
    },
    async stop(mode = "fast") {
      await pgCtl(["-m", mode, "-w", "-t", "60", "stop"]);
    },
    async terminateBackends(database, filter = "") {
      return admin(async (client) => {
        const result = await client.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
            where datname = $1 and pid <> pg_backend_pid() ${filter}`,
          [database],
        );
        return result.rowCount ?? 0;
      });
    },
    async destroy() {
      await pgCtl(["-m", "immediate", "-w", "stop"]).catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

function postgresIds(): [number, number] {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("no postgres user to run the private cluster as");
  const [, , uid, gid] = line.split(":");
  return [Number(uid), Number(gid)];
}
