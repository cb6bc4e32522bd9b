import { and, asc, between, desc, eq, exists, gt, max, sql } from "drizzle-orm";
import { ARTICLES_TAG } from "../domain/cache-tags.ts";
import { NEWS_LIMIT, SITEMAP_PAGE_SIZE, type SitemapKind } from "../domain/sitemaps.ts";
import { isLive, nextScheduled } from "./articles.ts";
import type { Database } from "./client.ts";
import { versionQuery } from "./rendered-responses.ts";
import { articles, articleTerms, terms } from "./schema.ts";

/** Sitemap pages are id ranges, so a page's URLs stay put however many articles follow. */
const pageOf = (id: typeof articles.id | typeof terms.id) => sql<number>`(${id} - 1) / ${sql.raw(String(SITEMAP_PAGE_SIZE))} + 1`;
const idsOfPage = (id: typeof articles.id | typeof terms.id, page: number) => between(id, (page - 1) * SITEMAP_PAGE_SIZE + 1, page * SITEMAP_PAGE_SIZE);

/** A term with at least one live article: one worth listing. */
const termInUse = (db: Database) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(articleTerms)
      .innerJoin(articles, eq(articles.id, articleTerms.articleId))
      .where(and(eq(articleTerms.termId, terms.id), isLive)),
  );

/**
 * The sitemap index in one round trip: each page of articles with when its
 * newest change was, and each page of sections and tags in use; when the
 * next scheduled article goes live, and the version of the lists' tag.
 */
export async function sitemapIndexData(db: Database) {
  const [articlePages, termPages, next, version] = await db.batch([
    db
      .select({ page: pageOf(articles.id), lastmod: max(articles.updatedAt) })
      .from(articles)
      .where(isLive)
      .groupBy(pageOf(articles.id))
      .orderBy(pageOf(articles.id)),
    db
      .select({ page: pageOf(terms.id) })
      .from(terms)
      .where(termInUse(db))
      .groupBy(pageOf(terms.id))
      .orderBy(pageOf(terms.id)),
    nextScheduled(db),
    versionQuery(db, ARTICLES_TAG),
  ]);
  return { articlePages, termPages: termPages.map((row) => row.page), nextScheduledAt: next[0]?.at, version: version[0]!.version };
}

/** A query for one sitemap page: live articles (with their last change), or section and tag pages in use. */
function sitemapPageQuery(db: Database, kind: SitemapKind, page: number) {
  if (kind === "articles") {
    return db
      .select({ slug: articles.slug, updatedAt: articles.updatedAt })
      .from(articles)
      .where(and(idsOfPage(articles.id, page), isLive))
      .orderBy(asc(articles.id));
  }
  return db
    .select({ taxonomy: terms.taxonomy, slug: terms.slug })
    .from(terms)
    .where(and(idsOfPage(terms.id, page), termInUse(db)))
    .orderBy(asc(terms.id));
}

/** One sitemap page's rows, when the next scheduled article goes live, and the version of the lists' tag: one round trip. */
export async function sitemapPageData(db: Database, kind: SitemapKind, page: number) {
  const [rows, next, version] = await db.batch([sitemapPageQuery(db, kind, page), nextScheduled(db), versionQuery(db, ARTICLES_TAG)]);
  return { rows, nextScheduledAt: next[0]?.at, version: version[0]!.version };
}

/**
 * Live articles published after `since` (Google News's window), newest
 * first; when the next scheduled article goes live; and the version of the
 * lists' tag: one round trip.
 */
export async function newsSitemapData(db: Database, since: Date) {
  const [recent, next, version] = await db.batch([
    db
      .select({ slug: articles.slug, title: articles.title, publishedAt: articles.publishedAt })
      .from(articles)
      .where(and(isLive, gt(articles.publishedAt, since)))
      .orderBy(desc(articles.publishedAt))
      .limit(NEWS_LIMIT),
    nextScheduled(db),
    versionQuery(db, ARTICLES_TAG),
  ]);
  return { articles: recent, nextScheduledAt: next[0]?.at, version: version[0]!.version };
}
