import { and, asc, desc, eq, exists, gt, inArray, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { COMMENTS_PER_PAGE, type CommentStatus } from "../domain/comments/comment.ts";
import type { ModerationNote } from "../domain/comments/moderation.ts";
import { isCommentable } from "./articles.ts";
import type { Database } from "./client.ts";
import { rulesFor } from "./commenter-rules.ts";
import { storedDiscussionSettings } from "./discussion-settings.ts";
import { articles, type Comment, comments, idempotencyKeys, type NewComment } from "./schema.ts";

const FEED_COMMENT_LIMIT = 50;

/** The live article or outside thread at `slug`, as a one-row query to run or to batch with others. */
const commentableArticle = (db: Database, slug: string) =>
  db
    .select()
    .from(articles)
    .where(and(eq(articles.slug, slug), isCommentable))
    .limit(1);

const publishedArticleId = (slug: string) => sql`(SELECT ${articles.id} FROM ${articles} WHERE ${articles.slug} = ${slug} AND ${isCommentable})`;

const isApproved = eq(comments.status, "approved");

/** An article's approved comments, counted afresh: what `articles.comment_count` holds after any change. */
export const approvedCommentCount = (articleId: SQL | number) =>
  sql<number>`(SELECT count(*) FROM ${comments} WHERE ${comments.articleId} = ${articleId} AND ${comments.status} = 'approved')`;

/** The columns public reads need: never the email's ciphertext or hashes, nor the source text. */
const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  depth: comments.depth,
  author: comments.author,
  url: comments.url,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
};

export interface CommentPostQuery {
  slug: string;
  parentId: number | null;
  /** The name given: trust ("previously approved") is for a name and email together, as WordPress does it. */
  author: string;
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
    .select({ comment: publicColumns, status: idempotencyKeys.status, payloadHash: idempotencyKeys.payloadHash })
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

/** Everything a new comment is checked against, read in one round trip (the owner's settings and rules included, always fresh). */
export async function commentPostContext(db: Database, query: CommentPostQuery) {
  const [article, parent, approvedBefore, duplicate, byEmail, byClient, replay, settings, rules] = await db.batch([
    commentableArticle(db, query.slug),
    db
      .select({ id: comments.id, articleId: comments.articleId, parentId: comments.parentId, rootId: comments.rootId, depth: comments.depth })
      .from(comments)
      .where(and(eq(comments.id, query.parentId ?? 0), isApproved))
      .limit(1),
    db
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.emailHash, query.emailHash), sql`${comments.author} = ${query.author} COLLATE NOCASE`, isApproved))
      .limit(1),
    db
      .select({ fromThisClient: sql<number>`${comments.ipHash} IS ${query.ipHash}` })
      .from(comments)
      .where(
        and(
          eq(comments.articleId, publishedArticleId(query.slug)),
          eq(comments.emailHash, query.emailHash),
          eq(comments.bodyHash, query.bodyHash),
          // A comment the disallowed keys sent to the trash still counts: its poster must hear "duplicate" as for a held one.
          or(ne(comments.status, "trash"), sql`json_extract(${comments.moderation}, '$.reason') = 'disallowed_key'`),
        ),
      )
      .orderBy(sql`${comments.ipHash} IS ${query.ipHash} DESC`)
      .limit(1),
    newest(comments.emailHash, query.emailHash, query.floodSince, db),
    newest(comments.ipHash, query.ipHash, query.floodSince, db),
    replayOf(db, query.idempotency),
    storedDiscussionSettings(db),
    rulesFor(db, query.emailHash, query.ipHash),
  ]);
  const recent = [...byEmail, ...byClient].map((row) => row.createdAt.getTime());
  return {
    article: article[0],
    parent: parent[0],
    previouslyApproved: approvedBefore.length > 0,
    /** The same text by the same commenter on this article: sent before by this very client, or by another. */
    duplicate: duplicate[0] === undefined ? undefined : duplicate[0].fromThisClient ? ("this client" as const) : ("another client" as const),
    /** The latest comment inside the flood interval from this commenter or client, if any. */
    lastRecentPost: recent.length > 0 ? new Date(Math.max(...recent)) : undefined,
    replay: replay[0],
    /** The stored discussion settings. */
    settings,
    /** Blocks and trust that may apply: the email's rule, and blocks on the client address. */
    rules,
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
  idempotency?: { keyHash: string; payloadHash: string },
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
  const [inserted, undone, , keyTaken] = await db.batch([
    db.insert(comments).values(comment).onConflictDoNothing().returning(),
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
            keyHash: sql<string>`${idempotency?.keyHash ?? null}`.as("key_hash"),
            commentId: comments.id,
            status: sql<"approved" | "pending">`${comment.status === "approved" ? "approved" : "pending"}`.as("status"),
            payloadHash: sql<string>`${idempotency?.payloadHash ?? null}`.as("payload_hash"),
            createdAt: sql<Date>`${comment.createdAt.getTime()}`.as("created_at"),
          })
          .from(comments)
          .where(and(eq(comments.guid, comment.guid), sql`${idempotency?.keyHash ?? null} IS NOT NULL`)),
      )
      .onConflictDoNothing(),
    // A retry with the same key that raced in from elsewhere (another address, so past the duplicate index): the key's first comment stands.
    db
      .delete(comments)
      .where(
        and(
          eq(comments.guid, comment.guid),
          sql`${idempotency?.keyHash ?? null} IS NOT NULL`,
          sql`NOT EXISTS (SELECT 1 FROM ${idempotencyKeys} WHERE ${idempotencyKeys.keyHash} = ${idempotency?.keyHash ?? null} AND ${idempotencyKeys.commentId} = ${comments.id})`,
        ),
      )
      .returning({ id: comments.id }),
    db
      .update(articles)
      .set({ commentCount: sql`${articles.commentCount} + 1`, commentsChangedAt: comment.createdAt })
      .where(
        and(
          eq(articles.id, comment.articleId),
          sql`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.guid} = ${comment.guid} AND ${comments.status} = 'approved')`,
        ),
      ),
  ]);
  if (!inserted[0]) return { refused: "duplicate" };
  if (undone.length > 0) return { refused: "flood" };
  if (keyTaken.length > 0) return { refused: "duplicate" };
  return { stored: inserted[0] };
}

/**
 * Holds a published comment a classifier flagged after it was stored, noting
 * why (a comment already held, spammed or trashed keeps its status and gains
 * the note); recounts its article. Whether it had been published, and its
 * article, so the caller can purge its pages.
 */
export async function holdFlaggedComment(db: Database, id: number, note: ModerationNote, now: Date) {
  const [before] = await db.batch([
    db
      .select({ status: comments.status, slug: articles.slug, commentCount: articles.commentCount })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(eq(comments.id, id)),
    db
      .update(comments)
      .set({ status: sql`CASE ${comments.status} WHEN 'approved' THEN 'pending' ELSE ${comments.status} END`, moderation: note, updatedAt: now })
      .where(eq(comments.id, id)),
    db
      .update(articles)
      .set({ commentCount: approvedCommentCount(sql`${articles.id}`), commentsChangedAt: now })
      .where(sql`${articles.id} = (SELECT ${comments.articleId} FROM ${comments} WHERE ${comments.id} = ${id})`),
  ]);
  return before[0];
}

/** Changes a comment's status and recounts its article's approved comments. */
export async function setCommentStatus(db: Database, id: number, status: CommentStatus, now = new Date()) {
  const [updated] = await db.batch([
    db.update(comments).set({ status, updatedAt: now }).where(eq(comments.id, id)).returning(),
    db
      .update(articles)
      .set({ commentCount: approvedCommentCount(sql`${articles.id}`), commentsChangedAt: now })
      .where(sql`${articles.id} = (SELECT ${comments.articleId} FROM ${comments} WHERE ${comments.id} = ${id})`),
  ]);
  return updated[0];
}

/**
 * The article page's data in one round trip: the article, page `page` of its
 * approved top-level comments (`perPage` to a page), all their approved
 * replies, whether a further page exists, and optionally one held (pending)
 * comment to show its author. Each statement reads through an index, never
 * the article's other comments.
 */
export async function articlePageData(db: Database, slug: string, page: number, heldQuery: { id: number; since: Date } | null, perPage = COMMENTS_PER_PAGE) {
  const isTopLevel = and(eq(comments.articleId, publishedArticleId(slug)), isApproved, eq(comments.depth, 1));
  const topLevelIds = (limit: number, offset: number) =>
    db.select({ id: comments.id }).from(comments).where(isTopLevel).orderBy(asc(comments.id)).limit(limit).offset(offset);
  const offset = (page - 1) * perPage;
  const [article, threads, replies, nextPage, held] = await db.batch([
    commentableArticle(db, slug),
    db.select(publicColumns).from(comments).where(isTopLevel).orderBy(asc(comments.id)).limit(perPage).offset(offset),
    db
      .select(publicColumns)
      .from(comments)
      // No ORDER BY: sorting here would tempt SQLite into walking every approved comment.
      .where(and(inArray(comments.rootId, topLevelIds(perPage, offset)), isApproved)),
    topLevelIds(1, page * perPage),
    db
      .select(publicColumns)
      .from(comments)
      .where(
        and(
          eq(comments.id, heldQuery?.id ?? 0),
          eq(comments.articleId, publishedArticleId(slug)),
          // Only a comment still waiting: one the filters sent to spam or the trash is shown to nobody (hardening contract).
          eq(comments.status, "pending"),
          gt(comments.createdAt, heldQuery?.since ?? new Date()),
        ),
      )
      .limit(1),
  ]);
  return {
    article: article[0],
    comments: [...threads, ...replies].sort((a, b) => a.id - b.id),
    hasNextPage: nextPage.length > 0,
    heldComment: held[0],
  };
}

/** Approved comments of one article, oldest first, after the keyset cursor. */
export async function approvedCommentsAfter(db: Database, slug: string, afterId: number, limit: number) {
  const [article, page] = await db.batch([
    commentableArticle(db, slug),
    db
      .select(publicColumns)
      .from(comments)
      .where(and(eq(comments.articleId, publishedArticleId(slug)), isApproved, gt(comments.id, afterId)))
      .orderBy(asc(comments.id))
      .limit(limit),
  ]);
  return { article: article[0], comments: page };
}

/** The article and its latest approved comments, newest first, for its comment feed. */
export async function articleCommentFeedData(db: Database, slug: string) {
  const [article, latest] = await db.batch([
    commentableArticle(db, slug),
    db
      .select()
      .from(comments)
      .where(and(eq(comments.articleId, publishedArticleId(slug)), isApproved))
      .orderBy(desc(comments.id))
      .limit(FEED_COMMENT_LIMIT),
  ]);
  return { article: article[0], comments: latest };
}

/** The latest approved comments on published articles, site-wide, with their article. */
export async function latestCommentsSiteWide(db: Database) {
  const [entries, changed] = await db.batch([
    db
      .select({ comment: comments, article: { slug: articles.slug, title: articles.title, pageUrl: articles.pageUrl } })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(and(isApproved, isCommentable))
      .orderBy(desc(comments.id))
      .limit(FEED_COMMENT_LIMIT),
    db.select({ at: articles.commentsChangedAt }).from(articles).orderBy(desc(articles.commentsChangedAt)).limit(1),
  ]);
  /** When any article's public comments last changed: the feed's Last-Modified. */
  return { entries, lastChange: changed[0]?.at ?? new Date(0) };
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
