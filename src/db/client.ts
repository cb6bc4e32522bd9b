import { drizzle } from "drizzle-orm/d1";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";

export function createDb(d1: D1Database | D1DatabaseSession) {
  // D1 sessions have the same query surface as the database itself.
  return drizzle(d1 as D1Database);
}

/** The Worker's database handle: Drizzle over the D1 binding. */
export type Database = ReturnType<typeof createDb>;

/**
 * Any asynchronous SQLite driver with our schema: D1 in the Worker, or the
 * statement recorder the import scripts use to write SQL files for wrangler.
 */
export type AnyDatabase = BaseSQLiteDatabase<"async", unknown>;
