import { and, count, desc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { ARTICLE_TAG_PREFIX, articleTag, COMMENTS_TAG } from "../domain/cache-tags.ts";
import type { CommentStatus } from "../domain/comments/comment.ts";
import type { Database } from "./client.ts";
import { approvedCommentCount } from "./comments.ts";
import { bumpVersions, bumpVersionsOf } from "./rendered-responses.ts";
import { articles, comments } from "./schema.ts";

/** Comments with the article each belongs to, for the owner's views. */
const withArticle = (db: Database) =>
  db
    .select({ comment: comments, article: { slug: articles.slug, title: articles.title, commentCount: articles.commentCount } })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId));

export interface AdminCommentQuery {
  status?: CommentStatus | undefined;
  articleSlug?: string | undefined;
  /** Keyset cursor: only comments with a smaller id (newest first). */
  beforeId?: number | undefined;
  limit: number;
}

/** Comments of any status for the owner, newest first, with their article. */
export function commentsForAdmin(db: Database, query: AdminCommentQuery) {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(comments.status, query.status));
  if (query.articleSlug) conditions.push(eq(articles.slug, query.articleSlug));
  if (query.beforeId) conditions.push(lt(comments.id, query.beforeId));
  return withArticle(db)
    .where(and(...conditions))
    .orderBy(desc(comments.id))
    .limit(query.limit);
}

export async function commentCountsByStatus(db: Database): Promise<Record<CommentStatus, number>> {
  const rows = await db.select({ status: comments.status, count: count() }).from(comments).groupBy(comments.status);
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export function commentWithArticle(db: Database, id: number) {
  return withArticle(db).where(eq(comments.id, id)).get();
}

const recountArticle = (db: Database, articleId: number, now: Date) =>
  db
    .update(articles)
    .set({ commentCount: approvedCommentCount(articleId), commentsChangedAt: now })
    .where(eq(articles.id, articleId));

/** D1 binds at most 100 parameters per statement: long id lists go in several. */
function inChunks(ids: number[], size = 90): number[][] {
  const chunks: number[][] = [];
  for (let start = 0; start < ids.length; start += size) chunks.push(ids.slice(start, start + size));
  return chunks;
}

/**
 * Deletes a comment for good. Its replies stay, re-parented to the deleted
 * comment's parent as WordPress does: each moves up one level, and the
 * replies to a deleted top-level comment start threads of their own.
 */
export async function deleteComment(db: Database, id: number, now = new Date()): Promise<boolean> {
  const target = await db
    .select({ parentId: comments.parentId, rootId: comments.rootId, articleId: comments.articleId })
    .from(comments)
    .where(eq(comments.id, id))
    .get();
  if (!target) return false;
  // Every descendant is in the deleted comment's thread (threads are at most 5 deep).
  const thread = await db
    .select({ id: comments.id, parentId: comments.parentId })
    .from(comments)
    .where(eq(comments.rootId, target.rootId ?? id));
  const childrenOf = Map.groupBy(thread, (row) => row.parentId);
  const subtree = (rootId: number): number[] => (childrenOf.get(rootId) ?? []).flatMap((child) => [child.id, ...subtree(child.id)]);
  const children = (childrenOf.get(id) ?? []).map((child) => child.id);

  const statements: BatchItem<"sqlite">[] = [];
  for (const ids of inChunks(subtree(id))) {
    statements.push(
      db
        .update(comments)
        .set({ depth: sql`${comments.depth} - 1` })
        .where(inArray(comments.id, ids)),
    );
  }
  if (target.rootId === null) {
    for (const child of children) {
      statements.push(db.update(comments).set({ rootId: null }).where(eq(comments.id, child)));
      for (const ids of inChunks(subtree(child))) statements.push(db.update(comments).set({ rootId: child }).where(inArray(comments.id, ids)));
    }
  }
  statements.push(
    db.update(comments).set({ parentId: target.parentId }).where(eq(comments.parentId, id)),
    db.delete(comments).where(eq(comments.id, id)),
    recountArticle(db, target.articleId, now),
    bumpVersions(db, [articleTag(target.articleId), COMMENTS_TAG]),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return true;
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
      sql`SELECT ${ARTICLE_TAG_PREFIX} || ${comments.articleId} AS column1 FROM ${comments} WHERE ${comments.emailHash} = ${emailHash} UNION ALL SELECT ${COMMENTS_TAG}`,
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
  ]);
  return erased.length;
}
