import { eq, sql } from "drizzle-orm";
import type { ArticleCommentStatus } from "../domain/comments/discussion.ts";
import type { Database } from "./client.ts";
import { articles, discussionSettings } from "./schema.ts";

/** Every stored discussion setting (a handful of rows): a query to run or to batch. */
export const storedDiscussionSettings = (db: Database) =>
  db.select({ name: discussionSettings.name, value: discussionSettings.value }).from(discussionSettings);

/** Stores `values` (each a validated setting) and reads back every stored setting, in one round trip. */
export async function saveDiscussionSettings(db: Database, values: Record<string, unknown>, now: Date) {
  const rows = Object.entries(values).map(([name, value]) => ({ name, value, updatedAt: now }));
  if (rows.length === 0) return storedDiscussionSettings(db);
  const [, stored] = await db.batch([
    db
      .insert(discussionSettings)
      .values(rows)
      .onConflictDoUpdate({ target: discussionSettings.name, set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` } }),
    storedDiscussionSettings(db),
  ]);
  return stored;
}

/**
 * A new article's comment status: the owner's `commentsOpenByDefault` as
 * stored when the article is written (open when unset), read inside the
 * INSERT so every way of creating articles, the import scripts' SQL included,
 * follows it.
 */
export const newArticleCommentStatus = sql<ArticleCommentStatus>`coalesce((SELECT CASE ${discussionSettings.value} WHEN 'false' THEN 'closed' ELSE 'open' END FROM ${discussionSettings} WHERE ${discussionSettings.name} = 'commentsOpenByDefault'), 'open')`;

const articleDiscussionColumns = {
  slug: articles.slug,
  title: articles.title,
  status: articles.status,
  commentStatus: articles.commentStatus,
  publishedAt: articles.publishedAt,
  commentCount: articles.commentCount,
  pageUrl: articles.pageUrl,
};

/** An article of any status, with what decides whether it takes comments. */
export async function articleDiscussion(db: Database, slug: string) {
  return db.select(articleDiscussionColumns).from(articles).where(eq(articles.slug, slug)).get();
}

/** Opens or closes an article's comments; undefined if there is no such article. */
export async function setArticleCommentStatus(db: Database, slug: string, commentStatus: ArticleCommentStatus) {
  const [row] = await db.update(articles).set({ commentStatus }).where(eq(articles.slug, slug)).returning(articleDiscussionColumns);
  return row;
}
