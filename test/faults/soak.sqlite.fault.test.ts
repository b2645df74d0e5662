// A minute of mixed load on SQLite (see soakSuite.ts).
import { openDatabase } from "../../src/db/database.ts";
import { sqliteFile } from "../dialects.ts";
import { soakSuite } from "./soakSuite.ts";

soakSuite("sqlite", async () => {
  const file = sqliteFile();
  return { url: `sqlite:${file}`, handle: openDatabase({ dialect: "sqlite", file, synchronous: "full" }) };
});
