import type { IncomingArticle } from "../articles/article.ts";
import { slugify } from "../articles/slugs.ts";
import { articleTerms } from "../articles/terms.ts";
import type { CommentStatus, ImportedCommentFields } from "../comments/comment.ts";
import { sanitizeHtml } from "../html-sanitizer.ts";
import { plainTextFromHtml } from "../plain-text.ts";
import { stableUuid } from "../stable-ids.ts";
import type { WxrComment, WxrPost } from "./wxr.ts";

/** WordPress's GMT dates ("2025-03-20 12:00:00"), or the RSS pubDate when the GMT one is unset. */
function wordpressDate(gmt: string, fallback: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(gmt.trim());
  if (match && match[1] !== "0000") return new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  const parsed = new Date(fallback);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const BLOCK_TAG = /^<\/?(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|!--)/i;

/** WordPress stores post bodies without paragraphs (wpautop adds them on display); add them the same way. */
function autop(content: string): string {
  return content
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => (BLOCK_TAG.test(block) ? block : `<p>${block.replace(/\n/g, "<br>\n")}</p>`))
    .join("\n");
}

const WXR_COMMENT_STATUS: Record<string, CommentStatus> = { "1": "approved", "0": "pending", spam: "spam", trash: "trash" };

export type SkipReason = "not a post" | "not published" | "pingback" | "trackback" | "unknown status" | "no date" | "empty";

export type ImportedArticle = IncomingArticle & { wpPostId: number };

/** A nicename as WordPress stores it (percent-encoded UTF-8), decoded when it can be. */
function decodeNicename(nicename: string): string {
  try {
    return decodeURIComponent(nicename);
  } catch {
    return nicename;
  }
}

/** The post's categories and tags as a section and tags, named as WordPress shows them; a post in several categories keeps the first as its section. */
function termsOf(post: WxrPost) {
  const named = (domain: string) =>
    post.categories
      .filter((category) => category.domain === domain)
      .map((category) => ({ name: plainTextFromHtml(category.name), slug: decodeNicename(category.nicename) }));
  return articleTerms(named("category")[0], named("post_tag"));
}

/** A published post as an article, or why it is skipped. */
export async function articleFromPost(post: WxrPost): Promise<ImportedArticle | { skipped: SkipReason }> {
  if (post.postType !== "post") return { skipped: "not a post" };
  if (post.status !== "publish") return { skipped: "not published" };
  const publishedAt = wordpressDate(post.postDateGmt, post.pubDate);
  if (!publishedAt) return { skipped: "no date" };
  const title = post.title.trim() || `Post ${post.postId}`;
  return {
    guid: await stableUuid(post.guid || `post:${post.postId}`),
    slug: slugify(decodeURIComponent(post.postName || "")) || slugify(title) || `post-${post.postId}`,
    title,
    summary: plainTextFromHtml(post.excerpt),
    body: post.content,
    bodyHtml: sanitizeHtml(autop(post.content)),
    author: post.author || null,
    publishedAt,
    wpPostId: post.postId,
    terms: termsOf(post),
  };
}

/** A comment of a post, or why it is skipped. Guids derive from the post's, so re-imports match. */
export async function commentFromWxr(post: WxrPost, comment: WxrComment): Promise<ImportedCommentFields | { skipped: SkipReason }> {
  if (comment.type === "pingback" || comment.type === "trackback") return { skipped: comment.type };
  const status = WXR_COMMENT_STATUS[comment.approved.trim()];
  if (!status) return { skipped: "unknown status" };
  const createdAt = wordpressDate(comment.dateGmt, "");
  if (!createdAt) return { skipped: "no date" };
  const body = plainTextFromHtml(comment.content);
  if (!body) return { skipped: "empty" };
  const base = post.guid || `post:${post.postId}`;
  const url = comment.authorUrl.trim();
  return {
    guid: await stableUuid(`${base}#comment-${comment.commentId}`),
    parentGuid: comment.parent > 0 ? await stableUuid(`${base}#comment-${comment.parent}`) : null,
    author: plainTextFromHtml(comment.author) || "Anonymous",
    email: comment.authorEmail.trim(),
    // Older WordPress stored a bare "http://" for "no website"; anything else is held to the new-comment rules.
    url: url === "" || /^https?:\/\/$/i.test(url) ? null : url,
    body,
    status,
    createdAt,
  };
}
