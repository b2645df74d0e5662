// SIGKILL and SIGTERM under load on SQLite (see crashSuite.ts).
import { openDatabase } from "../../src/db/database.ts";
import { sqliteFile } from "../dialects.ts";
import { dialectSuite } from "./crashSuite.ts";

dialectSuite("sqlite", async () => {
  const file = sqliteFile();
  return { url: `sqlite:${file}`, handle: openDatabase({ dialect: "sqlite", file, synchronous: "full" }) };
});
