// Identity: sign-in throttling, Messenger CORS origins, cookie-forwarding status, SSO replay and e-mail links.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

const now = "bigint"; // unix milliseconds

export async function up(db: Db): Promise<void> {
  // One counter per account, changed by single conditional UPDATEs so a lockout holds under parallel
  // attempts and across instances.
  await db.schema
    .alterTable("teammates")
    .addColumn("sign_in_failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("teammates").addColumn("sign_in_locked_until", now).execute();

  await db.schema
    .alterTable("workspaces")
    .addColumn("messenger_allowed_origins", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .alterTable("workspaces")
    .addColumn("cookie_forwarding_status", "text", (c) => c.notNull().defaultTo("unknown"))
    .execute();
  await db.schema.alterTable("workspaces").addColumn("cookie_forwarding_cause", "text").execute();
  await db.schema.alterTable("workspaces").addColumn("cookie_forwarding_checked_at", now).execute();

  await db.schema
    .createIndex("sessions_teammate")
    .on("sessions")
    .columns(["workspace_id", "teammate_id"])
    .execute();

  await db.schema
    .createTable("sso_jtis")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("jti", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("expires_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("sso_jtis_pk", ["workspace_id", "jti"])
    .execute();
  await db.schema.createIndex("sso_jtis_expiry").on("sso_jtis").column("expires_at").execute();

  await db.schema
    .createTable("sign_in_links")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("expires_at", now, (c) => c.notNull())
    .addColumn("used_at", now)
    .addPrimaryKeyConstraint("sign_in_links_pk", ["workspace_id", "token_hash"])
    .addForeignKeyConstraint(
      "sign_in_links_contact_fk",
      ["workspace_id", "contact_id"],
      "contacts",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema.createIndex("sign_in_links_expiry").on("sign_in_links").column("expires_at").execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("sign_in_links").execute();
  await db.schema.dropTable("sso_jtis").execute();
  await db.schema.dropIndex("sessions_teammate").execute();
  for (const column of [
    "cookie_forwarding_checked_at",
    "cookie_forwarding_cause",
    "cookie_forwarding_status",
    "messenger_allowed_origins",
  ]) {
    await db.schema.alterTable("workspaces").dropColumn(column).execute();
  }
  await db.schema.alterTable("teammates").dropColumn("sign_in_locked_until").execute();
  await db.schema.alterTable("teammates").dropColumn("sign_in_failures").execute();
}
