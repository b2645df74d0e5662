// The portal's company branches answered from an index alone.
//
// A portal page walks a company's tickets newest first and keeps those a customer may see (customer
// tickets, and back-office ones shared with the company) in the chosen states. Those columns lived only
// in the table, so every index entry cost a read of its ticket row, description included: a company with
// 400 tickets of which 55 are open read about 190 rows for one page. These indexes hold only the tickets
// customers may see, in the portal's two sort orders, with the state and the visibility columns at the
// end, so the walk reads no row (SQLite: 105 -> 46 us for that page; the page's rows are then read by key).
// Visibility is still evaluated by the query at read time: its condition is the indexes' WHERE, written
// with the same literals (portalList.repository.ts, CUSTOMER_VISIBLE), which is what lets a database use
// a partial index (portalList.test.ts checks the plans). Being partial also keeps them out of other
// queries' plans: a covering index over the whole table looked cheaper to SQLite (which keeps no
// statistics) than a primary-key lookup of a few tickets' categories, and scanned the workspace instead
// (a Help Desk page took 120 ms instead of 7 before this was seen).
import { sql, type Kysely, type SqlBool } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> by rule
type Db = Kysely<any>;

/** Must stay equal, term for term, to CUSTOMER_VISIBLE in portalList.repository.ts. */
const VISIBLE_TO_CUSTOMERS = sql<SqlBool>`category = 'customer' or (category = 'back_office' and is_shared = 1)`;

export async function up(db: Db): Promise<void> {
  for (const sort of ["updated", "created"]) {
    await db.schema
      .createIndex(`tickets_portal_company_${sort}`)
      .on("tickets")
      .columns([
        "workspace_id",
        "company_id",
        `${sort}_at desc`,
        "id desc",
        "ticket_state_id",
        "category",
        "is_shared",
      ])
      .where(VISIBLE_TO_CUSTOMERS)
      .execute();
  }
}

export async function down(db: Db): Promise<void> {
  for (const sort of ["updated", "created"])
    await db.schema.dropIndex(`tickets_portal_company_${sort}`).execute();
}
