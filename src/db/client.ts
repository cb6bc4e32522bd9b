import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";

export function createDb(d1: D1Database) {
  return drizzle(d1);
}

/** The Worker's database handle: Drizzle over the D1 binding. */
export type Database = ReturnType<typeof createDb>;

/**
 * Any asynchronous SQLite driver with our schema: D1 in the Worker, or the
 * statement recorder the import scripts use to write SQL files for wrangler.
 */
export type AnyDatabase = BaseSQLiteDatabase<"async", unknown>;

/** The database's clock, in the ms timestamps are stored in (`published_at`, `expires_at`). */
export const DB_NOW = sql`(unixepoch('subsec') * 1000)`;
