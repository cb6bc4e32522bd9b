import type { Context } from "hono";
import type { Article, Comment } from "../db/schema.ts";
import { notifyHeldComment } from "../services/notify.ts";
import { afterResponse } from "./after-response.ts";
import type { AppEnv } from "./app-env.ts";
import { purgeArticleComments } from "./purge.ts";

/**
 * After a comment is stored: an approved one is on the page at once (its
 * cached URLs purged); a held one is sent to the owner's webhook, if any,
 * without making the commenter wait.
 */
export async function afterCommentStored(c: Context<AppEnv>, article: Article, comment: Comment): Promise<void> {
  if (comment.status === "approved") await purgeArticleComments(c, { slug: article.slug, commentCount: article.commentCount + 1 });
  if (comment.status === "pending" && c.env.NOTIFY_WEBHOOK_URL) {
    await afterResponse(c, notifyHeldComment(c.env, c.var.site, article, comment));
  }
}
