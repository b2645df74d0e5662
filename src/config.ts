// Environment variables -> a typed, validated Config; a bad value stops start-up with one line.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export type DatabaseConfig =
  | {
      dialect: "sqlite";
      file: string;
      synchronous: "full" | "normal";
      /** How long a write waits for another process's writer lock before 503. Default 5 s. */
      busyTimeoutMs?: number;
    }
  | {
      dialect: "postgres";
      url: string;
      poolSize: number;
      /** How long a new connection (or a free one from the pool) may take; then 503. Default 5 s. */
      connectTimeoutMs?: number;
      /** A statement running longer is cancelled by the server; then 503. Default 30 s, 0 = none. */
      statementTimeoutMs?: number;
    };

export interface Config {
  port: number;
  /**
   * HOST: the address to listen on. "localhost" (127.0.0.1 and ::1) unless set: a fresh install prints
   * the demo admin's password, so it answers this machine only until someone decides otherwise.
   */
  host: string;
  publicUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  /** 32 bytes; encrypts identity secrets at rest and keys other server-side MACs. */
  secretKey: Buffer;
  logLevel: LogLevel;
  /** PORTICO_ALLOW_HTTP=1: HTTP custom domains count as secure (local demos and tests only). */
  allowHttp: boolean;
  /** The slug the demo workspace is seeded under and the start page looks for ("demo"; tests vary it). */
  demoSlug: string;
  /** REDIS_URL: shared rate-limit counters for several instances; absent: counters in this process. */
  redisUrl: string | null;
  /** API requests allowed per token in each 10-second window. */
  apiRateLimit: number;
  /** "outbox": tail the events table (one instance); "postgres": LISTEN/NOTIFY (any number). */
  eventBus: "outbox" | "postgres";
  /** Live (SSE) connections this process accepts at most. */
  maxLiveConnections: number;
  /** Outbox events older than this are pruned. */
  outboxRetentionDays: number;
  /**
   * TRUST_PROXY: whether X-Forwarded-For/-Proto/-Host are believed (Fastify's trustProxy). `false`
   * unless a TLS proxy sits in front: `true` (1) trusts any hop, or a list of proxy addresses/CIDRs.
   */
  trustProxy: boolean | string[];
  /** SMTP_URL (smtp:// or smtps://) for e-mailed sign-in links; null writes the link to the server log. */
  smtpUrl: string | null;
  /** MAIL_FROM: the From address of the e-mails Portico sends. */
  mailFrom: string;
  /** Limits on anonymous and guessing paths (429 with Retry-After beyond them). */
  abuseLimits: AbuseLimits;
  /** A request (headers and body) must arrive within this; slower clients are cut off (408). */
  requestTimeoutMs: number;
  /** Open connections one client address may hold at once (0: no cap; off behind a trusted proxy). */
  maxConnectionsPerIp: number;
  /**
   * An Idempotency-Key run still unfinished after this long is taken to have died with its process, so
   * a retry runs it again (if the first was only slow, it is the one that rolls back). Default 60 s.
   */
  idempotencyLockMs: number;
}

/** A fixed-window limit: at most `max` in each `windowSeconds`. */
export interface Limit {
  max: number;
  windowSeconds: number;
}

/**
 * The limits on paths anyone can call without an account, or that take guesses at a secret. Failures
 * count where a guess is the abuse (a wrong JWT, link or invite); creations where the volume is (leads,
 * anonymous conversations, e-mails). `ABUSE_LIMIT_SCALE` multiplies every `max` (load tests, big NATs).
 */
export const DEFAULT_ABUSE_LIMITS = {
  /** Teammate sign-ins with a wrong password, per address (the per-account lockout stays beside it). */
  sign_in_failures_per_ip: { max: 50, windowSeconds: 600 },
  /** Help Center JWT single sign-on refused, per address and per workspace. */
  sso_failures_per_ip: { max: 30, windowSeconds: 600 },
  sso_failures_per_workspace: { max: 600, windowSeconds: 600 },
  /** One-time sign-in link e-mails asked for, per e-mail address, per address and per workspace. */
  link_emails_per_address: { max: 5, windowSeconds: 3600 },
  link_emails_per_ip: { max: 20, windowSeconds: 600 },
  link_emails_per_workspace: { max: 1000, windowSeconds: 3600 },
  /** One-time links (sign-in, invitation) that did not work, per address. */
  link_failures_per_ip: { max: 30, windowSeconds: 600 },
  invite_failures_per_ip: { max: 30, windowSeconds: 600 },
  /** Anonymous Messenger visitors made (new leads), per address and per workspace. */
  new_leads_per_ip: { max: 60, windowSeconds: 600 },
  new_leads_per_workspace: { max: 3000, windowSeconds: 600 },
  /** Messenger boots whose identity proof failed, per address. */
  boot_failures_per_ip: { max: 30, windowSeconds: 600 },
  /** Conversations opened by anonymous visitors: per visitor, per address, per workspace. */
  lead_conversations_per_visitor: { max: 10, windowSeconds: 3600 },
  lead_conversations_per_ip: { max: 30, windowSeconds: 3600 },
  lead_conversations_per_workspace: { max: 3000, windowSeconds: 3600 },
  /** Cookie-forwarding reports from Help Center pages, per address. */
  cookie_reports_per_ip: { max: 60, windowSeconds: 600 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof DEFAULT_ABUSE_LIMITS;
export type AbuseLimits = Record<LimitName, Limit>;

export function scaledAbuseLimits(scale: number, base: AbuseLimits = DEFAULT_ABUSE_LIMITS): AbuseLimits {
  return Object.fromEntries(
    Object.entries(base).map(([name, limit]) => [name, { ...limit, max: Math.ceil(limit.max * scale) }]),
  ) as AbuseLimits;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${raw}`);
  return value;
}

function databaseConfig(env: Env, dataDir: string): DatabaseConfig {
  const url = env.DATABASE_URL;
  const synchronous = (env.SQLITE_SYNCHRONOUS ?? "full").toLowerCase();
  if (synchronous !== "full" && synchronous !== "normal") {
    throw new ConfigError(`SQLITE_SYNCHRONOUS must be "full" or "normal", got "${env.SQLITE_SYNCHRONOUS}"`);
  }
  if (url === undefined || url === "") {
    return { dialect: "sqlite", file: join(dataDir, "portico.db"), synchronous };
  }
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\//, "");
    if (file === "") throw new ConfigError(`DATABASE_URL "${url}" names no SQLite file`);
    return { dialect: "sqlite", file: file === ":memory:" ? file : resolve(file), synchronous };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid URL: "${url}"`);
    }
    return {
      dialect: "postgres",
      url,
      poolSize: integer(env, "DATABASE_POOL_SIZE", 10, 1, 500),
      connectTimeoutMs: integer(env, "DATABASE_CONNECT_TIMEOUT_MS", 5000, 100, 600_000),
      statementTimeoutMs: integer(env, "DATABASE_STATEMENT_TIMEOUT_MS", 30_000, 0, 3_600_000),
    };
  }
  throw new ConfigError(`DATABASE_URL must start with postgres://, postgresql:// or sqlite:, got "${url}"`);
}

function publicUrl(env: Env, port: number): string {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === "") return `http://localhost:${port}`;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL is not a valid URL: "${raw}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(`PUBLIC_URL must be http or https, got "${raw}"`);
  }
  return parsed.origin + parsed.pathname.replace(/\/+$/, "");
}

function eventBus(env: Env, database: DatabaseConfig): Config["eventBus"] {
  const raw = env.EVENT_BUS ?? "";
  if (raw === "") return database.dialect === "postgres" ? "postgres" : "outbox";
  if (raw !== "outbox" && raw !== "postgres")
    throw new ConfigError(`EVENT_BUS must be "outbox" or "postgres", got "${raw}"`);
  if (raw === "postgres" && database.dialect !== "postgres")
    throw new ConfigError("EVENT_BUS=postgres needs a PostgreSQL DATABASE_URL");
  return raw;
}

function redisUrl(env: Env): string | null {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === "") return null;
  if (!/^rediss?:\/\//.test(raw))
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${raw}"`);
  return raw;
}

/** SECRET_KEY from the environment (64 hex chars), else kept in `<dataDir>/secret.key`, made once. */
function secretKey(env: Env, dataDir: string): Buffer {
  const raw = env.SECRET_KEY;
  if (raw !== undefined && raw !== "") {
    if (!/^[0-9a-fA-F]{64}$/.test(raw)) {
      throw new ConfigError(
        "SECRET_KEY must be 64 hexadecimal characters (32 bytes); try: openssl rand -hex 32",
      );
    }
    return Buffer.from(raw, "hex");
  }
  const file = join(dataDir, "secret.key");
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (!/^[0-9a-f]{64}$/.test(stored)) throw new ConfigError(`${file} is not a valid secret key file`);
    return Buffer.from(stored, "hex");
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return key;
}

function trustProxy(env: Env): boolean | string[] {
  const raw = (env.TRUST_PROXY ?? "").trim();
  if (raw === "" || raw === "0") return false;
  if (raw === "1") return true;
  const hops = raw.split(",").map((h) => h.trim());
  if (hops.some((h) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(h))) {
    throw new ConfigError(
      `TRUST_PROXY must be 0, 1 or a comma-separated list of IP addresses/CIDRs, got "${raw}"`,
    );
  }
  return hops;
}

function smtpUrl(env: Env): string | null {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`SMTP_URL is not a valid URL: "${raw}"`);
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, "PORT", 3000, 0, 65535);
  const dataDir = resolve(env.DATA_DIR || "./data");
  const logLevel = (env.LOG_LEVEL || "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  }
  const allowHttpRaw = env.PORTICO_ALLOW_HTTP ?? "";
  if (!["", "0", "1"].includes(allowHttpRaw)) {
    throw new ConfigError(`PORTICO_ALLOW_HTTP must be 0 or 1, got "${allowHttpRaw}"`);
  }
  const database = databaseConfig(env, dataDir);
  return {
    port,
    host: env.HOST || "localhost",
    publicUrl: publicUrl(env, port),
    dataDir,
    database,
    secretKey: secretKey(env, dataDir),
    logLevel,
    allowHttp: allowHttpRaw === "1",
    demoSlug: "demo",
    redisUrl: redisUrl(env),
    apiRateLimit: integer(env, "API_RATE_LIMIT", 1000, 1, 10_000_000),
    eventBus: eventBus(env, database),
    maxLiveConnections: integer(env, "MAX_LIVE_CONNECTIONS", 20_000, 1, 1_000_000),
    outboxRetentionDays: integer(env, "OUTBOX_RETENTION_DAYS", 7, 1, 3650),
    trustProxy: trustProxy(env),
    smtpUrl: smtpUrl(env),
    mailFrom: env.MAIL_FROM || `Portico <no-reply@${new URL(publicUrl(env, port)).hostname}>`,
    abuseLimits: scaledAbuseLimits(integer(env, "ABUSE_LIMIT_SCALE", 1, 1, 1_000_000)),
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", 30_000, 1000, 3_600_000),
    maxConnectionsPerIp: integer(env, "MAX_CONNECTIONS_PER_IP", 256, 0, 1_000_000),
    idempotencyLockMs: integer(env, "IDEMPOTENCY_LOCK_MS", 60_000, 500, 3_600_000),
  };
}
