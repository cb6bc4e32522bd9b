import { eq, or, sql } from "drizzle-orm";
import { ARTICLE_TAG_PREFIX } from "../domain/cache-tags.ts";
import { ARTICLE_PAGE_SETTINGS, type ArticleCommentStatus, type DiscussionSetting } from "../domain/comments/discussion.ts";
import type { Database } from "./client.ts";
import { bumpVersions, bumpVersionsOf } from "./rendered-responses.ts";
import { articles, discussionSettings } from "./schema.ts";

/** Every stored discussion setting (a handful of rows): a query to run or to batch. */
export const storedDiscussionSettings = (db: Database) =>
  db.select({ name: discussionSettings.name, value: discussionSettings.value }).from(discussionSettings);

/** A stored setting's value, as SQL (null when it was never set): for statements that follow a setting without reading it first. */
export const storedSetting = (name: DiscussionSetting) =>
  sql`(SELECT json_extract(${discussionSettings.value}, '$') FROM ${discussionSettings} WHERE ${discussionSettings.name} = ${name})`;

/**
 * Stores `values` (each a validated setting) and reads back every stored
 * setting, in one round trip. When a setting article pages follow
 * (ARTICLE_PAGE_SETTINGS) takes a new value, every article's cache tag is
 * bumped in the same batch, so no page rendered under the old one is served
 * again; `pagesChanged` says so, for the purge.
 */
export async function saveDiscussionSettings(db: Database, values: Record<string, unknown>, now: Date) {
  const rows = Object.entries(values).map(([name, value]) => ({ name, value, updatedAt: now }));
  if (rows.length === 0) return { stored: await storedDiscussionSettings(db), pagesChanged: false };
  const pageChanges = rows
    .filter((row) => (ARTICLE_PAGE_SETTINGS as readonly string[]).includes(row.name))
    .map(
      (row) =>
        sql`(SELECT ${discussionSettings.value} FROM ${discussionSettings} WHERE ${discussionSettings.name} = ${row.name}) IS NOT ${JSON.stringify(row.value)}`,
    );
  // Read before the upsert: whether any of them differs from what is stored.
  const changed = pageChanges.length > 0 ? or(...pageChanges)! : sql`0`;
  const [before, , , stored] = await db.batch([
    db.select({ changed: sql<number>`${changed}` }).from(sql`(SELECT 1)`),
    bumpVersionsOf(db, sql`SELECT ${ARTICLE_TAG_PREFIX} || ${articles.id} AS column1 FROM ${articles} WHERE ${changed}`),
    db
      .insert(discussionSettings)
      .values(rows)
      .onConflictDoUpdate({ target: discussionSettings.name, set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` } }),
    storedDiscussionSettings(db),
  ]);
  return { stored, pagesChanged: before[0]!.changed === 1 };
}

/**
 * A new article's comment status: the owner's `commentsOpenByDefault` as
 * stored when the article is written (open when unset), read inside the
 * INSERT so every way of creating articles, the import scripts' SQL included,
 * follows it.
 */
export const newArticleCommentStatus = sql<ArticleCommentStatus>`coalesce((SELECT CASE ${discussionSettings.value} WHEN 'false' THEN 'closed' ELSE 'open' END FROM ${discussionSettings} WHERE ${discussionSettings.name} = 'commentsOpenByDefault'), 'open')`;

const articleDiscussionColumns = {
  id: articles.id,
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

/** Opens or closes an article's comments (its renderings bumped in the same batch); undefined if there is no such article. */
export async function setArticleCommentStatus(db: Database, slug: string, commentStatus: ArticleCommentStatus) {
  const [[row]] = await db.batch([
    db.update(articles).set({ commentStatus }).where(eq(articles.slug, slug)).returning(articleDiscussionColumns),
    bumpVersions(db, [sql`${ARTICLE_TAG_PREFIX} || (SELECT ${articles.id} FROM ${articles} WHERE ${articles.slug} = ${slug})`]),
  ]);
  return row;
}
