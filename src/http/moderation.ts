import type { Context } from "hono";
import { commentWithArticle, deleteComment } from "../db/admin-comments.ts";
import { setCommentStatus } from "../db/comments.ts";
import type { CommentStatus } from "../db/schema.ts";
import type { AppEnv } from "./app-env.ts";
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
  else await setCommentStatus(db, id, change);
  // One more than before covers a comment page that approving may have opened.
  await purgeArticleComments(c, { slug: before.article.slug, commentCount: before.article.commentCount + 1 });
  return true;
}
