import { raw } from "hono/html";
import type { CommentStatus } from "../../domain/comments/comment.ts";
import { commentPath, type Site } from "../../domain/site.ts";
import type { OwnerComment } from "../../services/owner-comments.ts";
import { Layout, PublishedDate } from "../layout.tsx";

const ACTIONS: { action: string; label: string; unless: CommentStatus | null }[] = [
  { action: "approve", label: "Approve", unless: "approved" },
  { action: "pending", label: "Unapprove", unless: "pending" },
  { action: "spam", label: "Spam", unless: "spam" },
  { action: "trash", label: "Trash", unless: "trash" },
  { action: "delete", label: "Delete for good", unless: null },
];

function CommentRow({ item, csrf, language }: { item: OwnerComment; csrf: string; language: string }) {
  const { comment, article } = item;
  return (
    <li class={`moderated status-${comment.status}`} id={`moderate-${comment.id}`}>
      <p class="comment-meta">
        <b class="comment-author">
          <bdi>{comment.author}</bdi>
        </b>{" "}
        &lt;{item.email ?? "email unavailable"}&gt; · <span class="status">{comment.status}</span> ·{" "}
        <PublishedDate date={comment.createdAt} language={language} /> · on <a href={commentPath(article.slug, comment)}>{article.title}</a>
        {comment.url && (
          <>
            {" "}
            · <span>{comment.url}</span>
          </>
        )}
      </p>
      <div class="comment-content">{raw(comment.bodyHtml)}</div>
      <div class="actions">
        {ACTIONS.filter(({ unless }) => unless !== comment.status).map(({ action, label }) => (
          <form method="post" action={`/admin/comments/${comment.id}`}>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="action" value={action} />
            <button type="submit" aria-label={`${label}: comment ${comment.id} by ${comment.author}`}>
              {label}
            </button>
          </form>
        ))}
      </div>
    </li>
  );
}

interface ModerationPageProps {
  site: Site;
  counts: Record<CommentStatus, number>;
  pending: OwnerComment[];
  recent: OwnerComment[];
  csrf: string;
}

export function ModerationPage({ site, counts, pending, recent, csrf }: ModerationPageProps) {
  return (
    <Layout site={site} title={`Moderation – ${site.title}`}>
      <h1>Moderation</h1>
      <p class="meta">
        Pending {counts.pending} · Approved {counts.approved} · Spam {counts.spam} · Trash {counts.trash}
      </p>
      <form method="post" action="/admin/signout">
        <input type="hidden" name="csrf" value={csrf} />
        <button type="submit">Sign out</button>
      </form>
      <h2 id="pending-title">Waiting for moderation ({counts.pending})</h2>
      {pending.length === 0 ? (
        <p>Nothing waiting.</p>
      ) : (
        <ol class="moderation-list" aria-labelledby="pending-title">
          {pending.map((item) => (
            <CommentRow item={item} csrf={csrf} language={site.language} />
          ))}
        </ol>
      )}
      <h2 id="recent-title">Recent comments</h2>
      <ol class="moderation-list" aria-labelledby="recent-title">
        {recent.map((item) => (
          <CommentRow item={item} csrf={csrf} language={site.language} />
        ))}
      </ol>
    </Layout>
  );
}
