import { raw } from "hono/html";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import type { CommentThread } from "../domain/comments/public.ts";
import { USER_LINK_REL } from "../domain/html.ts";
import { PublishedDate } from "./layout.tsx";

function CommentAuthor({ comment }: { comment: PublicCommentRow }) {
  // <bdi> keeps a right-to-left name from reordering the text around it.
  const name = <bdi>{comment.author}</bdi>;
  return (
    <b class="comment-author">
      {comment.url ? (
        <a href={comment.url} rel={USER_LINK_REL}>
          {name}
        </a>
      ) : (
        name
      )}
    </b>
  );
}

function CommentBody({ comment, language }: { comment: PublicCommentRow; language: string }) {
  return (
    <article>
      <footer class="comment-meta">
        <CommentAuthor comment={comment} /> <span>says:</span>{" "}
        <a href={`#comment-${comment.id}`}>
          <PublishedDate date={comment.createdAt} language={language} />
        </a>
      </footer>
      <div class="comment-content">{raw(comment.bodyHtml)}</div>
    </article>
  );
}

type ReplyHref = (commentId: number) => string;

function CommentItem({ thread, language, replyHref }: { thread: CommentThread; language: string; replyHref: ReplyHref | undefined }) {
  const { comment } = thread;
  return (
    <li id={`comment-${comment.id}`} class="comment">
      <CommentBody comment={comment} language={language} />
      {replyHref && (
        <a class="reply" href={replyHref(comment.id)} aria-label={`Reply to ${comment.author}`}>
          Reply
        </a>
      )}
      {thread.replies.length > 0 && (
        <ol>
          {thread.replies.map((reply) => (
            <CommentItem thread={reply} language={language} replyHref={replyHref} />
          ))}
        </ol>
      )}
    </li>
  );
}

function commentCountLabel(count: number): string {
  if (count === 0) return "No comments yet";
  return count === 1 ? "1 Comment" : `${count.toLocaleString("en")} Comments`;
}

interface CommentsSectionProps {
  threads: CommentThread[];
  count: number;
  language: string;
  /** Where "Reply" under a comment leads: this page with the form set to reply (no JS needed); none when comments are closed. */
  replyHref: ReplyHref | undefined;
  heldComment?: PublicCommentRow | undefined;
  pagination: { previous?: string | undefined; next?: string | undefined };
}

export function CommentsSection({ threads, count, language, replyHref, heldComment, pagination }: CommentsSectionProps) {
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{commentCountLabel(count)}</h2>
      {heldComment && (
        <div class="notice comment" id={`comment-${heldComment.id}`} role="status">
          <p>
            <strong>Your comment is awaiting moderation.</strong>
          </p>
          <CommentBody comment={heldComment} language={language} />
        </div>
      )}
      {threads.length > 0 && (
        <ol class="comment-list">
          {threads.map((thread) => (
            <CommentItem thread={thread} language={language} replyHref={replyHref} />
          ))}
        </ol>
      )}
      {(pagination.previous || pagination.next) && (
        <nav class="comment-pages" aria-label="Comment pages">
          {pagination.previous && (
            <a rel="prev" href={pagination.previous}>
              ← Older comments
            </a>
          )}{" "}
          {pagination.next && (
            <a rel="next" href={pagination.next}>
              Newer comments →
            </a>
          )}
        </nav>
      )}
    </section>
  );
}
