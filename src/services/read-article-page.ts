import type { Database } from "../db/client.ts";
import { articlePageData } from "../db/comments.ts";
import type { Article } from "../db/schema.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import { commentsClosingAt, commentsOpen, type DiscussionDefaults } from "../domain/comments/discussion.ts";
import { type CommentThread, threadComments } from "../domain/comments/public.ts";
import { HELD_VIEW_MS, mayShowHeldComment } from "./moderation-link.ts";
import { discussionFrom } from "./site-discussion.ts";

export interface ArticlePageQuery {
  slug: string;
  /** The comment page (`?cpage=`), or null for the one the article's URL alone shows (the owner's `defaultCommentsPage`: the newest, or the first). */
  page: number | null;
  /** A held-comment link (`?unapproved=&moderation-hash=`), shown only to the comment's author within its ten minutes. */
  held: { id: number; hash: string } | null;
  /** The comment the reader chose to reply to, if it is on this page. */
  replyToId: number | null;
}

/** The comment a reply on this page answers, shown on this page or another. */
export interface RepliedTo {
  id: number;
  author: string;
  page: number | null;
}

export type ArticlePageResult =
  /** `liveAt`: when the article, scheduled, goes live. */
  | { outcome: "not_found"; what: "Article"; liveAt: Date | undefined }
  /** A comment page past the newest: the article exists (its id tags the answer). */
  | { outcome: "not_found"; what: "Comment page"; articleId: number }
  | {
      outcome: "found";
      article: Article;
      /** The comment page shown (null while no comment is on one). */
      page: number | null;
      /** The comment pages either side of the one shown. */
      pagination: { previous: number | null; next: number | null };
      threads: CommentThread[];
      repliedTo: Map<number, RepliedTo>;
      heldComment: PublicCommentRow | undefined;
      replyTo: { id: number; author: string } | undefined;
      /** Whether the article takes new comments (else the page says "Comments are closed."). */
      open: boolean;
      /** When an open article closes with age (the owner's `closeCommentsAfterDays`): no copy of the page may outlive it. */
      closesAt: Date | undefined;
      /** The version of the article's cache tag this content belongs to. */
      version: number;
    };

/**
 * An article page's content, in one D1 round trip (the owner's discussion
 * settings read with it), laid out as those settings say: the page the bare
 * URL shows, threads oldest or newest first within a page, the form or
 * "Comments are closed."; a comment page past the newest is not found.
 */
export async function readArticlePage(
  db: Database,
  hashKey: string | undefined,
  defaults: DiscussionDefaults,
  query: ArticlePageQuery,
  now: Date,
): Promise<ArticlePageResult> {
  const held = query.held && { id: query.held.id, since: new Date(now.getTime() - HELD_VIEW_MS) };
  const data = await articlePageData(db, query.slug, query.page, held);
  const { article } = data;
  if (!article) return { outcome: "not_found", what: "Article", liveAt: data.liveAt };
  if (query.page !== null && query.page > (data.newestPage ?? 1)) return { outcome: "not_found", what: "Comment page", articleId: article.id };
  const discussion = discussionFrom(data.settings, defaults);
  const open = commentsOpen(article, discussion, now);
  const replyTo = open ? data.comments.find((comment) => comment.id === query.replyToId) : undefined;
  const threads = threadComments(data.comments);
  return {
    outcome: "found",
    article,
    page: data.page,
    pagination: { previous: data.previousPage, next: data.nextPage },
    threads: discussion.commentOrder === "newest-first" ? threads.reverse() : threads,
    repliedTo: data.repliedTo,
    heldComment: data.heldComment && query.held && (await mayShowHeldComment(hashKey, data.heldComment, query.held.hash, now)) ? data.heldComment : undefined,
    replyTo: replyTo && { id: replyTo.id, author: replyTo.author },
    open,
    closesAt: open ? commentsClosingAt(article, discussion) : undefined,
    version: data.version,
  };
}
