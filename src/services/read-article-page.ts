import type { Database } from "../db/client.ts";
import { articlePageData } from "../db/comments.ts";
import type { Article } from "../db/schema.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import { commentsOpen, type DiscussionSettings } from "../domain/comments/discussion.ts";
import { type CommentThread, threadComments } from "../domain/comments/public.ts";
import { HELD_VIEW_MS, mayShowHeldComment } from "./moderation-link.ts";

export interface ArticlePageQuery {
  slug: string;
  /** 1-based page of top-level comment threads (`?cpage=`). */
  page: number;
  /** A held-comment link (`?unapproved=&moderation-hash=`), shown only to the comment's author within its ten minutes. */
  held: { id: number; hash: string } | null;
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
      /** Whether the article takes new comments (else the page says "Comments are closed."). */
      open: boolean;
    };

/** The discussion settings an article page follows. */
export type PageDiscussion = Pick<DiscussionSettings, "commentsPerPage" | "commentOrder" | "closeCommentsAfterDays">;

/**
 * An article page's content, in one D1 round trip, as the owner's settings
 * lay it out (threads per page, newest or oldest first within the page); a
 * comment page past the last is not found.
 */
export async function readArticlePage(
  db: Database,
  hashKey: string | undefined,
  query: ArticlePageQuery,
  discussion: PageDiscussion,
  now: Date,
): Promise<ArticlePageResult> {
  const held = query.held && { id: query.held.id, since: new Date(now.getTime() - HELD_VIEW_MS) };
  const data = await articlePageData(db, query.slug, query.page, held, discussion.commentsPerPage);
  const { article } = data;
  if (!article) return { outcome: "not_found", what: "Article" };
  if (query.page > 1 && data.comments.length === 0) return { outcome: "not_found", what: "Comment page" };
  const open = commentsOpen(article, discussion, now);
  const replyTo = open ? data.comments.find((comment) => comment.id === query.replyToId) : undefined;
  const threads = threadComments(data.comments);
  return {
    outcome: "found",
    article,
    threads: discussion.commentOrder === "newest-first" ? threads.reverse() : threads,
    heldComment: data.heldComment && query.held && (await mayShowHeldComment(hashKey, data.heldComment, query.held.hash, now)) ? data.heldComment : undefined,
    hasNextPage: data.hasNextPage,
    replyTo: replyTo && { id: replyTo.id, author: replyTo.author },
    open,
  };
}
