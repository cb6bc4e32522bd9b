import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Taxonomy } from "../domain/articles/terms.ts";
import { FEED_SIZE } from "../domain/feeds/feed.ts";
import { publishedArticle } from "./articles.ts";
import type { Database } from "./client.ts";
import { publishedArticleId } from "./comments.ts";
import { type Article, articles, articleTerms, comments, terms } from "./schema.ts";
import { inTerm } from "./term-rows.ts";

/**
 * A feed document's items: the newest for the current document (`page`
 * null), or archive page `page` counted from the oldest, so an archive page
 * holds the same items however many arrive later. The page is read in
 * oldest-first order through the same index; callers reverse it.
 */
function inWindow<Q extends SQLiteSelect>(query: Q, page: number | null, size: number, ...order: SQLiteColumn[]) {
  return page === null
    ? query.orderBy(...order.map((column) => desc(column))).limit(size)
    : query
        .orderBy(...order.map((column) => asc(column)))
        .limit(size)
        .offset((page - 1) * size);
}

const newestFirst = <T>(rows: T[], page: number | null) => (page === null ? rows : rows.reverse());

const isPublished = eq(articles.status, "published");
const isApproved = eq(comments.status, "approved");

/** A page of published articles (all, or a section's or tag's), how many there are, and the last change: as statements to batch. */
function articleFeedQueries(db: Database, page: number | null, term?: { taxonomy: Taxonomy; slug: string }) {
  const filter = term ? and(isPublished, inTerm(term)) : isPublished;
  const from = <Q extends SQLiteSelect>(query: Q) =>
    term ? query.innerJoin(articleTerms, eq(articleTerms.articleId, articles.id)).innerJoin(terms, eq(terms.id, articleTerms.termId)) : query;
  return [
    inWindow(from(db.select({ article: articles }).from(articles).$dynamic()).where(filter), page, FEED_SIZE.articles, articles.publishedAt, articles.id),
    from(db.select({ n: count() }).from(articles).$dynamic()).where(filter),
    // When any article last changed, unpublishing included: the feed's date never goes back.
    db.select({ at: articles.updatedAt }).from(articles).orderBy(desc(articles.updatedAt)).limit(1),
  ] as const;
}

type ArticleFeedRows = readonly [{ article: Article }[], { n: number }[], { at: Date }[]];

const articleFeedOf = ([items, total, changed]: ArticleFeedRows, page: number | null) => ({
  articles: newestFirst(
    items.map((row) => row.article),
    page,
  ),
  total: total[0]?.n ?? 0,
  lastChange: changed[0]?.at ?? new Date(0),
});

/** The site's article feed. */
export async function articleFeedData(db: Database, page: number | null) {
  return articleFeedOf(await db.batch(articleFeedQueries(db, page)), page);
}

/** A section's or tag's article feed, and the term itself (undefined: there is no such term). */
export async function termFeedData(db: Database, term: { taxonomy: Taxonomy; slug: string }, page: number | null) {
  const [items, total, changed, termRow] = await db.batch([...articleFeedQueries(db, page, term), db.select().from(terms).where(inTerm(term)).limit(1)]);
  return { ...articleFeedOf([items, total, changed], page), term: termRow[0] };
}

/** The article and a page of its approved comments, for its comment feed. */
export async function articleCommentFeedData(db: Database, slug: string, page: number | null) {
  const [article, items] = await db.batch([
    publishedArticle(db, slug),
    inWindow(
      db
        .select()
        .from(comments)
        .where(and(eq(comments.articleId, publishedArticleId(slug)), isApproved))
        .$dynamic(),
      page,
      FEED_SIZE.comments,
      comments.id,
    ),
  ]);
  return { article: article[0], comments: newestFirst(items, page) };
}

/** A page of approved comments on published articles site-wide, with their article, how many there are, and the last change. */
export async function siteCommentFeedData(db: Database, page: number | null) {
  const [entries, total, changed] = await db.batch([
    inWindow(
      db
        .select({ comment: comments, article: { slug: articles.slug, title: articles.title } })
        .from(comments)
        .innerJoin(articles, eq(articles.id, comments.articleId))
        .where(and(isApproved, isPublished))
        .$dynamic(),
      page,
      FEED_SIZE.comments,
      comments.id,
    ),
    // Each article keeps its approved-comment count: summing them never counts comments.
    db
      .select({ n: sql<number>`coalesce(sum(${articles.commentCount}), 0)` })
      .from(articles)
      .where(isPublished),
    db.select({ at: articles.commentsChangedAt }).from(articles).orderBy(desc(articles.commentsChangedAt)).limit(1),
  ]);
  return { entries: newestFirst(entries, page), total: total[0]?.n ?? 0, lastChange: changed[0]?.at ?? new Date(0) };
}
