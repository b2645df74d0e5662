// The SQLite driver lets the event loop turn during a long stretch of synchronous statements.
import BetterSqlite3 from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { PorticoSqliteDialect } from "./sqliteDialect.ts";

describe("SQLite driver", () => {
  it("lets a timer run while many concurrent chains of statements are still going", async () => {
    const db = new Kysely<unknown>({ dialect: new PorticoSqliteDialect(new BetterSqlite3(":memory:")) });
    try {
      await sql`create table t (n integer)`.execute(db);
      await sql`with recursive s(n) as (select 1 union all select n + 1 from s where n < 2000)
        insert into t select n from s`.execute(db);
      let finished = 0;
      let finishedWhenTimerRan = -1;
      // Each chain resolves synchronously statement after statement: without the driver's slices, all of
      // them would complete inside one turn of the loop and the timer would run after the last one.
      const chain = async () => {
        for (let i = 0; i < 20; i++) await sql`select sum(n) from t where n % 7 = ${i % 7}`.execute(db);
        finished++;
      };
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          finishedWhenTimerRan = finished;
          resolve();
        }, 0),
      );
      const chains = Array.from({ length: 200 }, chain);
      await Promise.all([timer, ...chains]);
      expect(finished).toBe(200);
      expect(finishedWhenTimerRan).toBeGreaterThanOrEqual(0);
      expect(finishedWhenTimerRan).toBeLessThan(200);
    } finally {
      await db.destroy();
    }
  });
});
