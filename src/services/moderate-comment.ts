import { commentWithArticle, deleteComment, setCommentsStatus } from "../db/admin-comments.ts";
import type { Database } from "../db/client.ts";
import { setCommentStatus } from "../db/comments.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import type { CommentStatus } from "../domain/comments/comment.ts";
import type { Effects } from "./effects.ts";

export type ModerationChange = CommentStatus | "delete";

export type ModerationResult =
  | { outcome: "done" }
  | { outcome: "not_found" }
  /** Out of the trash, it would duplicate a comment the same person has since posted again. */
  | { outcome: "duplicate" };

/**
 * One moderation decision, from the admin API, the moderation page or an
 * owner's email link: applied, then the article's cached pages and feeds
 * purged so it shows at once. Approving a comment that wasn't approved, and
 * deleting one, are events for the notification queue.
 */
export async function moderateComment(db: Database, effects: Effects, id: number, change: ModerationChange): Promise<ModerationResult> {
  const before = await commentWithArticle(db, id);
  if (!before) return { outcome: "not_found" };
  if (change === "delete") await deleteComment(db, id);
  else {
    try {
      await setCommentStatus(db, id, change);
    } catch (error) {
      if (isUniqueViolation(error, "comments.article_id")) return { outcome: "duplicate" };
      throw error;
    }
  }
  // Between statuses readers never see (pending, spam, trash), nothing public changes.
  if (change === "delete" || change === "approved" || before.comment.status === "approved") {
    await effects.purge({ kind: "comments", articleIds: [before.comment.articleId] });
  }
  if (change === "approved" && before.comment.status !== "approved")
    await effects.enqueue({ kind: "event", event: "comment.approved", commentId: id, posted: false });
  if (change === "delete") {
    const { slug, title, pageUrl } = before.article;
    await effects.enqueue({ kind: "event", event: "comment.deleted", comment: { id, guid: before.comment.guid, article: { slug, title, pageUrl } } });
  }
  return { outcome: "done" };
}

/** The bulk actions: every status but a deletion (that stays one comment at a time). */
export type BulkResult = { outcome: "done"; updated: number } | { outcome: "duplicate" };

/**
 * One decision for many comments (up to a page of them), in one batch: the
 * comments that had another status change, each affected article's pages
 * and feeds are purged, and each comment that became approved is an event
 * for the notification queue, as when approved alone. Out of the trash, one
 * that would duplicate a comment its author has since posted again refuses
 * the whole batch.
 */
export async function moderateComments(db: Database, effects: Effects, ids: readonly number[], status: CommentStatus): Promise<BulkResult> {
  let result: Awaited<ReturnType<typeof setCommentsStatus>>;
  try {
    result = await setCommentsStatus(db, ids, status);
  } catch (error) {
    if (isUniqueViolation(error, "comments.article_id")) return { outcome: "duplicate" };
    throw error;
  }
  if (result.articles.length > 0) await effects.purge({ kind: "comments", articleIds: result.articles.map((article) => article.id) });
  if (status === "approved") {
    await effects.enqueue(...result.updated.map((commentId) => ({ kind: "event", event: "comment.approved", commentId, posted: false }) as const));
  }
  return { outcome: "done", updated: result.updated.length };
}
