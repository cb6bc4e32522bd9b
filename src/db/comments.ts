import { and, asc, desc, eq, exists, gt, inArray, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ARTICLE_TAG_PREFIX, articleTag, COMMENTS_TAG } from "../domain/cache-tags.ts";
import { COMMENT_PAGE_CHARACTERS, COMMENTS_PER_PAGE, type CommentStatus } from "../domain/comments/comment.ts";
import { publishedArticle } from "./articles.ts";
import type { Database } from "./client.ts";
import { bumpVersions, versionQuery } from "./rendered-responses.ts";
import { articles, type Comment, comments, idempotencyKeys, type NewComment } from "./schema.ts";

const FEED_COMMENT_LIMIT = 50;

const publishedArticleId = (slug: string) =>
  sql`(SELECT ${articles.id} FROM ${articles} WHERE ${articles.slug} = ${slug} AND ${articles.status} = 'published')`;

const isApproved = eq(comments.status, "approved");

/** An article's approved comments, counted afresh: what `articles.comment_count` holds after any change. */
export const approvedCommentCount = (articleId: SQL | number) =>
  sql<number>`(SELECT count(*) FROM ${comments} WHERE ${comments.articleId} = ${articleId} AND ${comments.status} = 'approved')`;

/**
 * The comment page a comment joins when it is approved: the article's newest
 * page while that holds fewer than COMMENTS_PER_PAGE comments and
 * COMMENT_PAGE_CHARACTERS of comment HTML, else the next one. Two index
 * seeks and at most a page of rows, however many comments the article has.
 */
const placement = (articleId: SQL | SQLiteColumn | number) => sql<number>`(
  SELECT CASE
    WHEN newest.page IS NULL THEN 1
    WHEN count(shown.id) < ${COMMENTS_PER_PAGE} AND coalesce(sum(length(shown.body_html)), 0) < ${COMMENT_PAGE_CHARACTERS} THEN newest.page
    ELSE newest.page + 1 END
  FROM (SELECT max(latest.page) AS page FROM ${comments} AS latest WHERE latest.article_id = ${articleId} AND latest.status = 'approved') AS newest
  LEFT JOIN ${comments} AS shown ON shown.article_id = ${articleId} AND shown.status = 'approved' AND shown.page = newest.page)`;

/** The columns public reads need: never the email's ciphertext or hashes, nor the source text. */
const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  depth: comments.depth,
  page: comments.page,
  author: comments.author,
  url: comments.url,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
};

export interface CommentPostQuery {
  slug: string;
  parentId: number | null;
  emailHash: string;
  ipHash: string;
  bodyHash: string;
  /** Comments created after this, by the same commenter or client, are a flood. */
  floodSince: Date;
  /** A retried request's `Idempotency-Key` (hashed), and since when keys count. */
  idempotency?: { keyHash: string; since: Date } | undefined;
}

/** The comment an earlier request with the same idempotency key created, if any. */
const replayOf = (db: Database, idempotency: CommentPostQuery["idempotency"]) =>
  db
    .select({ comment: publicColumns, status: idempotencyKeys.status })
    .from(idempotencyKeys)
    .innerJoin(comments, eq(comments.id, idempotencyKeys.commentId))
    .where(and(eq(idempotencyKeys.keyHash, idempotency?.keyHash ?? ""), gt(idempotencyKeys.createdAt, idempotency?.since ?? new Date(0))))
    .limit(1);

export async function replayedComment(db: Database, idempotency: CommentPostQuery["idempotency"]) {
  return (await replayOf(db, idempotency))[0];
}

const newest = (column: typeof comments.emailHash | typeof comments.ipHash, hash: string, since: Date, db: Database) =>
  db
    .select({ createdAt: comments.createdAt })
    .from(comments)
    .where(and(eq(column, hash), gt(comments.createdAt, since)))
    .orderBy(desc(comments.createdAt))
    .limit(1);

/** Everything a new comment is checked against, read in one round trip. */
export async function commentPostContext(db: Database, query: CommentPostQuery) {
  const [article, parent, approvedBefore, duplicate, byEmail, byClient, replay] = await db.batch([
    publishedArticle(db, query.slug),
    db
      .select({ id: comments.id, articleId: comments.articleId, parentId: comments.parentId, rootId: comments.rootId, depth: comments.depth })
      .from(comments)
      .where(and(eq(comments.id, query.parentId ?? 0), isApproved))
      .limit(1),
    db
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.emailHash, query.emailHash), isApproved))
      .limit(1),
    db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.articleId, publishedArticleId(query.slug)),
          eq(comments.emailHash, query.emailHash),
          eq(comments.bodyHash, query.bodyHash),
          ne(comments.status, "trash"),
        ),
      )
      .limit(1),
    newest(comments.emailHash, query.emailHash, query.floodSince, db),
    newest(comments.ipHash, query.ipHash, query.floodSince, db),
    replayOf(db, query.idempotency),
  ]);
  const recent = [...byEmail, ...byClient].map((row) => row.createdAt.getTime());
  return {
    article: article[0],
    parent: parent[0],
    previouslyApproved: approvedBefore.length > 0,
    isDuplicate: duplicate.length > 0,
    /** The latest comment inside the flood interval from this commenter or client, if any. */
    lastRecentPost: recent.length > 0 ? new Date(Math.max(...recent)) : undefined,
    replay: replay[0],
  };
}

export type InsertOutcome = { stored: Comment } | { refused: "duplicate" | "flood" };

/**
 * Stores a comment and keeps the article's count, in one batch (D1's unit of
 * atomicity). The duplicate index and the flood re-check inside the batch make
 * both rules exact even when requests race: a comment that loses is undone in
 * the same transaction, so nothing of it is stored.
 */
export async function insertComment(
  db: Database,
  comment: NewComment & { ipHash: string },
  floodSince: Date,
  idempotencyKeyHash?: string,
): Promise<InsertOutcome> {
  const recent = alias(comments, "recent");
  // One EXISTS per key, so each uses its (hash, created_at) index.
  const recentBy = (column: "emailHash" | "ipHash") =>
    exists(
      db
        .select({ id: recent.id })
        .from(recent)
        .where(and(eq(recent[column], comment[column]), gt(recent.createdAt, floodSince), ne(recent.guid, comment.guid))),
    );
  const approved = comment.status === "approved";
  const [inserted, undone] = await db.batch([
    db
      .insert(comments)
      .values({ ...comment, page: approved ? placement(comment.articleId) : null })
      .onConflictDoNothing()
      .returning(),
    db
      .delete(comments)
      .where(and(eq(comments.guid, comment.guid), or(recentBy("emailHash"), recentBy("ipHash"))))
      .returning({ id: comments.id }),
    // Remembers the key only if the comment survived both checks above.
    db
      .insert(idempotencyKeys)
      .select(
        db
          .select({
            keyHash: sql<string>`${idempotencyKeyHash ?? null}`.as("key_hash"),
            commentId: comments.id,
            status: sql<"approved" | "pending">`${comment.status === "approved" ? "approved" : "pending"}`.as("status"),
            createdAt: sql<Date>`${comment.createdAt.getTime()}`.as("created_at"),
          })
          .from(comments)
          .where(and(eq(comments.guid, comment.guid), sql`${idempotencyKeyHash ?? null} IS NOT NULL`)),
      )
      .onConflictDoNothing(),
    db
      .update(articles)
      .set({ commentCount: sql`${articles.commentCount} + 1`, commentsChangedAt: comment.createdAt })
      .where(
        and(
          eq(articles.id, comment.articleId),
          sql`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.guid} = ${comment.guid} AND ${comments.status} = 'approved')`,
        ),
      ),
    // Rendered copies of what shows approved comments are stale (a refused comment only costs a re-render).
    ...(approved ? [bumpVersions(db, [articleTag(comment.articleId), COMMENTS_TAG])] : []),
  ]);
  if (!inserted[0]) return { refused: "duplicate" };
  if (undone.length > 0) return { refused: "flood" };
  return { stored: inserted[0] };
}

/** The tag of the article comment `id` is on, as a subquery (null if there is no such comment). */
const tagOfCommentArticle = (id: number) => sql<string>`${ARTICLE_TAG_PREFIX} || (SELECT ${comments.articleId} FROM ${comments} WHERE ${comments.id} = ${id})`;

/**
 * Changes a comment's status and recounts its article's approved comments. An
 * approved comment keeps the page it was first shown on, or joins the newest.
 */
export async function setCommentStatus(db: Database, id: number, status: CommentStatus, now = new Date()) {
  const page = status === "approved" ? sql`coalesce(${comments.page}, ${placement(comments.articleId)})` : comments.page;
  const [updated] = await db.batch([
    db.update(comments).set({ status, page, updatedAt: now }).where(eq(comments.id, id)).returning(),
    db
      .update(articles)
      .set({ commentCount: approvedCommentCount(sql`${articles.id}`), commentsChangedAt: now })
      .where(sql`${articles.id} = (SELECT ${comments.articleId} FROM ${comments} WHERE ${comments.id} = ${id})`),
    bumpVersions(db, [tagOfCommentArticle(id), COMMENTS_TAG]),
  ]);
  return updated[0];
}

/**
 * An article page's data in one round trip: the article, which comment page
 * it shows (`page`, or the newest when null) and the pages either side, that
 * page's approved comments, the ones they reply to that are shown elsewhere,
 * optionally one held comment to show its author, and the version of the
 * article's cache tag the data belongs to. Every statement is an index seek
 * or reads at most one page of comments, however many the article has.
 */
export async function articlePageData(db: Database, slug: string, page: number | null, heldCommentId: number | null) {
  const articleId = publishedArticleId(slug);
  const isShown = sql`${comments.articleId} = ${articleId} AND ${comments.status} = 'approved'`;
  const newest = sql`(SELECT max(${comments.page}) FROM ${comments} WHERE ${isShown})`;
  const shownPage = page === null ? newest : sql`${page}`;
  const onPage = and(eq(comments.articleId, articleId), isApproved, sql`${comments.page} = ${shownPage}`);
  const replying = alias(comments, "replying");
  const [article, pages, shown, repliedTo, held, version] = await db.batch([
    publishedArticle(db, slug),
    db
      // Aliased: D1 names result columns by their SQL text, and `page` may be `newest`'s.
      .select({
        page: sql<number | null>`${shownPage}`.as("page"),
        newest: sql<number | null>`${newest}`.as("newest"),
        previous: sql<number | null>`(SELECT max(${comments.page}) FROM ${comments} WHERE ${isShown} AND ${comments.page} < ${shownPage})`.as("previous"),
        next: sql<number | null>`(SELECT min(${comments.page}) FROM ${comments} WHERE ${isShown} AND ${comments.page} > ${shownPage})`.as("next"),
      })
      .from(sql`(SELECT 1)`),
    db.select(publicColumns).from(comments).where(onPage),
    db
      .select({ id: comments.id, author: comments.author, page: comments.page })
      .from(comments)
      .where(
        and(
          inArray(
            comments.id,
            db
              .select({ id: replying.parentId })
              .from(replying)
              .where(and(eq(replying.articleId, articleId), eq(replying.status, "approved"), sql`${replying.page} = ${shownPage}`)),
          ),
          isApproved,
        ),
      ),
    db
      .select(publicColumns)
      .from(comments)
      .where(and(eq(comments.id, heldCommentId ?? 0), eq(comments.articleId, articleId), ne(comments.status, "approved")))
      .limit(1),
    versionQuery(db, sql`${ARTICLE_TAG_PREFIX} || ${articleId}`),
  ]);
  const { page: shownNumber, newest: newestNumber, previous, next } = pages[0]!;
  return {
    article: article[0],
    page: shownNumber,
    newestPage: newestNumber,
    previousPage: previous,
    nextPage: next,
    /** Oldest first. */
    comments: shown.sort((a, b) => a.id - b.id),
    /** The comments this page's replies answer, when they are shown (here or on another page). */
    repliedTo: new Map(repliedTo.map((row) => [row.id, row])),
    heldComment: held[0],
    version: version[0]!.version,
  };
}

/** Approved comments of one article, oldest first, after the keyset cursor (and the version of the article's cache tag). */
export async function approvedCommentsAfter(db: Database, slug: string, afterId: number, limit: number) {
  const [article, page, version] = await db.batch([
    publishedArticle(db, slug),
    db
      .select(publicColumns)
      .from(comments)
      .where(and(eq(comments.articleId, publishedArticleId(slug)), isApproved, gt(comments.id, afterId)))
      .orderBy(asc(comments.id))
      .limit(limit),
    versionQuery(db, sql`${ARTICLE_TAG_PREFIX} || ${publishedArticleId(slug)}`),
  ]);
  return { article: article[0], comments: page, version: version[0]!.version };
}

/** The article and its latest approved comments, newest first, for its comment feed (and the version of its cache tag). */
export async function articleCommentFeedData(db: Database, slug: string) {
  const [article, latest, version] = await db.batch([
    publishedArticle(db, slug),
    db
      .select()
      .from(comments)
      .where(and(eq(comments.articleId, publishedArticleId(slug)), isApproved))
      .orderBy(desc(comments.id))
      .limit(FEED_COMMENT_LIMIT),
    versionQuery(db, sql`${ARTICLE_TAG_PREFIX} || ${publishedArticleId(slug)}`),
  ]);
  return { article: article[0], comments: latest, version: version[0]!.version };
}

/** The latest approved comments on published articles, site-wide, with their article (and the version of the site's comment tag). */
export async function latestCommentsSiteWide(db: Database) {
  const [entries, changed, version] = await db.batch([
    db
      .select({ comment: comments, article: { slug: articles.slug, title: articles.title } })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(and(isApproved, eq(articles.status, "published")))
      .orderBy(desc(comments.id))
      .limit(FEED_COMMENT_LIMIT),
    db.select({ at: articles.commentsChangedAt }).from(articles).orderBy(desc(articles.commentsChangedAt)).limit(1),
    versionQuery(db, COMMENTS_TAG),
  ]);
  /** When any article's public comments last changed: the feed's Last-Modified. */
  return { entries, lastChange: changed[0]?.at ?? new Date(0), version: version[0]!.version };
}

/** Forgets idempotency keys older than their retention period. */
export function expireIdempotencyKeys(db: Database, before: Date) {
  return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
}

/** Forgets client address hashes older than the retention period. */
export function expireIpHashes(db: Database, before: Date) {
  return db
    .update(comments)
    .set({ ipHash: null })
    .where(and(lt(comments.createdAt, before), sql`${comments.ipHash} IS NOT NULL`));
}
