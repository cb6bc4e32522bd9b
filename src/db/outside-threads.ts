import { and, inArray, sql } from "drizzle-orm";
import { isCommentable } from "./articles.ts";
import type { Database } from "./client.ts";
import { newArticleCommentStatus } from "./discussion-settings.ts";
import { articles } from "./schema.ts";

/** An outside page's thread as its host page describes it. */
export interface OutsideThread {
  slug: string;
  pageUrl: string;
  title: string;
}

/**
 * Creates an outside page's thread, unless it exists (then it is left as
 * it is: its first comment's page named it). It takes comments as new
 * articles do (the owner's `commentsOpenByDefault`); it has no text of its own.
 */
export function createOutsideThread(db: Database, thread: OutsideThread, now: Date) {
  return db
    .insert(articles)
    .values({
      guid: crypto.randomUUID(),
      slug: thread.slug,
      title: thread.title,
      body: "",
      bodyHtml: "",
      status: "published",
      publishedAt: now,
      updatedAt: now,
      kind: "outside",
      pageUrl: thread.pageUrl,
      commentStatus: newArticleCommentStatus,
    })
    .onConflictDoNothing({ target: articles.slug });
}

/** Approved comments of each live article or outside thread among `slugs` (absent: none), in one query. */
export async function approvedCountsBySlug(db: Database, slugs: string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .select({ slug: articles.slug, count: articles.commentCount })
    .from(articles)
    .where(and(inArray(articles.slug, sql`(SELECT value FROM json_each(${JSON.stringify(slugs)}))`), isCommentable));
  return new Map(rows.map((row) => [row.slug, row.count]));
}
