import type { Context } from "hono";
import type { Article, Comment } from "../db/schema.ts";
import { notifyHeldComment } from "../services/notify.ts";
import type { AppEnv } from "./app-env.ts";

/** Work after a comment is stored that the commenter's response must not wait for. */
export function afterCommentStored(c: Context<AppEnv>, article: Article, comment: Comment): void {
  if (comment.status === "pending" && c.env.NOTIFY_WEBHOOK_URL) {
    c.executionCtx.waitUntil(notifyHeldComment(c.env, c.var.site, article, comment));
  }
}
