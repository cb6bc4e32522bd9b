import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { ArticleDraft } from "../domain/articles/source-files.ts";
import type { ArticleTerm } from "../domain/articles/terms.ts";
import { FEED_SIZE } from "../domain/feeds/feed.ts";
import type { AnyDatabase, Database } from "./client.ts";
import { type Article, articles } from "./schema.ts";
import { setArticleTerms } from "./term-rows.ts";

const isPublished = eq(articles.status, "published");

/** The newest published articles (a query to run or to batch). */
export const latestArticles = (db: Database, limit = FEED_SIZE.articles) =>
  db.select().from(articles).where(isPublished).orderBy(desc(articles.publishedAt), desc(articles.id)).limit(limit);

/** The published article at `slug`, as a one-row query to run or to batch with others. */
export const publishedArticle = (db: Database, slug: string) =>
  db
    .select()
    .from(articles)
    .where(and(eq(articles.slug, slug), isPublished))
    .limit(1);

export async function publishedArticleBySlug(db: Database, slug: string): Promise<Article | undefined> {
  return (await publishedArticle(db, slug))[0];
}

/** An upsert's SET for an article's content: the values the INSERT carried, not a second copy. */
export const CONTENT_FROM_INSERT = {
  slug: sql`excluded.slug`,
  title: sql`excluded.title`,
  summary: sql`excluded.summary`,
  body: sql`excluded.body`,
  bodyHtml: sql`excluded.body_html`,
  source: sql`excluded.source`,
  author: sql`excluded.author`,
};

/**
 * Inserts the article, or updates the one with the same guid, with its
 * section and tags. Re-importing an unchanged file touches nothing, so
 * `updated_at` (and with it feed validators) only moves when content does. A
 * file without a date keeps the stored one.
 */
export async function upsertArticleByGuid(db: AnyDatabase, draft: ArticleDraft, now: Date) {
  const { terms, ...content } = draft;
  const changed = sql`${articles.slug} IS NOT excluded.slug
    OR ${articles.title} IS NOT excluded.title
    OR ${articles.summary} IS NOT excluded.summary
    OR ${articles.body} IS NOT excluded.body
    OR ${articles.bodyHtml} IS NOT excluded.body_html
    OR ${articles.source} IS NOT excluded.source
    OR ${articles.author} IS NOT excluded.author
    OR ${articles.status} IS NOT 'published'
    ${draft.publishedAt ? sql`OR ${articles.publishedAt} IS NOT excluded.published_at` : sql``}`;
  await db
    .insert(articles)
    .values({ ...content, publishedAt: draft.publishedAt ?? now, updatedAt: now })
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
  for (const statement of setArticleTerms(db, articleIdWhere(eq(articles.guid, draft.guid)), terms, now)) await statement;
}

/** The id of the article `condition` picks (by its guid or slug, both unique), as a subquery. */
export const articleIdWhere = (condition: SQL) => sql`(SELECT ${articles.id} FROM ${articles} WHERE ${condition})`;

export interface ArticleRevision {
  title: string;
  summary: string;
  body: string;
  bodyHtml: string;
  source: string | null;
  author: string | null;
  terms: ArticleTerm[];
  /** Used only when the article is created. */
  guid: string;
  /** Absent on update: the article keeps its date. */
  publishedAt: Date | undefined;
}

/**
 * Publishes the article at `slug`, creating or updating it (and republishing
 * it if it was unpublished) with its section and tags; its guid never
 * changes once set. One round trip: it reads the prior state too, to tell
 * creation from update and to name the sections and tags it left.
 */
export async function upsertArticleBySlug(db: Database, slug: string, revision: ArticleRevision, now: Date) {
  const { terms, ...content } = revision;
  const [before, , , , , , after] = await db.batch([
    db.select({ termsJson: articles.termsJson }).from(articles).where(eq(articles.slug, slug)).limit(1),
    db
      .insert(articles)
      .values({ ...content, slug, status: "published", publishedAt: revision.publishedAt ?? now, updatedAt: now })
      .onConflictDoUpdate({
        target: articles.slug,
        set: {
          title: revision.title,
          summary: revision.summary,
          body: revision.body,
          bodyHtml: revision.bodyHtml,
          source: revision.source,
          author: revision.author,
          status: "published",
          ...(revision.publishedAt ? { publishedAt: revision.publishedAt } : {}),
          updatedAt: now,
        },
      }),
    ...setArticleTerms(db, articleIdWhere(eq(articles.slug, slug)), terms, now),
    db.select().from(articles).where(eq(articles.slug, slug)),
  ]);
  return { article: after[0]!, created: before.length === 0, previousTerms: before[0]?.termsJson ?? [] };
}

/** Hides an article (and with it its comments) from every public route; undefined if there is none. */
export async function markUnpublished(db: Database, slug: string, now: Date) {
  const rows = await db
    .update(articles)
    .set({ status: "unpublished", updatedAt: now })
    .where(eq(articles.slug, slug))
    .returning({ slug: articles.slug, commentCount: articles.commentCount, termsJson: articles.termsJson });
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
