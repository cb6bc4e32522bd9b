import type { PublicCommentRow } from "../domain/comments/comment.ts";
import type { CommentThread } from "../domain/comments/public.ts";
import { escapeHtml, USER_LINK_REL } from "../domain/html.ts";
import { withThousands } from "../domain/text-fields.ts";
import type { RepliedTo } from "../services/read-article-page.ts";
import { publishedDateText } from "./layout.tsx";

// Comments are the bulk of a page and of its rendering time: plain string
// templates, every reader-written value through escapeHtml (the stored
// bodyHtml was escaped when it was written).

/** Where a comment shows, as a link from any page of its article: `?cpage=N#comment-ID`. */
const permalink = (comment: { id: number; page: number | null }) => `${comment.page === null ? "" : `?cpage=${comment.page}`}#comment-${comment.id}`;

function time(date: Date, language: string): string {
  return `<time datetime="${date.toISOString()}">${escapeHtml(publishedDateText(date, language))}</time>`;
}

function author(comment: PublicCommentRow): string {
  // <bdi> keeps a right-to-left name from reordering the text around it.
  const name = `<bdi>${escapeHtml(comment.author)}</bdi>`;
  const shown = comment.url ? `<a href="${escapeHtml(comment.url)}" rel="${USER_LINK_REL}">${name}</a>` : name;
  return `<b class="comment-author">${shown}</b>`;
}

function commentBody(comment: PublicCommentRow, language: string): string {
  return `<article><footer class="comment-meta">${author(comment)} <span>says:</span> <a href="${permalink(comment)}">${time(comment.createdAt, language)}</a></footer><div class="comment-content">${comment.bodyHtml}</div></article>`;
}

interface ListContext {
  language: string;
  /** Where "Reply" under a comment leads: its page with the form set to reply (no JS needed); none when comments are closed. */
  replyHref: ((comment: PublicCommentRow) => string) | undefined;
  repliedTo: Map<number, RepliedTo>;
}

function item(thread: CommentThread, context: ListContext): string {
  const { comment, replies } = thread;
  // A reply whose parent is shown on another page starts a thread here, linked to it.
  const parent = comment.parentId === null ? undefined : context.repliedTo.get(comment.parentId);
  const inReplyTo = parent ? `<p class="in-reply-to">In reply to <a href="${permalink(parent)}"><bdi>${escapeHtml(parent.author)}</bdi></a></p>` : "";
  const nested = replies.length > 0 ? `<ol>${replies.map((reply) => item(reply, context)).join("")}</ol>` : "";
  const reply = context.replyHref
    ? `<a class="reply" href="${escapeHtml(context.replyHref(comment))}" aria-label="Reply to ${escapeHtml(comment.author)}">Reply</a>`
    : "";
  return `<li id="comment-${comment.id}" class="comment">${inReplyTo}${commentBody(comment, context.language)}${reply}${nested}</li>`;
}

function commentCountLabel(count: number): string {
  if (count === 0) return "No comments yet";
  return count === 1 ? "1 Comment" : `${withThousands(count)} Comments`;
}

export interface CommentsSectionProps extends ListContext {
  threads: CommentThread[];
  count: number;
  heldComment?: PublicCommentRow | undefined;
  pagination: { previous?: string | undefined; next?: string | undefined };
}

/** The comments section of an article page, as HTML. */
export function commentsSection({ threads, count, heldComment, pagination, ...context }: CommentsSectionProps): string {
  const held = heldComment
    ? `<div class="notice comment" id="comment-${heldComment.id}" role="status"><p><strong>Your comment is awaiting moderation.</strong></p>${commentBody(heldComment, context.language)}</div>`
    : "";
  const list = threads.length > 0 ? `<ol class="comment-list">${threads.map((thread) => item(thread, context)).join("")}</ol>` : "";
  const links = [
    pagination.previous ? `<a rel="prev" href="${escapeHtml(pagination.previous)}">← Older comments</a>` : "",
    pagination.next ? `<a rel="next" href="${escapeHtml(pagination.next)}">Newer comments →</a>` : "",
  ];
  const nav = pagination.previous || pagination.next ? `<nav class="comment-pages" aria-label="Comment pages">${links.join(" ")}</nav>` : "";
  return `<section class="comments" id="comments" aria-labelledby="comments-title"><h2 id="comments-title">${commentCountLabel(count)}</h2>${held}${list}${nav}</section>`;
}
