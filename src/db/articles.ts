import { and, desc, eq, sql } from "drizzle-orm";
import type { ArticleDraft } from "../domain/article-source.ts";
import type { AnyDatabase, Database } from "./client.ts";
import { articles, type Article } from "./schema.ts";

export const FEED_ARTICLE_LIMIT = 20;

const isPublished = eq(articles.status, "published");

export function latestArticles(db: Database, limit = FEED_ARTICLE_LIMIT): Promise<Article[]> {
  return db.select().from(articles).where(isPublished).orderBy(desc(articles.publishedAt), desc(articles.id)).limit(limit);
}

export async function publishedArticleBySlug(db: Database, slug: string): Promise<Article | undefined> {
  return db.query.articles.findFirst({ where: and(eq(articles.slug, slug), isPublished) });
}

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
        slug: sql`excluded.slug`,
        title: sql`excluded.title`,
        summary: sql`excluded.summary`,
        body: sql`excluded.body`,
        bodyHtml: sql`excluded.body_html`,
        source: sql`excluded.source`,
        status: "published",
        ...(draft.publishedAt ? { publishedAt: sql`excluded.published_at` } : {}),
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: changed,
    });
}
