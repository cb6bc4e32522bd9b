import { and, eq, inArray, lt, notExists, sql } from "drizzle-orm";
import { isCommentable } from "./articles.ts";
import type { AnyDatabase, Database } from "./client.ts";
import { newArticleCommentStatus } from "./discussion-settings.ts";
import { articles, comments } from "./schema.ts";

/** An outside page's thread as its host page (or an import) describes it. */
export interface OutsideThread {
  slug: string;
  pageUrl: string;
  title: string;
  /** A stable guid (an import's, so running it again finds the thread); a new one otherwise. */
  guid?: string;
  /** When it began (an import's); now otherwise. */
  createdAt?: Date;
  /** Closed (an import of a closed thread); otherwise it takes comments as new articles do (the owner's `commentsOpenByDefault`). */
  closed?: boolean;
}

/**
 * Creates an outside page's thread, unless it exists (then it is left as it
 * is: its first comment's page named it). It has no text of its own, and is
 * never published on our site: whatever lists published articles (pages,
 * feeds, sitemaps) leaves it out even without asking its kind.
 */
export function createOutsideThread(db: AnyDatabase, thread: OutsideThread, now: Date) {
  return db
    .insert(articles)
    .values({
      guid: thread.guid ?? crypto.randomUUID(),
      slug: thread.slug,
      title: thread.title,
      body: "",
      bodyHtml: "",
      status: "unpublished",
      publishedAt: thread.createdAt ?? now,
      updatedAt: now,
      kind: "outside",
      pageUrl: thread.pageUrl,
      commentStatus: thread.closed ? "closed" : newArticleCommentStatus,
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

/**
 * Forgets outside threads created before `before` that hold no comment at
 * all (a first post refused after its thread was made, every comment
 * deleted): nothing shows them, and a page's next comment makes its thread again.
 */
export function forgetEmptyOutsideThreads(db: Database, before: Date) {
  return db
    .delete(articles)
    .where(
      and(
        eq(articles.kind, "outside"),
        lt(articles.publishedAt, before),
        notExists(db.select({ id: comments.id }).from(comments).where(eq(comments.articleId, articles.id))),
      ),
    );
}
