// Safe retries and shared abuse limits: Idempotency-Key answers kept per workspace for a day, and rate
// limit counters in the database (for several instances without Redis).
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

const now = "bigint"; // unix milliseconds

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable("idempotency_keys")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    // Who sent it, to which route, with which body: a retry must match it exactly.
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull()) // running | done
    // Which run holds a running claim: only that run may store its answer (a run taken over may not).
    .addColumn("owner", "text", (c) => c.notNull())
    // A running claim older than this belongs to a request that died (its transaction never committed).
    .addColumn("locked_until", now, (c) => c.notNull())
    .addColumn("response_status", "integer")
    .addColumn("response_type", "text")
    .addColumn("response_body", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("expires_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["workspace_id", "key"])
    .execute();
  await db.schema
    .createIndex("idempotency_keys_expiry")
    .on("idempotency_keys")
    .column("expires_at")
    .execute();

  await db.schema
    .createTable("rate_limit_hits")
    // A workspace's id, or "*" for limits that span workspaces (per address, before a workspace is known).
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("window_start", now, (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("expires_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("rate_limit_hits_pk", ["workspace_id", "key", "window_start"])
    .execute();
  await db.schema.createIndex("rate_limit_hits_expiry").on("rate_limit_hits").column("expires_at").execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable("rate_limit_hits").execute();
  await db.schema.dropTable("idempotency_keys").execute();
}
