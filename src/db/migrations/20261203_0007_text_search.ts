// Substring search over tickets' title and description that does not read the whole table.
//
// The search DSL's `~` (contains), `^` and `$` are substring matches, which word indexes (FTS5 unicode61,
// tsvector) cannot answer. Trigram indexes can: every string of three or more characters a text contains
// is found through the trigrams it is made of.
// - SQLite: a contentless FTS5 table with the trigram tokenizer, keyed like tickets_fts (the rowid of
//   tickets_fts_keys). It only narrows the candidates: queries still check the exact condition on tickets
//   (the index folds case and diacritics, so it finds a superset of what `lower(col) like` matches).
// - PostgreSQL: pg_trgm GIN indexes on the lower-cased columns, which the planner uses for `lower(col) like`
//   itself. pg_trgm ships with PostgreSQL; where the role may not create it, the migration says so and
//   searches keep working without the index.
import { PostgresAdapter, sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

const keyOf = (row: "new" | "old") =>
  sql.raw(
    `(select fts_rowid from tickets_fts_keys where workspace_id = ${row}.workspace_id and ticket_id = ${row}.id)`,
  );

/**
 * The triggers that keep the text indexes, one per event: 0003's (tickets_fts alone) or, with `trigram`,
 * the same keeping tickets_trigram beside it. SQLite does not promise an order between two triggers on one
 * event, and the trigram row needs the key row the insert makes and the delete removes, so the trigram
 * statements live in 0003's triggers instead of triggers of their own.
 */
async function replaceTextTriggers(db: Db, { trigram }: { trigram: boolean }): Promise<void> {
  const insertTrigram = trigram
    ? sql`insert into tickets_trigram (rowid, title, description) values (${keyOf("new")}, new.title, new.description);`
    : sql``;
  await sql`drop trigger tickets_fts_insert`.execute(db);
  await sql`drop trigger tickets_fts_update`.execute(db);
  await sql`drop trigger tickets_fts_delete`.execute(db);
  await sql`create trigger tickets_fts_insert after insert on tickets begin
    insert into tickets_fts_keys (workspace_id, ticket_id) values (new.workspace_id, new.id);
    insert into tickets_fts (rowid, title, description) values (${keyOf("new")}, new.title, new.description);
    ${insertTrigram}
  end`.execute(db);
  await sql`create trigger tickets_fts_update after update of title, description on tickets begin
    update tickets_fts set title = new.title, description = new.description where rowid = ${keyOf("new")};
    ${trigram ? sql`delete from tickets_trigram where rowid = ${keyOf("new")};` : sql``}
    ${insertTrigram}
  end`.execute(db);
  await sql`create trigger tickets_fts_delete after delete on tickets begin
    delete from tickets_fts where rowid = ${keyOf("old")};
    ${trigram ? sql`delete from tickets_trigram where rowid = ${keyOf("old")};` : sql``}
    delete from tickets_fts_keys where workspace_id = old.workspace_id and ticket_id = old.id;
  end`.execute(db);
}

export async function up(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`savepoint text_search_extension`.execute(db);
    try {
      await sql`create extension if not exists pg_trgm`.execute(db);
    } catch (error) {
      await sql`rollback to savepoint text_search_extension`.execute(db);
      console.warn(
        `portico: pg_trgm could not be enabled (${error instanceof Error ? error.message : String(error)}); ` +
          "text search on tickets reads every row until a superuser runs CREATE EXTENSION pg_trgm " +
          "and the indexes of migration 20261203_0007 are created",
      );
      return;
    }
    await sql`release savepoint text_search_extension`.execute(db);
    await sql`create index tickets_title_trigram on tickets using gin (lower(title) gin_trgm_ops)`.execute(
      db,
    );
    await sql`create index tickets_description_trigram on tickets using gin (lower(description) gin_trgm_ops)`.execute(
      db,
    );
    return;
  }
  await sql`create virtual table tickets_trigram using fts5(title, description,
    tokenize = 'trigram remove_diacritics 1', content = '', contentless_delete = 1)`.execute(db);
  await replaceTextTriggers(db, { trigram: true });
  await sql`insert into tickets_trigram (rowid, title, description)
    select k.fts_rowid, t.title, t.description
    from tickets t join tickets_fts_keys k on k.workspace_id = t.workspace_id and k.ticket_id = t.id`.execute(
    db,
  );
}

export async function down(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index if exists tickets_description_trigram`.execute(db);
    await sql`drop index if exists tickets_title_trigram`.execute(db);
    return;
  }
  await replaceTextTriggers(db, { trigram: false });
  await sql`drop table tickets_trigram`.execute(db);
}
