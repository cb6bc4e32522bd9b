import type { Database } from "../db/client.ts";
import { setArticleCommentStatus } from "../db/discussion-settings.ts";
import { type ArticleCommentStatus, commentsOpen, type DiscussionDefaults } from "../domain/comments/discussion.ts";
import type { Effects } from "./effects.ts";
import { discussionSettings } from "./site-discussion.ts";

/**
 * Opens or closes an article's comments, and purges its pages so readers see
 * the form or "Comments are closed." at once. The article's status and
 * whether it takes comments now (an open article past the owner's age limit
 * doesn't); undefined if there is no such article.
 */
export async function commentStatusOfArticle(
  db: Database,
  effects: Effects,
  settings: DiscussionDefaults,
  slug: string,
  commentStatus: ArticleCommentStatus,
  now: Date,
) {
  const article = await setArticleCommentStatus(db, slug, commentStatus);
  if (!article) return undefined;
  await effects.purge({ kind: "article-page", articleId: article.id });
  return { slug: article.slug, commentStatus: article.commentStatus, commentsOpen: commentsOpen(article, await discussionSettings(db, settings), now) };
}
