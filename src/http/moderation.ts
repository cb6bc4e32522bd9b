import type { Context } from "hono";
import { commentWithArticle, deleteComment } from "../db/admin-comments.ts";
import { setCommentStatus } from "../db/comments.ts";
import type { CommentStatus } from "../db/schema.ts";
import type { AppEnv } from "./app-env.ts";
import { AppError } from "./errors.ts";
import { purgeArticleComments } from "./purge.ts";

export type ModerationChange = CommentStatus | "delete";

/**
 * One moderation decision, from the admin API or the moderation page: applied,
 * then the article's cached pages and feeds purged so it shows at once.
 * Returns false for an unknown comment.
 */
export async function moderateComment(c: Context<AppEnv>, id: number, change: ModerationChange): Promise<boolean> {
  const { db } = c.var;
  const before = await commentWithArticle(db, id);
  if (!before) return false;
  if (change === "delete") await deleteComment(db, id);
  else {
    try {
      await setCommentStatus(db, id, change);
    } catch (error) {
      // Out of the trash, it would duplicate a comment the same person has since posted again.
      if (/UNIQUE constraint failed: comments\.article_id/.test(`${(error as Error).message} ${String((error as Error).cause ?? "")}`)) {
        throw new AppError(409, "duplicate_comment", "The same person has since posted the same comment again; restore that one instead.");
      }
      throw error;
    }
  }
  // One more than before covers a comment page that approving may have opened.
  await purgeArticleComments(c, { slug: before.article.slug, commentCount: before.article.commentCount + 1 });
  return true;
}
