import { desc, eq, sql } from "drizzle-orm";
import type { AnyDatabase, Database } from "./client.ts";
import { type Media, media } from "./schema.ts";

/**
 * Records an uploaded image. The same bytes uploaded again are the same key:
 * the record keeps its date and takes the newer alt text.
 */
export async function saveMedia(db: Database, record: Media): Promise<Media> {
  const [saved] = await db
    .insert(media)
    .values(record)
    .onConflictDoUpdate({ target: media.key, set: { alt: sql`excluded.alt` } })
    .returning();
  return saved!;
}

/** The same as an import statement: the record exactly as exported. */
export function importMedia(db: AnyDatabase, record: Media) {
  return db
    .insert(media)
    .values(record)
    .onConflictDoUpdate({ target: media.key, set: { alt: sql`excluded.alt` } });
}

export function mediaByKey(db: Database, key: string) {
  return db.select().from(media).where(eq(media.key, key)).limit(1);
}

/** The newest uploads first, for the desk's featured-image picker and the API's list. */
export function recentMedia(db: Database, limit: number) {
  return db.select().from(media).orderBy(desc(media.createdAt), desc(media.key)).limit(limit);
}
