import { and, count, desc, eq, inArray, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { ARCHIVES_TAG, ARTICLE_TAG_PREFIX, COMMENTS_TAG } from "../domain/cache-tags.ts";
import { type CommentStatus, THREAD_DEPTH_LIMIT } from "../domain/comments/comment.ts";
import type { Database } from "./client.ts";
import { approvedCommentCount, pageOnApproval } from "./comments.ts";
import { bumpVersions, bumpVersionsOf } from "./rendered-responses.ts";
import { articles, commenterRules, comments } from "./schema.ts";

/** Comments with the article each belongs to, for the owner's views. */
const withArticle = (db: Database) =>
  db
    .select({ comment: comments, article: { slug: articles.slug, title: articles.title, commentCount: articles.commentCount, pageUrl: articles.pageUrl } })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId));

export interface AdminCommentQuery {
  status?: CommentStatus | undefined;
  articleSlug?: string | undefined;
  /** Words in the comment's text or its author's name (case-insensitive for ASCII letters). */
  search?: string | undefined;
  /** Keyset cursor: only comments with a smaller id (newest first). */
  beforeId?: number | undefined;
  limit: number;
}

const articleIdOf = (slug: string) => sql`(SELECT ${articles.id} FROM ${articles} WHERE ${articles.slug} = ${slug})`;

/** Comments of any status for the owner, newest first, with their article and any block or trust on their commenter. */
export function commentsForAdmin(db: Database, query: AdminCommentQuery) {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(comments.status, query.status));
  if (query.articleSlug) conditions.push(eq(comments.articleId, articleIdOf(query.articleSlug)));
  if (query.search) {
    const pattern = `%${query.search.replace(/[\\%_]/g, "\\$&")}%`;
    conditions.push(sql`(${comments.body} LIKE ${pattern} ESCAPE '\\' OR ${comments.author} LIKE ${pattern} ESCAPE '\\')`);
  }
  if (query.beforeId) conditions.push(lt(comments.id, query.beforeId));
  return db
    .select({
      comment: comments,
      article: { slug: articles.slug, title: articles.title, commentCount: articles.commentCount, pageUrl: articles.pageUrl },
      rule: commenterRules.kind,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .leftJoin(commenterRules, eq(commenterRules.emailHash, comments.emailHash))
    .where(and(...conditions))
    .orderBy(desc(comments.id))
    .limit(query.limit);
}

/** How many comments have each status, site-wide or on one article. */
export async function commentCountsByStatus(db: Database, articleSlug?: string): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .select({ status: comments.status, count: count() })
    .from(comments)
    .where(articleSlug ? eq(comments.articleId, articleIdOf(articleSlug)) : undefined)
    .groupBy(comments.status);
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export function commentWithArticle(db: Database, id: number) {
  return withArticle(db).where(eq(comments.id, id)).get();
}

/**
 * Sets many comments' status in one batch (one transaction) and recounts
 * their articles: the ids updated (those that had another status), and the
 * articles they are on, as they were, for purging.
 */
export async function setCommentsStatus(db: Database, ids: readonly number[], status: CommentStatus, now = new Date()) {
  // One bound JSON array, not one parameter per id: D1 binds at most 100 per statement.
  const chosen = sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const articleIds = sql`(SELECT DISTINCT ${comments.articleId} FROM ${comments} WHERE ${comments.id} IN ${chosen})`;
  const [affected, updated] = await db.batch([
    db.select({ id: articles.id }).from(articles).where(sql`${articles.id} IN ${articleIds}`),
    db
      .update(comments)
      // Each approved comment keeps the page it was first shown on, or joins its article's newest (one at a time, in id order).
      .set({ status, page: status === "approved" ? pageOnApproval : comments.page, updatedAt: now })
      .where(and(sql`${comments.id} IN ${chosen}`, ne(comments.status, status)))
      .returning({ id: comments.id }),
    db
      .update(articles)
      .set({ commentCount: approvedCommentCount(sql`${articles.id}`), commentsChangedAt: now })
      .where(sql`${articles.id} IN ${articleIds}`),
    bumpVersionsOf(
      db,
      sql`SELECT ${ARTICLE_TAG_PREFIX} || article_id AS column1 FROM ${articleIds} UNION ALL SELECT ${COMMENTS_TAG} UNION ALL SELECT ${ARCHIVES_TAG}`,
    ),
  ]);
  return { updated: updated.map((row) => row.id), articles: affected };
}

/**
 * The replies `levels` below comment `id`, one condition per level (threads
 * are at most THREAD_DEPTH_LIMIT deep, so a fixed number of nested subqueries
 * reach them all, with no recursion and no ids bound per reply).
 */
function levelsBelow(id: number): SQL[] {
  const levels = [sql`${comments.parentId} = ${id}`];
  let parents = sql`SELECT id FROM ${comments} WHERE parent_id = ${id}`;
  for (let level = 2; level < THREAD_DEPTH_LIMIT; level++) {
    levels.push(sql`${comments.parentId} IN (${parents})`);
    parents = sql`SELECT id FROM ${comments} WHERE parent_id IN (${parents})`;
  }
  return levels;
}

/**
 * Deletes a comment for good. Its replies stay, re-parented to the deleted
 * comment's parent as WordPress does: each moves up one level, and the
 * replies to a deleted top-level comment start threads of their own. One
 * batch of set-based statements, however many replies: a reply posted while
 * this runs is either moved with the others or not yet there.
 */
export async function deleteComment(db: Database, id: number, now = new Date()): Promise<boolean> {
  const levels = levelsBelow(id);
  const isTopLevel = sql`(SELECT root_id FROM ${comments} WHERE id = ${id}) IS NULL`;
  const parentRoot = sql`(SELECT p.root_id FROM ${comments} p WHERE p.id = ${comments.parentId})`;
  const [, , , ...rest] = await db.batch([
    // Before anything moves: what showed the comment or its replies is stale.
    bumpVersions(db, [sql`${ARTICLE_TAG_PREFIX} || (SELECT article_id FROM ${comments} WHERE id = ${id})`, COMMENTS_TAG, ARCHIVES_TAG]),
    db
      .update(comments)
      .set({ depth: sql`${comments.depth} - 1` })
      .where(or(...levels)),
    // When a top-level comment goes, its direct replies start threads, and their replies follow
    // them: level by level, each takes its parent's new thread (the parent was re-rooted just before).
    db.update(comments).set({ rootId: null }).where(and(levels[0], isTopLevel)),
    ...levels.slice(1).map((level, i) =>
      db
        .update(comments)
        .set({ rootId: i === 0 ? sql`${comments.parentId}` : parentRoot })
        .where(and(level, isTopLevel)),
    ),
    db
      .update(comments)
      .set({ parentId: sql`(SELECT parent_id FROM ${comments} WHERE id = ${id})` })
      .where(eq(comments.parentId, id)),
    db
      .update(articles)
      .set({
        commentCount: sql`${approvedCommentCount(sql`${articles.id}`)} - (SELECT count(*) FROM ${comments} WHERE id = ${id} AND status = 'approved')`,
        commentsChangedAt: now,
      })
      .where(sql`${articles.id} = (SELECT article_id FROM ${comments} WHERE id = ${id})`),
    db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id }),
  ]);
  return (rest.at(-1) as { id: number }[]).length > 0;
}

/** Everything stored about one commenter (matched by keyed email hash), oldest first. */
export function commentsByEmailHash(db: Database, emailHash: string) {
  return withArticle(db).where(eq(comments.emailHash, emailHash)).orderBy(comments.id);
}

/**
 * Anonymizes a commenter, as WordPress's personal-data eraser does: name
 * becomes "Anonymous", and the email (ciphertext and hash), website and
 * client address hash are removed. The comments' text stays.
 */
export async function anonymizeCommenter(db: Database, emailHash: string, now: Date): Promise<number> {
  const [, , erased] = await db.batch([
    bumpVersionsOf(
      db,
      sql`SELECT ${ARTICLE_TAG_PREFIX} || ${comments.articleId} AS column1 FROM ${comments} WHERE ${comments.emailHash} = ${emailHash} UNION ALL SELECT ${COMMENTS_TAG} UNION ALL SELECT ${ARCHIVES_TAG}`,
    ),
    db
      .update(articles)
      .set({ commentsChangedAt: now })
      .where(inArray(articles.id, db.select({ id: comments.articleId }).from(comments).where(eq(comments.emailHash, emailHash)))),
    db
      .update(comments)
      .set({
        author: "Anonymous",
        url: null,
        emailEncrypted: "",
        emailHash: sql`'erased:' || ${comments.guid}`,
        ipHash: null,
        updatedAt: now,
      })
      .where(eq(comments.emailHash, emailHash))
      .returning({ id: comments.id }),
    // A block or trust on them stays (it holds only hashes) but forgets their name too.
    db.update(commenterRules).set({ author: "Anonymous" }).where(eq(commenterRules.emailHash, emailHash)),
  ]);
  return erased.length;
}
