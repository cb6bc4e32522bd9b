import { and, asc, count, desc, eq, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Taxonomy } from "../domain/articles/terms.ts";
import { ARCHIVES_TAG, ARTICLE_TAG_PREFIX, COMMENTS_TAG } from "../domain/cache-tags.ts";
import { FEED_SIZE } from "../domain/feeds/feed.ts";
import { isCommentable, isLive, nextScheduled, nextScheduledWithComments } from "./articles.ts";
import type { Database } from "./client.ts";
import { commentableArticle, commentableArticleId } from "./comments.ts";
import { versionQuery } from "./rendered-responses.ts";
import { type Article, articles, articleTerms, comments, terms } from "./schema.ts";
import { inTerm, nextScheduledInTerm } from "./term-rows.ts";

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

const isApproved = eq(comments.status, "approved");

/**
 * The version a feed document's rendering belongs to: the current one's tag
 * (`current`, a tag or a subquery giving one), or for an archive page the
 * archives' tag.
 */
const documentVersion = (db: Database, page: number | null, current: string | SQL) => versionQuery(db, page === null ? current : ARCHIVES_TAG);

/** A page of live articles (all, or a section's or tag's), how many there are, and the last change: as statements to batch. */
function articleFeedQueries(db: Database, page: number | null, term?: { taxonomy: Taxonomy; slug: string }) {
  const filter = term ? and(isLive, inTerm(term)) : isLive;
  const from = <Q extends SQLiteSelect>(query: Q) =>
    term ? query.innerJoin(articleTerms, eq(articleTerms.articleId, articles.id)).innerJoin(terms, eq(terms.id, articleTerms.termId)) : query;
  return [
    inWindow(from(db.select({ article: articles }).from(articles).$dynamic()).where(filter), page, FEED_SIZE.articles, articles.publishedAt, articles.id),
    from(db.select({ n: count() }).from(articles).$dynamic()).where(filter),
    // When any article last changed, unpublishing included: the feed's date never goes back.
    db.select({ at: articles.updatedAt }).from(articles).orderBy(desc(articles.updatedAt)).limit(1),
    // Article feeds show comment counts: comment activity, and every article change, bump this tag.
    documentVersion(db, page, COMMENTS_TAG),
  ] as const;
}

type ArticleFeedRows = readonly [{ article: Article }[], { n: number }[], { at: Date }[], { version: number }[]];

const articleFeedOf = ([items, total, changed, version]: ArticleFeedRows, page: number | null) => ({
  articles: newestFirst(
    items.map((row) => row.article),
    page,
  ),
  total: total[0]?.n ?? 0,
  lastChange: changed[0]?.at ?? new Date(0),
  version: version[0]!.version,
});

/** The site's article feed, and when its next scheduled article goes live (the current document changes then). */
export async function articleFeedData(db: Database, page: number | null) {
  const [items, total, changed, version, next] = await db.batch([...articleFeedQueries(db, page), nextScheduled(db)]);
  return { ...articleFeedOf([items, total, changed, version], page), nextScheduledAt: next[0]?.at };
}

/** A section's or tag's article feed, the term itself (undefined: there is no such term), and when its next scheduled article goes live. */
export async function termFeedData(db: Database, term: { taxonomy: Taxonomy; slug: string }, page: number | null) {
  const [items, total, changed, version, termRow, next] = await db.batch([
    ...articleFeedQueries(db, page, term),
    db.select().from(terms).where(inTerm(term)).limit(1),
    nextScheduledInTerm(db, term),
  ]);
  return { ...articleFeedOf([items, total, changed, version], page), term: termRow[0], nextScheduledAt: next[0]?.publishedAt };
}

/** The live article (or outside thread) and a page of its approved comments, for its comment feed, and the version its document belongs to. */
export async function articleCommentFeedData(db: Database, slug: string, page: number | null) {
  const [article, items, version] = await db.batch([
    commentableArticle(db, slug),
    inWindow(
      db
        .select()
        .from(comments)
        .where(and(eq(comments.articleId, commentableArticleId(slug)), isApproved))
        .$dynamic(),
      page,
      FEED_SIZE.comments,
      comments.id,
    ),
    documentVersion(db, page, sql`${ARTICLE_TAG_PREFIX} || ${commentableArticleId(slug)}`),
  ]);
  return { article: article[0], comments: newestFirst(items, page), version: version[0]!.version };
}

/**
 * A page of approved comments on live articles and outside threads site-wide, with their article,
 * how many there are, the last change, the version, and when comments waiting
 * for their article's time appear (a scheduled article that has comments).
 */
export async function siteCommentFeedData(db: Database, page: number | null) {
  const [entries, total, changed, version, next] = await db.batch([
    inWindow(
      db
        .select({ comment: comments, article: { slug: articles.slug, title: articles.title, pageUrl: articles.pageUrl } })
        .from(comments)
        .innerJoin(articles, eq(articles.id, comments.articleId))
        .where(and(isApproved, isCommentable))
        .$dynamic(),
      page,
      FEED_SIZE.comments,
      comments.id,
    ),
    // Each article keeps its approved-comment count: summing them never counts comments.
    db
      .select({ n: sql<number>`coalesce(sum(${articles.commentCount}), 0)` })
      .from(articles)
      .where(isCommentable),
    db.select({ at: articles.commentsChangedAt }).from(articles).orderBy(desc(articles.commentsChangedAt)).limit(1),
    documentVersion(db, page, COMMENTS_TAG),
    nextScheduledWithComments(db),
  ]);
  return {
    entries: newestFirst(entries, page),
    total: total[0]?.n ?? 0,
    lastChange: changed[0]?.at ?? new Date(0),
    version: version[0]!.version,
    nextScheduledAt: next[0]?.at,
  };
}
