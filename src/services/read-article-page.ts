import type { Database } from "../db/client.ts";
import { articlePageData } from "../db/comments.ts";
import type { Article } from "../db/schema.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import { type CommentThread, threadComments } from "../domain/comments/public.ts";

export interface ArticlePageQuery {
  slug: string;
  /** The comment page (`?cpage=`), or null for the newest, which the article's URL alone shows. */
  page: number | null;
  /** A held comment to show its author (already checked against its moderation hash). */
  heldCommentId: number | null;
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
  | { outcome: "not_found"; what: "Article" }
  /** A comment page past the newest: the article exists (its id tags the answer). */
  | { outcome: "not_found"; what: "Comment page"; articleId: number }
  | {
      outcome: "found";
      article: Article;
      /** The comment pages either side of the one shown. */
      pagination: { previous: number | null; next: number | null };
      threads: CommentThread[];
      repliedTo: Map<number, RepliedTo>;
      heldComment: PublicCommentRow | undefined;
      replyTo: { id: number; author: string } | undefined;
      /** The version of the article's cache tag this content belongs to. */
      version: number;
    };

/** An article page's content, in one D1 round trip; a comment page past the newest is not found. */
export async function readArticlePage(db: Database, query: ArticlePageQuery): Promise<ArticlePageResult> {
  const data = await articlePageData(db, query.slug, query.page, query.heldCommentId);
  const { article } = data;
  if (!article) return { outcome: "not_found", what: "Article" };
  if (query.page !== null && query.page > (data.newestPage ?? 1)) return { outcome: "not_found", what: "Comment page", articleId: article.id };
  const replyTo = data.comments.find((comment) => comment.id === query.replyToId);
  return {
    outcome: "found",
    article,
    pagination: { previous: data.previousPage, next: data.nextPage },
    threads: threadComments(data.comments),
    repliedTo: data.repliedTo,
    heldComment: data.heldComment,
    replyTo: replyTo && { id: replyTo.id, author: replyTo.author },
    version: data.version,
  };
}
