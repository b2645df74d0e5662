// Teammate invitations: a one-time link (stored hashed) with which an invited person sets a password.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

const now = "bigint"; // unix milliseconds

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("teammate_invites")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("invited_by", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("expires_at", now, (c) => c.notNull())
    .addColumn("accepted_at", now)
    .addColumn("revoked_at", now)
    .addPrimaryKeyConstraint("teammate_invites_pk", ["workspace_id", "id"])
    .execute();
  await db.schema
    .createIndex("teammate_invites_token")
    .on("teammate_invites")
    .columns(["workspace_id", "token_hash"])
    .unique()
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("teammate_invites").execute();
}
