import { and, asc, desc, eq, gt, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { ArticleDraft } from "../domain/articles/source-files.ts";
import { ARTICLE_TAG_PREFIX, ARTICLES_TAG } from "../domain/cache-tags.ts";
import { type AnyDatabase, type Database, DB_NOW } from "./client.ts";
import { newArticleCommentStatus } from "./discussion-settings.ts";
import { versionQuery } from "./rendered-responses.ts";
import { type Article, articles } from "./schema.ts";
import { setArticleTerms } from "./term-rows.ts";

/** Articles on the front page and in `/api/articles`. */
const LIST_LIMIT = 20;

/** One of our articles, not an outside page's thread. */
export const isArticle = eq(articles.kind, "article");

/**
 * Public: an article, published, and its time has come. A scheduled article
 * stays out of every page, feed and API until then, whatever any job did or
 * didn't do.
 */
export const isLive = and(isArticle, eq(articles.status, "published"), lte(articles.publishedAt, DB_NOW))!;

/** Published, but its time is still to come. */
export const isScheduled = and(isArticle, eq(articles.status, "published"), gt(articles.publishedAt, DB_NOW))!;

/**
 * Whose comments are public and may be commented on: live articles, and
 * outside pages' threads (never published on our site, reached by their
 * `thread:` slugs, which no article route accepts).
 */
export const isCommentable = or(isLive, eq(articles.kind, "outside"))!;

/** The newest live articles (a query to run or to batch). */
const latestArticles = (db: Database, limit = LIST_LIMIT) =>
  db.select().from(articles).where(isLive).orderBy(desc(articles.publishedAt), desc(articles.id)).limit(limit);

/**
 * When the next scheduled article goes live: lists cached before then must
 * expire by then (see cache-expiry.ts), so it appears on time everywhere.
 */
export const nextScheduled = (db: Database) =>
  db.select({ at: articles.publishedAt }).from(articles).where(isScheduled).orderBy(asc(articles.publishedAt)).limit(1);

/**
 * When the next scheduled article that has approved comments goes live (one
 * moved back into the future after readers commented): the site's comment
 * feeds show its comments from then on, so copies must expire by then.
 */
export const nextScheduledWithComments = (db: Database) =>
  db
    .select({ at: articles.publishedAt })
    .from(articles)
    .where(and(isScheduled, gt(articles.commentCount, 0)))
    .orderBy(asc(articles.publishedAt))
    .limit(1);

/** The live article at `slug`, as a one-row query to run or to batch with others. */
const publishedArticle = (db: Database, slug: string) =>
  db
    .select()
    .from(articles)
    .where(and(eq(articles.slug, slug), isLive))
    .limit(1);

/** The front page's (and the article list API's) data: the latest articles, when the next scheduled one goes live, and the version of the article lists' cache tag. */
export async function articleListData(db: Database) {
  const [latest, next, version] = await db.batch([latestArticles(db), nextScheduled(db), versionQuery(db, ARTICLES_TAG)]);
  return { articles: latest, nextScheduledAt: next[0]?.at, version: version[0]!.version };
}

export async function publishedArticleBySlug(db: Database, slug: string): Promise<Article | undefined> {
  return (await publishedArticle(db, slug))[0];
}

/** The tag of the article at `slug`, as a subquery. */
const articleTagBySlug = (slug: string) => sql<string>`${ARTICLE_TAG_PREFIX} || (SELECT ${articles.id} FROM ${articles} WHERE ${articles.slug} = ${slug})`;

/** The published article at `slug`, and the version of its cache tag. */
export async function publishedArticleAndVersion(db: Database, slug: string) {
  const [article, version] = await db.batch([publishedArticle(db, slug), versionQuery(db, articleTagBySlug(slug))]);
  return { article: article[0], version: version[0]!.version };
}

/** An upsert's SET for an article's content: the values the INSERT carried, not a second copy. */
export const CONTENT_FROM_INSERT = {
  slug: sql`excluded.slug`,
  title: sql`excluded.title`,
  summary: sql`excluded.summary`,
  body: sql`excluded.body`,
  bodyHtml: sql`excluded.body_html`,
  source: sql`excluded.source`,
};

/** The id of the article `condition` picks (by its guid or slug, both unique), as a subquery. */
export const articleIdWhere = (condition: SQL) => sql`(SELECT ${articles.id} FROM ${articles} WHERE ${condition})`;

/**
 * Inserts the article, or updates the one with the same guid, with its
 * section and tags. Re-importing an unchanged file touches nothing, so
 * `updated_at` (and with it feed validators) only moves when content does. A
 * file without a date keeps the stored one, one without a byline the stored
 * byline, one without a section or tags the stored ones.
 */
export async function upsertArticleByGuid(db: AnyDatabase, draft: ArticleDraft, now: Date) {
  const { terms, ...content } = draft;
  const changed = sql`${articles.slug} IS NOT excluded.slug
    OR ${articles.title} IS NOT excluded.title
    OR ${articles.summary} IS NOT excluded.summary
    OR ${articles.body} IS NOT excluded.body
    OR ${articles.bodyHtml} IS NOT excluded.body_html
    OR ${articles.source} IS NOT excluded.source
    OR ${articles.status} IS NOT 'published'
    ${draft.publishedAt ? sql`OR ${articles.publishedAt} IS NOT excluded.published_at` : sql``}
    ${draft.author !== undefined ? sql`OR ${articles.author} IS NOT excluded.author` : sql``}`;
  await db
    .insert(articles)
    .values({ ...content, publishedAt: draft.publishedAt ?? now, updatedAt: now, commentStatus: newArticleCommentStatus })
    .onConflictDoUpdate({
      target: articles.guid,
      set: {
        ...CONTENT_FROM_INSERT,
        status: "published",
        ...(draft.publishedAt ? { publishedAt: sql`excluded.published_at` } : {}),
        ...(draft.author !== undefined ? { author: sql`excluded.author` } : {}),
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: changed,
    });
  if (terms === undefined) return;
  // One at a time: the importer's statement recorder runs no batches.
  for (const statement of setArticleTerms(db, articleIdWhere(eq(articles.guid, draft.guid)), terms, now)) await statement;
}

/** The slug of the live article imported from WordPress post `wpPostId`. */
export async function slugForWordPressPost(db: Database, wpPostId: number): Promise<string | undefined> {
  const row = await db
    .select({ slug: articles.slug })
    .from(articles)
    .where(and(eq(articles.wpPostId, wpPostId), isLive))
    .get();
  return row?.slug;
}

/** The slugs of the articles `ids` (any status). */
export async function slugsOfArticles(db: Database, ids: number[]): Promise<string[]> {
  const rows = await db.select({ slug: articles.slug }).from(articles).where(inArray(articles.id, ids));
  return rows.map((row) => row.slug);
}
