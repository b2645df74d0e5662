// The `portico` command line: start | serve | migrate | seed-demo | workspace create | update |
// rotate-secret | revoke-secret.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { openDatabase, type DatabaseHandle } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { isConnectionFailure } from "./db/resilience.ts";
import { DomainError } from "./domain/errors.ts";
import { ensureWebBuilt } from "./http/webAssets.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "./identity/apiTokens.ts";
import { readDemoCredentials, writeDemoCredentials } from "./domain/workspaces/demoCredentials.ts";
import { demoProductUrl, seedDemoWorkspace } from "./domain/workspaces/demoWorkspace.ts";
import { countWorkspaces, findWorkspaceBySlug } from "./domain/workspaces/workspace.repository.ts";
import {
  createWorkspace,
  PortalPrerequisitesError,
  updateWorkspaceSettings,
  type WorkspaceSettingsChanges,
} from "./domain/workspaces/workspaceCommands.ts";
import { helpCenterUrl, presentWorkspaceSettings } from "./domain/workspaces/workspace.presenter.ts";
import { findFirstAdmin } from "./domain/teammates/teammate.repository.ts";
import type { Workspace } from "./db/schema.ts";
import {
  listIdentitySecrets,
  revokeIdentitySecret,
  revokePreviousIdentitySecrets,
  rotateIdentitySecret,
} from "./domain/workspaces/identitySecrets.ts";

const USAGE = `Usage: portico <command> [options]

Commands:
  start                      migrate, seed the demo workspace on an empty database, serve
  serve                      migrate and serve
  migrate                    apply database migrations
  seed-demo                  create the demo workspace
  workspace create --name N --admin-email E --admin-password P [--slug S] [--json]
  workspace update <slug> [--name N] [--help-center-domain D] [--https on|off]
                   [--help-center-live on|off] [--cookie-domain D] [--identity-enforced on|off]
                   [--portal on|off] [--messenger-origins O1,O2] [--json]
  workspace rotate-secret <slug> [--json]
                             new identity secret (shown once); the previous one stays valid
  workspace revoke-secret <slug> (--previous | --id ID)
                             revoke the secrets older than the newest, or one by id
  token create <slug> [--name N] [--json]   a new API token (shown once)
  token list <slug>                         the workspace's tokens (never their values)
  token revoke <slug> <token-id>            revoke a token at once

Environment: PORT, HOST, DATABASE_URL, PUBLIC_URL, SECRET_KEY, DATA_DIR, LOG_LEVEL, TRUST_PROXY,
SMTP_URL, MAIL_FROM, PORTICO_ALLOW_HTTP (see README).`;

class UsageError extends Error {}

type OptionSpec = Record<string, { type: "string" | "boolean" }>;
type ParsedValues<T extends OptionSpec> = {
  [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : string;
};

function parse<T extends OptionSpec>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({
      args,
      options: options as ParseArgsConfig["options"],
      allowPositionals: positionals > 0,
      strict: true,
    });
    if (parsed.positionals.length !== positionals) {
      throw new UsageError(`expected ${positionals} argument(s), got ${parsed.positionals.length}`);
    }
    return { values: parsed.values as ParsedValues<T>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function onOff(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "on") return true;
  if (value === "off") return false;
  throw new UsageError(`--${name} takes "on" or "off", got "${value}"`);
}

async function withDatabase<T>(config: Config, run: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    return await run(database);
  } finally {
    await database.destroy();
  }
}

function printDemo(config: Config, demo: Workspace, adminEmail: string, adminPassword?: string) {
  const password =
    adminPassword ?? readDemoCredentials(config.dataDir)?.password ?? "(printed when the demo was seeded)";
  const product = demoProductUrl(demo, config);
  const listening =
    config.host === "localhost"
      ? "this machine only (HOST=localhost)"
      : `${config.host} (HOST): other machines may reach it`;
  console.log(`
  Portico is running at ${config.publicUrl}/ — listening on ${listening}
    start page        ${config.publicUrl}/   (clicks from there reach everything below)
    Help Desk         ${config.publicUrl}/app
    demo product      ${product ? `${product}/` : "(no cookie domain set)"}
    Help Center       ${helpCenterUrl(demo, config)}/
    health            ${config.publicUrl}/healthz
  Demo workspace sign-in (Help Desk teammate):
    e-mail            ${adminEmail}
    password          ${password}
`);
}

/** Database state changes for the server log: one line each, the cause's message beside it. */
function logDatabase(message: string, error?: unknown): void {
  const cause = error instanceof Error ? `: ${error.message}` : "";
  console.warn(`[database] ${message}${cause}`);
}

/**
 * Migrates, waiting up to a minute for a database that is not up yet (a server started beside its
 * database, or while it restarts) instead of failing at the first refused connection.
 */
async function migrateWhenReachable(database: DatabaseHandle) {
  const giveUpAt = Date.now() + 60_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await migrateToLatest(database.db);
    } catch (error) {
      const lost = isConnectionFailure(error) || isConnectionFailure((error as { cause?: unknown }).cause);
      if (!lost || Date.now() > giveUpAt) throw error;
      if (attempt === 0) logDatabase("not reachable yet; waiting for it", error);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function serve(config: Config, options: { seedDemo: boolean }): Promise<void> {
  const database = openDatabase(config.database, { log: logDatabase, probeIntervalMs: 500 });
  const { applied } = await migrateWhenReachable(database);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);
  let demo: { workspace: Workspace; adminEmail: string; adminPassword?: string } | undefined;
  if (options.seedDemo && (await countWorkspaces(database.db)) === 0) {
    const seeded = await seedDemoWorkspace(database.db, config.secretKey, config.demoSlug);
    writeDemoCredentials(config.dataDir, { email: seeded.adminEmail, password: seeded.adminPassword });
    console.log(`Seeded the demo workspace "${seeded.workspace.name}".`);
    demo = seeded;
  } else if (options.seedDemo) {
    const workspace = await findWorkspaceBySlug(database.db, config.demoSlug);
    const admin = workspace ? await findFirstAdmin(database.db, workspace.id) : undefined;
    if (workspace && admin) demo = { workspace, adminEmail: admin.email };
  }
  await ensureWebBuilt();
  const app = await buildApp({ config, database });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal} received: finishing open requests and closing.`);
    let step = "finishing open requests";
    const force = setTimeout(() => {
      console.error(`Shutdown still ${step} after 10 s: exiting anyway.`);
      process.exit(1);
    }, 10_000);
    force.unref();
    await app.close();
    step = "closing the database";
    await database.destroy();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ port: config.port, host: config.host });
  if (demo) printDemo(config, demo.workspace, demo.adminEmail, demo.adminPassword);
  else console.log(`Portico is running at ${config.publicUrl}/`);
}

async function workspaceCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "create") {
    const { values } = parse(rest, {
      name: { type: "string" },
      slug: { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      "admin-name": { type: "string" },
      json: { type: "boolean" },
    });
    if (!values.name || !values["admin-email"] || !values["admin-password"]) {
      throw new UsageError("workspace create needs --name, --admin-email and --admin-password");
    }
    const created = await withDatabase(config, ({ db }) =>
      db.transaction().execute((trx) =>
        createWorkspace(trx, config.secretKey, {
          name: values.name!,
          slug: values.slug,
          admin: {
            email: values["admin-email"]!,
            password: values["admin-password"]!,
            name: values["admin-name"],
          },
        }),
      ),
    );
    const output = {
      workspace: { id: created.workspace.id, slug: created.workspace.slug, name: created.workspace.name },
      api_token: created.apiToken,
      identity_secret: created.identitySecret,
      help_center_url: `${config.publicUrl}/help/${created.workspace.slug}`,
    };
    if (values.json) console.log(JSON.stringify(output));
    else {
      console.log(
        `Created workspace "${output.workspace.name}" (id ${output.workspace.id}, slug ${output.workspace.slug}).`,
      );
      console.log(`API token (shown once):         ${output.api_token}`);
      console.log(`Identity secret (shown once):   ${output.identity_secret}`);
      console.log(`Help Center:                    ${output.help_center_url}`);
    }
    return 0;
  }
  if (sub === "update") {
    const { values, positionals } = parse(
      rest,
      {
        name: { type: "string" },
        "help-center-domain": { type: "string" },
        https: { type: "string" },
        "help-center-live": { type: "string" },
        "cookie-domain": { type: "string" },
        "identity-enforced": { type: "string" },
        portal: { type: "string" },
        "messenger-origins": { type: "string" },
        json: { type: "boolean" },
      },
      1,
    );
    const changes: WorkspaceSettingsChanges = {
      name: values.name,
      helpCenterDomain: values["help-center-domain"],
      cookieDomain: values["cookie-domain"],
      helpCenterHttps: onOff("https", values.https),
      helpCenterLive: onOff("help-center-live", values["help-center-live"]),
      identityEnforced: onOff("identity-enforced", values["identity-enforced"]),
      portalEnabled: onOff("portal", values.portal),
      messengerAllowedOrigins:
        values["messenger-origins"] === undefined
          ? undefined
          : values["messenger-origins"]
              .split(",")
              .map((o) => o.trim())
              .filter((o) => o !== ""),
    };
    const slug = positionals[0]!;
    const updated = await withDatabase(config, async ({ db }) => {
      const workspace = await findWorkspaceBySlug(db, slug);
      if (!workspace) throw new DomainError("not_found", `no workspace with slug "${slug}"`);
      return db
        .transaction()
        .execute((trx) =>
          updateWorkspaceSettings(trx, workspace.id, changes, { allowHttp: config.allowHttp }),
        );
    });
    const settings = presentWorkspaceSettings(updated, config);
    if (values.json) console.log(JSON.stringify(settings));
    else console.log(`Updated workspace ${updated.slug}.`);
    return 0;
  }
  if (sub === "rotate-secret") {
    const { values, positionals } = parse(rest, { json: { type: "boolean" } }, 1);
    const slug = positionals[0]!;
    const rotated = await withDatabase(config, async ({ db }) => {
      const workspace = await findWorkspaceBySlug(db, slug);
      if (!workspace) throw new DomainError("not_found", `no workspace with slug "${slug}"`);
      return db.transaction().execute(async (trx) => {
        const created = await rotateIdentitySecret(trx, config.secretKey, workspace.id);
        return { ...created, active: await listIdentitySecrets(trx, workspace.id) };
      });
    });
    const output = {
      identity_secret: rotated.secret,
      secret_id: rotated.id,
      active_secrets: rotated.active.map((s) => ({ id: s.id, created_at: Math.floor(s.createdAt / 1000) })),
    };
    if (values.json) console.log(JSON.stringify(output));
    else {
      console.log(`New identity secret (shown once): ${output.identity_secret}`);
      console.log(`Both secrets verify until you run: portico workspace revoke-secret ${slug} --previous`);
    }
    return 0;
  }
  if (sub === "revoke-secret") {
    const { values, positionals } = parse(rest, { previous: { type: "boolean" }, id: { type: "string" } }, 1);
    if (!values.previous === !values.id)
      throw new UsageError("revoke-secret needs exactly one of --previous or --id");
    const slug = positionals[0]!;
    const revoked = await withDatabase(config, async ({ db }) => {
      const workspace = await findWorkspaceBySlug(db, slug);
      if (!workspace) throw new DomainError("not_found", `no workspace with slug "${slug}"`);
      return db.transaction().execute(async (trx) => {
        if (values.id) {
          await revokeIdentitySecret(trx, workspace.id, values.id);
          return [values.id];
        }
        return revokePreviousIdentitySecrets(trx, workspace.id);
      });
    });
    console.log(
      revoked.length > 0 ? `Revoked: ${revoked.join(", ")}` : "Nothing to revoke: one secret is active.",
    );
    return 0;
  }
  throw new UsageError(`unknown workspace command "${sub ?? ""}"`);
}

async function tokenCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const workspaceOf = async (db: DatabaseHandle["db"], slug: string) => {
    const workspace = await findWorkspaceBySlug(db, slug);
    if (!workspace) throw new DomainError("not_found", `no workspace with slug "${slug}"`);
    return workspace;
  };
  if (sub === "create") {
    const { values, positionals } = parse(rest, { name: { type: "string" }, json: { type: "boolean" } }, 1);
    const created = await withDatabase(config, async ({ db }) => {
      const workspace = await workspaceOf(db, positionals[0]!);
      return createApiToken(db, workspace.id, values.name ?? "API token");
    });
    if (values.json) console.log(JSON.stringify({ id: created.id, token: created.token }));
    else console.log(`Token ${created.id} (shown once): ${created.token}`);
    return 0;
  }
  if (sub === "list") {
    const { positionals } = parse(rest, {}, 1);
    const tokens = await withDatabase(config, async ({ db }) =>
      listApiTokens(db, (await workspaceOf(db, positionals[0]!)).id),
    );
    for (const t of tokens) {
      const state = t.revoked_at ? `revoked ${new Date(t.revoked_at).toISOString()}` : "active";
      console.log(`${t.id}  ${t.name}  created ${new Date(t.created_at).toISOString()}  ${state}`);
    }
    return 0;
  }
  if (sub === "revoke") {
    const { positionals } = parse(rest, {}, 2);
    const revoked = await withDatabase(config, async ({ db }) =>
      revokeApiToken(db, (await workspaceOf(db, positionals[0]!)).id, positionals[1]!),
    );
    if (!revoked)
      throw new DomainError("not_found", `no active token ${positionals[1]} in workspace ${positionals[0]}`);
    console.log(`Revoked token ${positionals[1]}.`);
    return 0;
  }
  throw new UsageError(`unknown token command "${sub ?? ""}"`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`portico: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    switch (command) {
      case "start":
        parse(args, {});
        await serve(config, { seedDemo: true });
        return -1;
      case "serve":
        parse(args, {});
        await serve(config, { seedDemo: false });
        return -1;
      case "migrate": {
        parse(args, {});
        const database = openDatabase(config.database);
        const { applied } = await migrateToLatest(database.db).finally(() => database.destroy());
        console.log(applied.length > 0 ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
        return 0;
      }
      case "seed-demo": {
        parse(args, {});
        const demo = await withDatabase(config, async ({ db }) => {
          if (await findWorkspaceBySlug(db, config.demoSlug))
            throw new DomainError("conflict", "the demo workspace already exists");
          return seedDemoWorkspace(db, config.secretKey, config.demoSlug);
        });
        writeDemoCredentials(config.dataDir, { email: demo.adminEmail, password: demo.adminPassword });
        console.log(
          `Seeded the demo workspace. Sign in as ${demo.adminEmail} with password ${demo.adminPassword}`,
        );
        return 0;
      }
      case "workspace":
        return await workspaceCommand(config, args);
      case "token":
        return await tokenCommand(config, args);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`portico: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof PortalPrerequisitesError) {
      console.error("portico: the Tickets portal cannot be turned on until these are fixed:");
      for (const unmet of error.unmet) console.error(`  - ${unmet.prerequisite}: ${unmet.message}`);
      return 1;
    }
    if (error instanceof DomainError) {
      console.error(`portico: ${error.message}${error.field ? ` (${error.field})` : ""}`);
      return 1;
    }
    throw error;
  }
}
