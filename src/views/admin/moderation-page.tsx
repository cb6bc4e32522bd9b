import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { CommentStatus } from "../../domain/comments/comment.ts";
import { articlePath, type Site } from "../../domain/site.ts";
import type { OwnerComment } from "../../services/owner-comments.ts";
import { DeadLetters } from "../dead-letters.tsx";
import { Layout, PublishedDate } from "../layout.tsx";
import { AdminNav } from "./admin-nav.tsx";

const ACTIONS: { action: string; label: string; unless: CommentStatus | null }[] = [
  { action: "approve", label: "Approve", unless: "approved" },
  { action: "pending", label: "Unapprove", unless: "pending" },
  { action: "spam", label: "Spam", unless: "spam" },
  { action: "trash", label: "Trash", unless: "trash" },
  { action: "delete", label: "Delete for good", unless: null },
];

function CommentRow({ item, csrf, language, articleSlug }: { item: OwnerComment; csrf: string; language: string; articleSlug: string | undefined }) {
  const { comment, article } = item;
  return (
    <li class={`moderated status-${comment.status}`} id={`moderate-${comment.id}`}>
      <p class="comment-meta">
        <b class="comment-author">
          <bdi>{comment.author}</bdi>
        </b>{" "}
        &lt;{item.email ?? "email unavailable"}&gt; · <span class="status">{comment.status}</span> ·{" "}
        <PublishedDate date={comment.createdAt} language={language} /> · on <a href={`${articlePath(article.slug)}#comment-${comment.id}`}>{article.title}</a>
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
            {articleSlug && <input type="hidden" name="article" value={articleSlug} />}
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
  /** Only this article's comments are shown. */
  article?: { slug: string; title: string } | undefined;
  /** Notifications that failed every retry. */
  deadLetters: number;
}

export function ModerationPage({ site, counts, pending, recent, csrf, article, deadLetters }: ModerationPageProps) {
  const row = (item: OwnerComment) => <CommentRow item={item} csrf={csrf} language={site.language} articleSlug={article?.slug} />;
  return (
    <Layout site={site} title={`Moderation – ${site.title}`}>
      <AdminNav csrf={csrf} current={article ? undefined : "comments"} />
      <h1>Moderation</h1>
      <p class="meta">
        Pending {counts.pending} · Approved {counts.approved} · Spam {counts.spam} · Trash {counts.trash}
      </p>
      <DeadLetters count={deadLetters} />
      {article && (
        <p class="notice">
          Showing the comments on <a href={articlePath(article.slug)}>{article.title}</a> only. <a href="/admin">Show all comments</a>
        </p>
      )}
      <h2 id="pending-title">Waiting for moderation{article ? "" : ` (${counts.pending})`}</h2>
      {pending.length === 0 ? (
        <p>Nothing waiting.</p>
      ) : (
        <ol class="moderation-list" aria-labelledby="pending-title">
          {pending.map(row)}
        </ol>
      )}
      <h2 id="recent-title">Recent comments</h2>
      <ol class="moderation-list" aria-labelledby="recent-title">
        {recent.map(row)}
      </ol>
      <PrivacyRequests csrf={csrf} />
    </Layout>
  );
}

/** One privacy request: the commenter's email goes in the form's body, never in a URL. */
function PrivacyForm({ action, csrf, id, button, children }: { action: string; csrf: string; id: string; button: string; children?: Child }) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      <p>
        <label for={id}>Commenter's email</label>
        <input id={id} name="email" type="email" required autocomplete="off" />
      </p>
      {children}
      <p>
        <button type="submit">{button}</button>
      </p>
    </form>
  );
}

function PrivacyRequests({ csrf }: { csrf: string }) {
  return (
    <section aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy requests</h2>
      <PrivacyForm action="/admin/commenters/export" csrf={csrf} id="export-email" button="Download everything stored about them" />
      <PrivacyForm action="/admin/commenters/erase" csrf={csrf} id="erase-email" button="Erase">
        <p>
          <input id="erase-confirm" name="confirm" type="checkbox" value="yes" required />{" "}
          <label for="erase-confirm">Anonymize all their comments (name, email, website and address are removed; the text stays)</label>
        </p>
      </PrivacyForm>
    </section>
  );
}

/** What an erasure did, with the way back. */
export function ErasedPage({ site, erased }: { site: Site; erased: number }) {
  return (
    <Layout site={site} title={`Erased – ${site.title}`}>
      <h1>Erased</h1>
      <p role="status">{erased === 1 ? "1 comment was anonymized." : `${erased} comments were anonymized.`}</p>
      <p>
        <a href="/admin">Back to moderation</a>
      </p>
    </Layout>
  );
}
