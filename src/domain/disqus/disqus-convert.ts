import type { CommentStatus, ImportedCommentFields } from "../comments/comment.ts";
import { plainTextFromHtml } from "../plain-text.ts";
import { stableUuid } from "../stable-ids.ts";
import { originOfUrl } from "../thread-ids.ts";
import type { DisqusPost } from "./disqus-xml.ts";

/** Where our own articles' pages are, by the paths wirepost answers for them: `/articles/<slug>`, or a WordPress permalink it redirects. */
const ARTICLE_PATHS = [/^\/articles\/([^/]+)\/?$/, /^\/\d{4}\/\d{2}\/\d{2}\/([^/]+)\/?$/, /^\/([a-z0-9-]+)\/?$/];

/**
 * The slug a Disqus thread's link names on our own site (one of `ourOrigins`),
 * if it is an article's address: its comments then join that article.
 */
export function articleSlugOfLink(link: string, ourOrigins: readonly string[]): string | undefined {
  const origin = originOfUrl(link);
  if (origin === undefined || !ourOrigins.includes(origin)) return undefined;
  const { pathname } = new URL(link);
  for (const pattern of ARTICLE_PATHS) {
    const match = pattern.exec(pathname);
    if (match) {
      try {
        return decodeURIComponent(match[1]!);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export type DisqusSkipReason = "empty" | "no date";

/** A Disqus post as a comment: spam stays spam, a deleted post goes to the trash, the rest are published; or why it is skipped. */
export async function commentFromDisqus(post: DisqusPost): Promise<ImportedCommentFields | { skipped: DisqusSkipReason }> {
  const createdAt = new Date(post.createdAt);
  if (post.createdAt === "" || Number.isNaN(createdAt.getTime())) return { skipped: "no date" };
  const body = plainTextFromHtml(post.message, { links: true });
  if (!body) return { skipped: "empty" };
  const status: CommentStatus = post.isSpam ? "spam" : post.isDeleted ? "trash" : "approved";
  return {
    guid: await stableUuid(`disqus:post:${post.dsqId}`),
    parentGuid: post.parentId ? await stableUuid(`disqus:post:${post.parentId}`) : null,
    author: plainTextFromHtml(post.author.name) || post.author.username || "Anonymous",
    email: post.author.email,
    // Disqus exports no commenter website.
    url: null,
    body,
    status,
    createdAt,
  };
}
