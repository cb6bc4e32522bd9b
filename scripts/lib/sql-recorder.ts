import { drizzle } from "drizzle-orm/sqlite-proxy";
import type { AnyDatabase } from "../../src/db/client.ts";

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  throw new Error(`cannot write ${typeof value} as SQL`);
}

/**
 * A Drizzle database that records statements instead of running them, so the
 * scripts reuse the Worker's data-access functions and hand the SQL to
 * `wrangler d1 execute`, which reaches both the local and the remote database.
 */
export function recordingDatabase(): { db: AnyDatabase; statements: string[] } {
  const statements: string[] = [];
  const db = drizzle(async (query, params) => {
    let index = 0;
    statements.push(`${query.replace(/\?/g, () => sqlLiteral(params[index++]))};`);
    return { rows: [] };
  });
  return { db, statements };
}
