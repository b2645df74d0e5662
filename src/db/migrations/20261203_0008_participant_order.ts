// The portal's participant tickets in sort order without reading all of them.
//
// A customer who takes part in 10,000 tickets had every one of them read and sorted for each portal page,
// because ticket_contacts knew nothing of the tickets' order. Each row now carries its ticket's created_at
// and updated_at, indexed per contact in the portal's two sort orders, so a page is one index walk that
// stops after the page. A trigger on tickets keeps the copies equal to the ticket's values (every path that
// touches a ticket's times is covered, whichever code runs it); inserts copy them from the ticket.
import { PostgresAdapter, sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable("ticket_contacts")
    .addColumn("ticket_created_at", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("ticket_contacts")
    .addColumn("ticket_updated_at", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update ticket_contacts set
    ticket_created_at = (select t.created_at from tickets t
      where t.workspace_id = ticket_contacts.workspace_id and t.id = ticket_contacts.ticket_id),
    ticket_updated_at = (select t.updated_at from tickets t
      where t.workspace_id = ticket_contacts.workspace_id and t.id = ticket_contacts.ticket_id)`.execute(db);
  // (workspace_id, contact_id, ...) serves every lookup the old index served.
  await db.schema.dropIndex("ticket_contacts_contact").execute();
  await db.schema
    .createIndex("ticket_contacts_contact_updated")
    .on("ticket_contacts")
    .columns(["workspace_id", "contact_id", "ticket_updated_at desc", "ticket_id desc"])
    .execute();
  await db.schema
    .createIndex("ticket_contacts_contact_created")
    .on("ticket_contacts")
    .columns(["workspace_id", "contact_id", "ticket_created_at desc", "ticket_id desc"])
    .execute();

  if (isPostgres) {
    await sql`create function portico_ticket_times_to_contacts() returns trigger language plpgsql as $$
      begin
        update ticket_contacts set ticket_created_at = new.created_at, ticket_updated_at = new.updated_at
        where workspace_id = new.workspace_id and ticket_id = new.id;
        return null;
      end $$`.execute(db);
    await sql`create trigger tickets_times_to_contacts after update of created_at, updated_at on tickets
      for each row when (old.created_at is distinct from new.created_at or old.updated_at is distinct from new.updated_at)
      execute function portico_ticket_times_to_contacts()`.execute(db);
    return;
  }
  await sql`create trigger tickets_times_to_contacts after update of created_at, updated_at on tickets
    when old.created_at is not new.created_at or old.updated_at is not new.updated_at
    begin
      update ticket_contacts set ticket_created_at = new.created_at, ticket_updated_at = new.updated_at
      where workspace_id = new.workspace_id and ticket_id = new.id;
    end`.execute(db);
}

export async function down(db: Db): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`drop trigger if exists tickets_times_to_contacts${isPostgres ? sql` on tickets` : sql``}`.execute(
    db,
  );
  if (isPostgres) await sql`drop function if exists portico_ticket_times_to_contacts()`.execute(db);
  await db.schema.dropIndex("ticket_contacts_contact_created").execute();
  await db.schema.dropIndex("ticket_contacts_contact_updated").execute();
  await db.schema
    .createIndex("ticket_contacts_contact")
    .on("ticket_contacts")
    .columns(["workspace_id", "contact_id", "ticket_id"])
    .execute();
  await db.schema.alterTable("ticket_contacts").dropColumn("ticket_updated_at").execute();
  await db.schema.alterTable("ticket_contacts").dropColumn("ticket_created_at").execute();
}
