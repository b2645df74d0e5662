// The Tickets portal: Help Center collections and articles, the created-order portal index, and ticket text search.
import { PostgresAdapter, sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

const now = "bigint"; // unix milliseconds
const flag = "integer"; // 0 | 1

export async function up(db: Db): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("help_collections")
    .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("help_collections_pk", ["workspace_id", "id"])
    .execute();
  await db.schema
    .createIndex("help_collections_position")
    .on("help_collections")
    .columns(["workspace_id", "position", "id"])
    .execute();

  await db.schema
    .createTable("help_articles")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("collection_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body_markdown", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("published", flag, (c) => c.notNull().defaultTo(0))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", now, (c) => c.notNull())
    .addColumn("updated_at", now, (c) => c.notNull())
    .addPrimaryKeyConstraint("help_articles_pk", ["workspace_id", "id"])
    .addForeignKeyConstraint(
      "help_articles_collection_fk",
      ["workspace_id", "collection_id"],
      "help_collections",
      ["workspace_id", "id"],
      (fk) => fk.onDelete("cascade"),
    )
    .execute();
  await db.schema
    .createIndex("help_articles_collection")
    .on("help_articles")
    .columns(["workspace_id", "collection_id", "position", "id"])
    .execute();

  // Portal list sorted by creation: each company's newest-created tickets, merged (DESIGN.md "Query shapes").
  await db.schema
    .createIndex("tickets_company_created")
    .on("tickets")
    .columns(["workspace_id", "company_id", "created_at desc", "id desc"])
    .execute();

  // Ticket text search over the customer-visible text (title and description), one module per dialect.
  if (isPostgres) {
    // An expression index: queries must repeat exactly this expression to use it.
    await sql`create index tickets_text_search on tickets using gin (to_tsvector('simple', title || ' ' || description))`.execute(
      db,
    );
    return;
  }
  // SQLite: an FTS5 table keyed by its own rowid. A side table maps that rowid to the ticket, because the
  // tickets table has no INTEGER PRIMARY KEY and VACUUM may renumber its implicit rowids.
  await sql`create table tickets_fts_keys (
    fts_rowid integer primary key,
    workspace_id text not null,
    ticket_id text not null,
    unique (workspace_id, ticket_id)
  )`.execute(db);
  await sql`create virtual table tickets_fts using fts5(title, description, tokenize = 'unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`create trigger tickets_fts_insert after insert on tickets begin
    insert into tickets_fts_keys (workspace_id, ticket_id) values (new.workspace_id, new.id);
    insert into tickets_fts (rowid, title, description) values (
      (select fts_rowid from tickets_fts_keys where workspace_id = new.workspace_id and ticket_id = new.id),
      new.title, new.description);
  end`.execute(db);
  await sql`create trigger tickets_fts_update after update of title, description on tickets begin
    update tickets_fts set title = new.title, description = new.description
    where rowid = (select fts_rowid from tickets_fts_keys where workspace_id = new.workspace_id and ticket_id = new.id);
  end`.execute(db);
  await sql`create trigger tickets_fts_delete after delete on tickets begin
    delete from tickets_fts
    where rowid = (select fts_rowid from tickets_fts_keys where workspace_id = old.workspace_id and ticket_id = old.id);
    delete from tickets_fts_keys where workspace_id = old.workspace_id and ticket_id = old.id;
  end`.execute(db);
  // Tickets written before this migration.
  await sql`insert into tickets_fts_keys (workspace_id, ticket_id) select workspace_id, id from tickets`.execute(
    db,
  );
  await sql`insert into tickets_fts (rowid, title, description)
    select k.fts_rowid, t.title, t.description
    from tickets t join tickets_fts_keys k on k.workspace_id = t.workspace_id and k.ticket_id = t.id`.execute(
    db,
  );
}

export async function down(db: Db): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (isPostgres) {
    await sql`drop index if exists tickets_text_search`.execute(db);
  } else {
    await sql`drop trigger if exists tickets_fts_delete`.execute(db);
    await sql`drop trigger if exists tickets_fts_update`.execute(db);
    await sql`drop trigger if exists tickets_fts_insert`.execute(db);
    await sql`drop table if exists tickets_fts`.execute(db);
    await sql`drop table if exists tickets_fts_keys`.execute(db);
  }
  await db.schema.dropIndex("tickets_company_created").execute();
  await db.schema.dropTable("help_articles").execute();
  await db.schema.dropTable("help_collections").execute();
}
