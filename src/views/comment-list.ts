import type { PublicCommentRow } from "../domain/comments/comment.ts";
import type { CommentThread } from "../domain/comments/public.ts";
import { escapeHtml, USER_LINK_REL } from "../domain/html.ts";
import { around, fill, type Messages } from "../domain/messages/catalogue.ts";
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

function commentBody(comment: PublicCommentRow, language: string, t: Messages): string {
  return `<article><footer class="comment-meta">${author(comment)} <span>${escapeHtml(t.says)}</span> <a href="${permalink(comment)}">${time(comment.createdAt, language)}</a></footer><div class="comment-content">${comment.bodyHtml}</div></article>`;
}

interface ListContext {
  language: string;
  /** The site language's words (src/domain/messages). */
  t: Messages;
  /** Where "Reply" under a comment leads: its page with the form set to reply (no JS needed); none when comments are closed. */
  replyHref: ((comment: PublicCommentRow) => string) | undefined;
  repliedTo: Map<number, RepliedTo>;
}

function item(thread: CommentThread, context: ListContext): string {
  const { comment, replies } = thread;
  // A reply whose parent is shown on another page starts a thread here, linked to it.
  const parent = comment.parentId === null ? undefined : context.repliedTo.get(comment.parentId);
  const [before, after] = around(context.t.inReplyTo, "name");
  const inReplyTo = parent
    ? `<p class="in-reply-to">${escapeHtml(before)}<a href="${permalink(parent)}"><bdi>${escapeHtml(parent.author)}</bdi></a>${escapeHtml(after)}</p>`
    : "";
  const nested = replies.length > 0 ? `<ol>${replies.map((reply) => item(reply, context)).join("")}</ol>` : "";
  const reply = context.replyHref
    ? `<a class="reply" href="${escapeHtml(context.replyHref(comment))}" aria-label="${escapeHtml(fill(context.t.replyTo, "name", comment.author))}">${escapeHtml(context.t.reply)}</a>`
    : "";
  return `<li id="comment-${comment.id}" class="comment">${inReplyTo}${commentBody(comment, context.language, context.t)}${reply}${nested}</li>`;
}

export interface CommentsSectionProps extends ListContext {
  threads: CommentThread[];
  count: number;
  heldComment?: PublicCommentRow | undefined;
  pagination: { previous?: string | undefined; next?: string | undefined };
}

/** The comments section of an article page, as HTML. */
export function commentsSection({ threads, count, heldComment, pagination, ...context }: CommentsSectionProps): string {
  const { t } = context;
  const held = heldComment
    ? `<div class="notice comment" id="comment-${heldComment.id}" role="status"><p><strong>${escapeHtml(t.awaitingModeration)}</strong></p>${commentBody(heldComment, context.language, t)}</div>`
    : "";
  const list = threads.length > 0 ? `<ol class="comment-list">${threads.map((thread) => item(thread, context)).join("")}</ol>` : "";
  const links = [
    pagination.previous ? `<a rel="prev" href="${escapeHtml(pagination.previous)}">${escapeHtml(t.olderComments)}</a>` : "",
    pagination.next ? `<a rel="next" href="${escapeHtml(pagination.next)}">${escapeHtml(t.newerComments)}</a>` : "",
  ];
  const nav = pagination.previous || pagination.next ? `<nav class="comment-pages" aria-label="${escapeHtml(t.commentPages)}">${links.join(" ")}</nav>` : "";
  return `<section class="comments" id="comments" aria-labelledby="comments-title"><h2 id="comments-title">${escapeHtml(t.commentCount(count))}</h2>${held}${list}${nav}</section>`;
}
