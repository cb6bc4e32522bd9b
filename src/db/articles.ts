import { and, desc, eq, sql } from "drizzle-orm";
import type { ArticleDraft } from "../domain/articles/source-files.ts";
import { ARTICLE_TAG_PREFIX, ARTICLES_TAG, COMMENTS_TAG } from "../domain/cache-tags.ts";
import type { AnyDatabase, Database } from "./client.ts";
import { bumpVersions, versionQuery } from "./rendered-responses.ts";
import { type Article, articles } from "./schema.ts";

const FEED_ARTICLE_LIMIT = 20;

const isPublished = eq(articles.status, "published");

/** The newest published articles (a query to run or to batch). */
const latestArticles = (db: Database, limit = FEED_ARTICLE_LIMIT) =>
  db.select().from(articles).where(isPublished).orderBy(desc(articles.publishedAt), desc(articles.id)).limit(limit);

/** The newest published articles, and the version of the article lists' cache tag they belong to. */
export async function latestArticlesAndVersion(db: Database) {
  const [latest, version] = await db.batch([latestArticles(db), versionQuery(db, ARTICLES_TAG)]);
  return { articles: latest, version: version[0]!.version };
}

/** The published article at `slug`, as a one-row query to run or to batch with others. */
export const publishedArticle = (db: Database, slug: string) =>
  db
    .select()
    .from(articles)
    .where(and(eq(articles.slug, slug), isPublished))
    .limit(1);

/** The latest published articles and when any article last changed (unpublishing included): a feed's data, and its version. */
export async function articleFeedData(db: Database) {
  const [latest, changed, version] = await db.batch([
    latestArticles(db),
    db.select({ at: articles.updatedAt }).from(articles).orderBy(desc(articles.updatedAt)).limit(1),
    versionQuery(db, ARTICLES_TAG),
  ]);
  return { articles: latest, lastChange: changed[0]?.at ?? new Date(0), version: version[0]!.version };
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

/**
 * Inserts the article, or updates the one with the same guid. Re-importing an
 * unchanged file touches nothing, so `updated_at` (and with it feed validators)
 * only moves when content does. A file without a date keeps the stored one.
 */
export function upsertArticleByGuid(db: AnyDatabase, draft: ArticleDraft, now: Date) {
  const changed = sql`${articles.slug} IS NOT excluded.slug
    OR ${articles.title} IS NOT excluded.title
    OR ${articles.summary} IS NOT excluded.summary
    OR ${articles.body} IS NOT excluded.body
    OR ${articles.bodyHtml} IS NOT excluded.body_html
    OR ${articles.source} IS NOT excluded.source
    OR ${articles.status} IS NOT 'published'
    ${draft.publishedAt ? sql`OR ${articles.publishedAt} IS NOT excluded.published_at` : sql``}`;
  return db
    .insert(articles)
    .values({ ...draft, publishedAt: draft.publishedAt ?? now, updatedAt: now })
    .onConflictDoUpdate({
      target: articles.guid,
      set: {
        ...CONTENT_FROM_INSERT,
        status: "published",
        ...(draft.publishedAt ? { publishedAt: sql`excluded.published_at` } : {}),
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: changed,
    });
}

export interface ArticleRevision {
  title: string;
  summary: string;
  body: string;
  bodyHtml: string;
  source: string | null;
  /** Used only when the article is created. */
  guid: string;
  /** Absent on update: the article keeps its date. */
  publishedAt: Date | undefined;
}

/**
 * Publishes the article at `slug`, creating or updating it (and republishing
 * it if it was unpublished); its guid never changes once set. Reads the prior
 * state in the same round trip, to tell creation from update.
 */
/** The tags an article change at `slug` makes stale: its own, and the lists and feeds that name it. */
const articleChangeTags = (slug: string) => [articleTagBySlug(slug), ARTICLES_TAG, COMMENTS_TAG];

export async function upsertArticleBySlug(db: Database, slug: string, revision: ArticleRevision, now: Date) {
  const [before, after] = await db.batch([
    db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).limit(1),
    db
      .insert(articles)
      .values({ ...revision, slug, status: "published", publishedAt: revision.publishedAt ?? now, updatedAt: now })
      .onConflictDoUpdate({
        target: articles.slug,
        set: {
          title: revision.title,
          summary: revision.summary,
          body: revision.body,
          bodyHtml: revision.bodyHtml,
          source: revision.source,
          status: "published",
          ...(revision.publishedAt ? { publishedAt: revision.publishedAt } : {}),
          updatedAt: now,
        },
      })
      .returning(),
    bumpVersions(db, articleChangeTags(slug)),
  ]);
  return { article: after[0]!, created: before.length === 0 };
}

/** Hides an article (and with it its comments) from every public route; undefined if there is none. */
export async function markUnpublished(db: Database, slug: string, now: Date) {
  const [rows] = await db.batch([
    db.update(articles).set({ status: "unpublished", updatedAt: now }).where(eq(articles.slug, slug)).returning({ id: articles.id }),
    bumpVersions(db, articleChangeTags(slug)),
  ]);
  return rows[0];
}

/** The slug of the published article imported from WordPress post `wpPostId`. */
export async function slugForWordPressPost(db: Database, wpPostId: number): Promise<string | undefined> {
  const row = await db
    .select({ slug: articles.slug })
    .from(articles)
    .where(and(eq(articles.wpPostId, wpPostId), isPublished))
    .get();
  return row?.slug;
}
