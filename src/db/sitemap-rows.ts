import { and, asc, between, desc, eq, exists, gt, lte, max, sql } from "drizzle-orm";
import { NEWS_LIMIT, SITEMAP_PAGE_SIZE, type SitemapKind } from "../domain/sitemaps.ts";
import type { Database } from "./client.ts";
import { articles, articleTerms, terms } from "./schema.ts";

const isPublished = eq(articles.status, "published");
/** Sitemap pages are id ranges, so a page's URLs stay put however many articles follow. */
const pageOf = (id: typeof articles.id | typeof terms.id) => sql<number>`(${id} - 1) / ${sql.raw(String(SITEMAP_PAGE_SIZE))} + 1`;
const idsOfPage = (id: typeof articles.id | typeof terms.id, page: number) => between(id, (page - 1) * SITEMAP_PAGE_SIZE + 1, page * SITEMAP_PAGE_SIZE);

/** A term with at least one published article: one worth listing. */
const termInUse = (db: Database) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(articleTerms)
      .innerJoin(articles, eq(articles.id, articleTerms.articleId))
      .where(and(eq(articleTerms.termId, terms.id), isPublished)),
  );

/** The sitemap index: each page of articles with when its newest change was, and each page of sections and tags in use. */
export async function sitemapIndexData(db: Database) {
  const [articlePages, termPages] = await db.batch([
    db
      .select({ page: pageOf(articles.id), lastmod: max(articles.updatedAt) })
      .from(articles)
      .where(isPublished)
      .groupBy(pageOf(articles.id))
      .orderBy(pageOf(articles.id)),
    db
      .select({ page: pageOf(terms.id) })
      .from(terms)
      .where(termInUse(db))
      .groupBy(pageOf(terms.id))
      .orderBy(pageOf(terms.id)),
  ]);
  return { articlePages, termPages: termPages.map((row) => row.page) };
}

/** One sitemap page: published articles (with their last change), or section and tag pages in use. */
export async function sitemapPageRows(db: Database, kind: SitemapKind, page: number) {
  if (kind === "articles") {
    return db
      .select({ slug: articles.slug, updatedAt: articles.updatedAt })
      .from(articles)
      .where(and(idsOfPage(articles.id, page), isPublished))
      .orderBy(asc(articles.id));
  }
  return db
    .select({ taxonomy: terms.taxonomy, slug: terms.slug })
    .from(terms)
    .where(and(idsOfPage(terms.id, page), termInUse(db)))
    .orderBy(asc(terms.id));
}

/** Articles published in Google News's window before `now`, newest first. */
export function recentArticles(db: Database, since: Date, now: Date) {
  return db
    .select({ slug: articles.slug, title: articles.title, publishedAt: articles.publishedAt })
    .from(articles)
    .where(and(isPublished, gt(articles.publishedAt, since), lte(articles.publishedAt, now)))
    .orderBy(desc(articles.publishedAt))
    .limit(NEWS_LIMIT);
}
