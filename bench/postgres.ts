// PostgreSQL databases of the benchmarks: whether the server answers, and creating, cloning and
// dropping the databases they own (always named portico_bench_*).
import pg from "pg";

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const OWNED = /^portico_bench_[a-z0-9_]+$/;

export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function databaseName(url: string): string {
  return new URL(url).pathname.replace(/^\//, "");
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function postgresAnswers(): Promise<boolean> {
  try {
    await withAdmin((client) => client.query("select 1"));
    return true;
  } catch {
    return false;
  }
}

function checkOwned(name: string): void {
  if (!OWNED.test(name))
    throw new Error(`refusing to touch database "${name}": not a portico_bench_* database`);
}

/** Creates an empty database, or a copy of `template` (which must have no open connections). */
export async function createDatabase(name: string, template?: string): Promise<string> {
  checkOwned(name);
  await withAdmin(async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  });
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  checkOwned(name);
  await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
}

export async function databaseExists(name: string): Promise<boolean> {
  return withAdmin(async (client) => {
    const { rows } = await client.query("select 1 from pg_database where datname = $1", [name]);
    return rows.length > 0;
  });
}

export async function databaseSize(name: string): Promise<number> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ size: string }>("select pg_database_size($1) as size", [name]);
    return Number(rows[0]!.size);
  });
}

/** Whether any connection to `name` other than the asking one is running a query. */
export async function databaseBusy(name: string): Promise<boolean> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity
       where datname = $1 and state <> 'idle' and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      [name],
    );
    return Number(rows[0]!.n) > 0;
  });
}
