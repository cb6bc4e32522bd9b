import { commentWithArticle, deleteComment } from "../db/admin-comments.ts";
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
 * One moderation decision, from the admin API or the moderation page:
 * applied, then the article's cached pages and feeds purged so it shows at once.
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
  return { outcome: "done" };
}
