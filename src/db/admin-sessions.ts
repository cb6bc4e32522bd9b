import { eq, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { adminSessions } from "./schema.ts";

/** The one row's id: there is one owner, so one session version. */
const OWNER = 1;

/** The version every valid session cookie must carry (0 until the first sign-out). */
export async function sessionVersion(db: Database): Promise<number> {
  const row = await db.select({ version: adminSessions.version }).from(adminSessions).where(eq(adminSessions.id, OWNER)).get();
  return row?.version ?? 0;
}

/** Signing out ends every session: cookies carrying the old version stop working. */
export function bumpSessionVersion(db: Database) {
  return db
    .insert(adminSessions)
    .values({ id: OWNER, version: 1 })
    .onConflictDoUpdate({ target: adminSessions.id, set: { version: sql`${adminSessions.version} + 1` } });
}
