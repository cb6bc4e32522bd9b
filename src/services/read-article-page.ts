import type { Database } from "../db/client.ts";
import { articlePageData } from "../db/comments.ts";
import type { Article } from "../db/schema.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import { type CommentThread, threadComments } from "../domain/comments/public.ts";

export interface ArticlePageQuery {
  slug: string;
  /** 1-based page of top-level comment threads (`?cpage=`). */
  page: number;
  /** A held comment to show its author (already checked against its moderation hash). */
  heldCommentId: number | null;
  /** The comment the reader chose to reply to, if it is on this page. */
  replyToId: number | null;
}

export type ArticlePageResult =
  | { outcome: "not_found"; what: "Article" | "Comment page" }
  | {
      outcome: "found";
      article: Article;
      threads: CommentThread[];
      heldComment: PublicCommentRow | undefined;
      hasNextPage: boolean;
      replyTo: { id: number; author: string } | undefined;
    };

/** An article page's content, in one D1 round trip; a comment page past the last is not found. */
export async function readArticlePage(db: Database, query: ArticlePageQuery): Promise<ArticlePageResult> {
  const data = await articlePageData(db, query.slug, query.page, query.heldCommentId);
  const { article } = data;
  if (!article) return { outcome: "not_found", what: "Article" };
  if (query.page > 1 && data.comments.length === 0) return { outcome: "not_found", what: "Comment page" };
  const replyTo = data.comments.find((comment) => comment.id === query.replyToId);
  return {
    outcome: "found",
    article,
    threads: threadComments(data.comments),
    heldComment: data.heldComment,
    hasNextPage: data.hasNextPage,
    replyTo: replyTo && { id: replyTo.id, author: replyTo.author },
  };
}
