// The initial schema: the whole data model of DESIGN.md with the indexes its queries need. Frozen.
import { PostgresAdapter, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

const now = "bigint"; // unix milliseconds
const flag = "integer"; // 0 | 1

export async function up(db: Db): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("workspaces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("help_center_domain", "text", (c) => c.unique())
    .addColumn("help_center_https", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("help_center_live", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("cookie_domain", "text")
    .addColumn("identity_enforced", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("portal_enabled", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("portal_access_rules", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("portal_home_card", flag, (c) => c.notNull().defaultTo(1))
    .addColumn("portal_home_card_position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("portal_member_visibility", "text", (c) => c.notNull().defaultTo("all"))
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("workspace_secrets")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("secret_ciphertext", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("revoked_at", now)
    .addPrimaryKeyConstraint("workspace_secrets_pk", ["workspace_id", "id"])
    .execute();

  await db.schema
    .createTable("teammates")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("teammates_pk", ["workspace_id", "id"])
    .execute();
  // Sign-in knows only an e-mail, so a teammate's e-mail identifies one account on the server.
  await db.schema.createIndex("teammates_email_unique").on("teammates").column("email").unique().execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("last_used_at", now)
    .addColumn("revoked_at", now)
    .addPrimaryKeyConstraint("api_tokens_pk", ["workspace_id", "id"])
    .addUniqueConstraint("api_tokens_hash_unique", ["workspace_id", "token_hash"])
    .execute();

  await db.schema
    .createTable("contacts")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("external_id", "text")
    .addColumn("email", "text")
    .addColumn("name", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("contacts_pk", ["workspace_id", "id"])
    .addUniqueConstraint("contacts_external_id_unique", ["workspace_id", "external_id"])
    .execute();
  await db.schema.createIndex("contacts_email").on("contacts").columns(["workspace_id", "email"]).execute();
  await db.schema
    .createIndex("contacts_updated")
    .on("contacts")
    .columns(["workspace_id", "updated_at desc", "id desc"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("teammate_id", "text")
    .addColumn("contact_id", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("last_used_at", now, (c) => c.notNull())
    .addColumn("expires_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("sessions_pk", ["workspace_id", "token_hash"])
    .addForeignKeyConstraint(
      "sessions_teammate_fk",
      ["workspace_id", "teammate_id"],
      "teammates",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "sessions_contact_fk",
      ["workspace_id", "contact_id"],
      "contacts",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema.createIndex("sessions_expiry").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("companies")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("plan", "text")
    .addColumn("size", "integer")
    .addColumn("website", "text")
    .addColumn("industry", "text")
    .addColumn("monthly_spend", isPostgres ? "double precision" : "real")
    .addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("portal_member_visibility", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("companies_pk", ["workspace_id", "id"])
    .addUniqueConstraint("companies_external_id_unique", ["workspace_id", "external_id"])
    .execute();
  await db.schema.createIndex("companies_name").on("companies").columns(["workspace_id", "name"]).execute();

  await db.schema
    .createTable("company_memberships")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("company_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("company_memberships_pk", ["workspace_id", "company_id", "contact_id"])
    .addForeignKeyConstraint(
      "company_memberships_company_fk",
      ["workspace_id", "company_id"],
      "companies",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "company_memberships_contact_fk",
      ["workspace_id", "contact_id"],
      "contacts",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("company_memberships_contact")
    .on("company_memberships")
    .columns(["workspace_id", "contact_id", "company_id"])
    .execute();

  await db.schema
    .createTable("conversations")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("open", flag, (c) => c.notNull().defaultTo(1))
    .addColumn("snoozed_until", now)
    .addColumn("admin_assignee_id", "text")
    .addColumn("created_by_contact_id", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("conversations_pk", ["workspace_id", "id"])
    .addForeignKeyConstraint(
      "conversations_assignee_fk",
      ["workspace_id", "admin_assignee_id"],
      "teammates",
      ["workspace_id", "id"],
    )
    .execute();
  await db.schema
    .createIndex("conversations_updated")
    .on("conversations")
    .columns(["workspace_id", "updated_at desc", "id desc"])
    .execute();

  await db.schema
    .createTable("conversation_parts")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("part_type", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("author_type", "text", (c) => c.notNull())
    .addColumn("author_id", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("conversation_parts_pk", ["workspace_id", "id"])
    .addForeignKeyConstraint(
      "conversation_parts_conversation_fk",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("conversation_parts_conversation")
    .on("conversation_parts")
    .columns(["workspace_id", "conversation_id", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("conversation_participants")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("conversation_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("conversation_participants_pk", [
      "workspace_id",
      "conversation_id",
      "contact_id",
    ])
    .addForeignKeyConstraint(
      "conversation_participants_conversation_fk",
      ["workspace_id", "conversation_id"],
      "conversations",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "conversation_participants_contact_fk",
      ["workspace_id", "contact_id"],
      "contacts",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("conversation_participants_contact")
    .on("conversation_participants")
    .columns(["workspace_id", "contact_id", "conversation_id"])
    .execute();

  await db.schema
    .createTable("ticket_states")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("internal_label", "text", (c) => c.notNull())
    .addColumn("external_label", "text", (c) => c.notNull())
    .addColumn("archived", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_states_pk", ["workspace_id", "id"])
    .addUniqueConstraint("ticket_states_internal_label_unique", ["workspace_id", "internal_label"])
    .execute();

  await db.schema
    .createTable("ticket_types")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("icon", "text", (c) => c.notNull())
    .addColumn("archived", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_types_pk", ["workspace_id", "id"])
    .execute();

  await db.schema
    .createTable("ticket_type_states")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("ticket_type_id", "text", (c) => c.notNull())
    .addColumn("ticket_state_id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_type_states_pk", ["workspace_id", "ticket_type_id", "ticket_state_id"])
    .addForeignKeyConstraint(
      "ticket_type_states_type_fk",
      ["workspace_id", "ticket_type_id"],
      "ticket_types",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "ticket_type_states_state_fk",
      ["workspace_id", "ticket_state_id"],
      "ticket_states",
      ["workspace_id", "id"],
    )
    .execute();

  await db.schema
    .createTable("ticket_type_attributes")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ticket_type_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("data_type", "text", (c) => c.notNull())
    .addColumn("input_options", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("required_to_create", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("required_to_create_for_contacts", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("visible_on_create", flag, (c) => c.notNull().defaultTo(1))
    .addColumn("visible_to_contacts", flag, (c) => c.notNull().defaultTo(1))
    .addColumn("is_default", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("archived", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_type_attributes_pk", ["workspace_id", "id"])
    .addUniqueConstraint("ticket_type_attributes_name_unique", ["workspace_id", "ticket_type_id", "name"])
    .addForeignKeyConstraint(
      "ticket_type_attributes_type_fk",
      ["workspace_id", "ticket_type_id"],
      "ticket_types",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();

  await db.schema
    .createTable("ticket_number_counters")
    .addColumn("workspace_id", "text", (c) => c.primaryKey().references("workspaces.id").onDelete("cascade"))
    .addColumn("last_number", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("tickets")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ticket_number", "integer", (c) => c.notNull())
    .addColumn("ticket_type_id", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("ticket_state_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("company_id", "text")
    .addColumn("company_chosen", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("is_shared", flag, (c) => c.notNull())
    .addColumn("open", flag, (c) => c.notNull().defaultTo(1))
    .addColumn("snoozed_until", now)
    .addColumn("admin_assignee_id", "text")
    .addColumn("linked_conversation_id", "text")
    .addColumn("created_by_contact_id", "text")
    .addColumn("created_by_teammate_id", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("tickets_pk", ["workspace_id", "id"])
    .addUniqueConstraint("tickets_number_unique", ["workspace_id", "ticket_number"])
    .addForeignKeyConstraint("tickets_type_fk", ["workspace_id", "ticket_type_id"], "ticket_types", [
      "workspace_id",
      "id",
    ])
    .addForeignKeyConstraint("tickets_state_fk", ["workspace_id", "ticket_state_id"], "ticket_states", [
      "workspace_id",
      "id",
    ])
    // No ON DELETE SET NULL: it would null workspace_id too. Company deletion clears tickets first.
    .addForeignKeyConstraint("tickets_company_fk", ["workspace_id", "company_id"], "companies", [
      "workspace_id",
      "id",
    ])
    .addForeignKeyConstraint("tickets_assignee_fk", ["workspace_id", "admin_assignee_id"], "teammates", [
      "workspace_id",
      "id",
    ])
    .addForeignKeyConstraint(
      "tickets_conversation_fk",
      ["workspace_id", "linked_conversation_id"],
      "conversations",
      ["workspace_id", "id"],
    )
    .execute();
  // Portal list: each company's newest tickets, merged (DESIGN.md "Query shapes").
  await db.schema
    .createIndex("tickets_company_updated")
    .on("tickets")
    .columns(["workspace_id", "company_id", "updated_at desc", "id desc"])
    .execute();
  // Help Desk filters and keyset pagination.
  await db.schema
    .createIndex("tickets_updated")
    .on("tickets")
    .columns(["workspace_id", "updated_at desc", "id desc"])
    .execute();
  await db.schema
    .createIndex("tickets_state_updated")
    .on("tickets")
    .columns(["workspace_id", "ticket_state_id", "updated_at desc", "id desc"])
    .execute();
  await db.schema
    .createIndex("tickets_type_updated")
    .on("tickets")
    .columns(["workspace_id", "ticket_type_id", "updated_at desc", "id desc"])
    .execute();
  await db.schema
    .createIndex("tickets_assignee_updated")
    .on("tickets")
    .columns(["workspace_id", "admin_assignee_id", "updated_at desc", "id desc"])
    .execute();
  await db.schema
    .createIndex("tickets_linked_conversation")
    .on("tickets")
    .columns(["workspace_id", "linked_conversation_id"])
    .execute();

  await db.schema
    .createTable("ticket_contacts")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("ticket_id", "text", (c) => c.notNull())
    .addColumn("contact_id", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_contacts_pk", ["workspace_id", "ticket_id", "contact_id"])
    .addForeignKeyConstraint(
      "ticket_contacts_ticket_fk",
      ["workspace_id", "ticket_id"],
      "tickets",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .addForeignKeyConstraint(
      "ticket_contacts_contact_fk",
      ["workspace_id", "contact_id"],
      "contacts",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("ticket_contacts_contact")
    .on("ticket_contacts")
    .columns(["workspace_id", "contact_id", "ticket_id"])
    .execute();

  await db.schema
    .createTable("ticket_parts")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ticket_id", "text", (c) => c.notNull())
    .addColumn("part_type", "text", (c) => c.notNull())
    .addColumn("body", "text")
    .addColumn("previous_ticket_state_id", "text")
    .addColumn("ticket_state_id", "text")
    .addColumn("author_type", "text", (c) => c.notNull())
    .addColumn("author_id", "text")
    .addColumn("created_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_parts_pk", ["workspace_id", "id"])
    .addForeignKeyConstraint(
      "ticket_parts_ticket_fk",
      ["workspace_id", "ticket_id"],
      "tickets",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("ticket_parts_ticket")
    .on("ticket_parts")
    .columns(["workspace_id", "ticket_id", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("ticket_links")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("ticket_id", "text", (c) => c.notNull())
    .addColumn("linked_type", "text", (c) => c.notNull())
    .addColumn("linked_id", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("ticket_links_pk", ["workspace_id", "ticket_id", "linked_type", "linked_id"])
    .addForeignKeyConstraint(
      "ticket_links_ticket_fk",
      ["workspace_id", "ticket_id"],
      "tickets",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("ticket_links_linked")
    .on("ticket_links")
    .columns(["workspace_id", "linked_type", "linked_id"])
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("id", isPostgres ? "bigserial" : "integer", (c) =>
      isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_workspace").on("events").columns(["workspace_id", "id"]).execute();
  await db.schema.createIndex("events_created").on("events").column("created_at").execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    "events",
    "ticket_links",
    "ticket_parts",
    "ticket_contacts",
    "tickets",
    "ticket_number_counters",
    "ticket_type_attributes",
    "ticket_type_states",
    "ticket_types",
    "ticket_states",
    "conversation_participants",
    "conversation_parts",
    "conversations",
    "company_memberships",
    "companies",
    "sessions",
    "contacts",
    "api_tokens",
    "teammates",
    "workspace_secrets",
    "workspaces",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
