import { and, asc, desc, eq, exists, getTableColumns, gt, inArray, lt, ne, or, type Placeholder, type SQL, sql } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { ARTICLE_TAG_PREFIX, articleTag, COMMENTS_TAG } from "../domain/cache-tags.ts";
import { COMMENT_PAGE_CHARACTERS, COMMENTS_PER_PAGE, type CommentStatus, type PublicCommentRow } from "../domain/comments/comment.ts";
import { publishedArticle } from "./articles.ts";
import type { Database } from "./client.ts";
import { compiledQuery, selectedRow } from "./compiled-query.ts";
import { bumpVersions, versionQuery } from "./rendered-responses.ts";
import { articles, type Comment, comments, idempotencyKeys, type NewComment } from "./schema.ts";

const FEED_COMMENT_LIMIT = 50;

const publishedArticleId = (slug: string) =>
  sql`(SELECT ${articles.id} FROM ${articles} WHERE ${articles.slug} = ${slug} AND ${articles.status} = 'published')`;

const isApproved = eq(comments.status, "approved");
const isPublishedArticle = eq(articles.status, "published");

/** An article's approved comments, counted afresh: what `articles.comment_count` holds after any change. */
export const approvedCommentCount = (articleId: SQL | number) =>
  sql<number>`(SELECT count(*) FROM ${comments} WHERE ${comments.articleId} = ${articleId} AND ${comments.status} = 'approved')`;

/**
 * The comment page a comment joins when it is approved: the article's newest
 * page while that holds fewer than COMMENTS_PER_PAGE comments and
 * COMMENT_PAGE_CHARACTERS of comment HTML, else the next one. Two index
 * seeks and at most a page of rows, however many comments the article has.
 */
const placement = (articleId: SQL | SQLiteColumn | Placeholder | number) => sql<number>`(
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

const placeholder = (name: string) => sql.placeholder(name);

/** The comment an earlier request with the same idempotency key created, if any (`keyHash`, `since`). */
const replayQuery = compiledQuery<{ keyHash: string; since: number }>((db) =>
  db
    .select({ ...publicColumns, status: idempotencyKeys.status })
    .from(idempotencyKeys)
    .innerJoin(comments, eq(comments.id, idempotencyKeys.commentId))
    .where(and(eq(idempotencyKeys.keyHash, placeholder("keyHash")), gt(idempotencyKeys.createdAt, placeholder("since"))))
    .limit(1),
);

type ReplayRow = Record<string, unknown> & { status: "approved" | "pending" };
const replayFrom = (row: ReplayRow | undefined) => row && { comment: selectedRow(comments, row) as unknown as PublicCommentRow, status: row.status };

export async function replayedComment(db: Database, idempotency: CommentPostQuery["idempotency"]) {
  if (!idempotency) return undefined;
  return replayFrom((await replayQuery(db, { keyHash: idempotency.keyHash, since: idempotency.since.getTime() }).first<ReplayRow>()) ?? undefined);
}

/**
 * Everything a new comment is checked against, as one row: the article, the
 * parent (approved) if one was named, whether the commenter had a comment
 * approved before, whether this is a duplicate, and the commenter's and the
 * client's latest comments inside the flood interval. Each part an index seek.
 */
const postContextQuery = compiledQuery<{ slug: string; parentId: number; emailHash: string; ipHash: string; bodyHash: string; floodSince: number }>((db) => {
  const parent = alias(comments, "parent");
  const emailHash = placeholder("emailHash");
  const latestBy = (column: typeof comments.emailHash | typeof comments.ipHash, hash: SQL.Aliased | ReturnType<typeof placeholder>) =>
    sql<number | null>`(SELECT max(${comments.createdAt}) FROM ${comments} WHERE ${column} = ${hash} AND ${comments.createdAt} > ${placeholder("floodSince")})`;
  return db
    .select({
      articleId: sql<number | null>`${articles.id}`.as("article_id"),
      articleSlug: sql<string>`${articles.slug}`.as("article_slug"),
      articleTitle: sql<string>`${articles.title}`.as("article_title"),
      parentId: sql<number | null>`${parent.id}`.as("parent_id"),
      parentArticleId: sql<number>`${parent.articleId}`.as("parent_article_id"),
      parentParentId: sql<number | null>`${parent.parentId}`.as("parent_parent_id"),
      parentRootId: sql<number | null>`${parent.rootId}`.as("parent_root_id"),
      parentDepth: sql<number>`${parent.depth}`.as("parent_depth"),
      previouslyApproved: sql<number>`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.emailHash} = ${emailHash} AND ${comments.status} = 'approved')`.as(
        "previously_approved",
      ),
      duplicate: sql<number>`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.articleId} = ${articles.id} AND ${comments.emailHash} = ${emailHash}
          AND ${comments.bodyHash} = ${placeholder("bodyHash")} AND ${comments.status} != 'trash')`.as("duplicate"),
      latestByEmail: latestBy(comments.emailHash, emailHash).as("latest_by_email"),
      latestByClient: latestBy(comments.ipHash, placeholder("ipHash")).as("latest_by_client"),
    })
    .from(sql`(SELECT 1)`)
    .leftJoin(articles, and(eq(articles.slug, placeholder("slug")), isPublishedArticle))
    .leftJoin(parent, and(eq(parent.id, placeholder("parentId")), eq(parent.status, "approved")));
});

interface PostContextRow {
  article_id: number | null;
  article_slug: string;
  article_title: string;
  parent_id: number | null;
  parent_article_id: number;
  parent_parent_id: number | null;
  parent_root_id: number | null;
  parent_depth: number;
  previously_approved: number;
  duplicate: number;
  latest_by_email: number | null;
  latest_by_client: number | null;
}

/** Everything a new comment is checked against, read in one round trip (built once: this is the hottest write). */
export async function commentPostContext(db: Database, query: CommentPostQuery) {
  const context = postContextQuery(db, {
    slug: query.slug,
    parentId: query.parentId ?? 0,
    emailHash: query.emailHash,
    ipHash: query.ipHash,
    bodyHash: query.bodyHash,
    floodSince: query.floodSince.getTime(),
  });
  const { idempotency } = query;
  const statements = idempotency ? [context, replayQuery(db, { keyHash: idempotency.keyHash, since: idempotency.since.getTime() })] : [context];
  const [known, replay] = (await (db.$client as D1Database).batch(statements)) as [D1Result<PostContextRow>, D1Result<ReplayRow>?];
  const row = known.results[0]!;
  const recent = [row.latest_by_email, row.latest_by_client].filter((at) => at !== null);
  return {
    article: row.article_id === null ? undefined : { id: row.article_id, slug: row.article_slug, title: row.article_title },
    parent:
      row.parent_id === null
        ? undefined
        : { id: row.parent_id, articleId: row.parent_article_id, parentId: row.parent_parent_id, rootId: row.parent_root_id, depth: row.parent_depth },
    previouslyApproved: row.previously_approved === 1,
    isDuplicate: row.duplicate === 1,
    /** The latest comment inside the flood interval from this commenter or client, if any. */
    lastRecentPost: recent.length > 0 ? new Date(Math.max(...recent)) : undefined,
    replay: replayFrom(replay?.results[0]),
  };
}

export type InsertOutcome = { stored: Comment } | { refused: "duplicate" | "flood" };

/** A new comment's row, every value a placeholder named as its column's key; approved ones are put on a page. */
const insertQuery = (approved: boolean) =>
  compiledQuery<Record<string, unknown>>((db) => {
    const values = Object.fromEntries(Object.keys(getTableColumns(comments)).map((key) => [key, placeholder(key)]));
    return db
      .insert(comments)
      .values({ ...values, id: sql`NULL`, page: approved ? placement(placeholder("articleId")) : sql`NULL` } as unknown as NewComment)
      .onConflictDoNothing()
      .returning();
  });
const insertApproved = insertQuery(true);
const insertHeld = insertQuery(false);

/** Undoes the comment `guid` if a comment by the same commenter or client came in after `floodSince` (one EXISTS per key, each on its index). */
const floodUndoQuery = compiledQuery<{ guid: string; emailHash: string; ipHash: string; floodSince: number }>((db) => {
  const recent = alias(comments, "recent");
  const recentBy = (column: "emailHash" | "ipHash") =>
    exists(
      db
        .select({ id: recent.id })
        .from(recent)
        .where(and(eq(recent[column], placeholder(column)), gt(recent.createdAt, placeholder("floodSince")), ne(recent.guid, placeholder("guid")))),
    );
  return db
    .delete(comments)
    .where(and(eq(comments.guid, placeholder("guid")), or(recentBy("emailHash"), recentBy("ipHash"))))
    .returning({ id: comments.id });
});

/** Remembers an idempotency key for the comment `guid`, if it survived the checks before it in the batch. */
const keepKeyQuery = compiledQuery<{ keyHash: string; status: string; createdAt: number; guid: string }>((db) =>
  db
    .insert(idempotencyKeys)
    .select(
      db
        .select({
          keyHash: sql<string>`${placeholder("keyHash")}`.as("key_hash"),
          commentId: comments.id,
          status: sql<"approved" | "pending">`${placeholder("status")}`.as("status"),
          createdAt: sql<Date>`${placeholder("createdAt")}`.as("created_at"),
        })
        .from(comments)
        .where(eq(comments.guid, placeholder("guid"))),
    )
    .onConflictDoNothing(),
);

/** Counts an approved comment on its article, if it survived the checks before it in the batch. */
const countQuery = compiledQuery<{ articleId: number; createdAt: number; guid: string }>((db) =>
  db
    .update(articles)
    .set({ commentCount: sql`${articles.commentCount} + 1`, commentsChangedAt: sql`${placeholder("createdAt")}` })
    .where(
      and(
        eq(articles.id, placeholder("articleId")),
        sql`EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.guid} = ${placeholder("guid")} AND ${comments.status} = 'approved')`,
      ),
    ),
);

const bumpArticleQuery = compiledQuery<{ articleTag: string }>((db) => bumpVersions(db, [placeholder("articleTag"), COMMENTS_TAG]));

/**
 * Stores a comment and keeps the article's count, in one batch (D1's unit of
 * atomicity). The duplicate index and the flood re-check inside the batch make
 * both rules exact even when requests race: a comment that loses is undone in
 * the same transaction, so nothing of it is stored. Built once, as the read.
 */
export async function insertComment(
  db: Database,
  comment: NewComment & { ipHash: string },
  floodSince: Date,
  idempotencyKeyHash?: string,
): Promise<InsertOutcome> {
  const approved = comment.status === "approved";
  const values = Object.fromEntries(
    Object.entries(getTableColumns(comments)).map(([key, column]) => {
      const value = comment[key as keyof NewComment];
      return [key, value === undefined || value === null ? null : column.mapToDriverValue(value)];
    }),
  );
  const createdAt = comment.createdAt.getTime();
  const statements = [
    (approved ? insertApproved : insertHeld)(db, values),
    floodUndoQuery(db, { guid: comment.guid, emailHash: comment.emailHash, ipHash: comment.ipHash, floodSince: floodSince.getTime() }),
  ];
  if (idempotencyKeyHash !== undefined) {
    statements.push(keepKeyQuery(db, { keyHash: idempotencyKeyHash, status: approved ? "approved" : "pending", createdAt, guid: comment.guid }));
  }
  if (approved) {
    statements.push(
      countQuery(db, { articleId: comment.articleId, createdAt, guid: comment.guid }),
      // Renderings of what shows approved comments are stale (a refused comment only costs a re-render).
      bumpArticleQuery(db, { articleTag: articleTag(comment.articleId) }),
    );
  }
  const [inserted, undone] = (await (db.$client as D1Database).batch(statements)) as D1Result<Record<string, unknown>>[];
  const row = inserted!.results[0];
  if (!row) return { refused: "duplicate" };
  if (undone!.results.length > 0) return { refused: "flood" };
  return { stored: selectedRow(comments, row) as unknown as Comment };
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
