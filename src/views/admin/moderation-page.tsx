import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { CommentStatus } from "../../domain/comments/comment.ts";
import type { ModerationNote, ModerationReason } from "../../domain/comments/moderation.ts";
import { commentUrl, discussionUrl, type Site } from "../../domain/site.ts";
import type { OwnerComment } from "../../services/owner-comments.ts";
import { DeadLetters } from "../dead-letters.tsx";
import { Layout, PublishedDate } from "../layout.tsx";
import { MODERATION_SCRIPT } from "../scripts.ts";
import { AdminNav } from "./admin-nav.tsx";

/** Hidden fields every form of a page carries: the anti-forgery token, and where to come back to. */
export const FormBasics = ({ csrf, back }: { csrf: string; back: string }) => (
  <>
    <input type="hidden" name="csrf" value={csrf} />
    <input type="hidden" name="back" value={back} />
  </>
);

const ACTIONS: { action: string; label: string; unless: CommentStatus | null }[] = [
  { action: "approve", label: "Approve", unless: "approved" },
  { action: "pending", label: "Unapprove", unless: "pending" },
  { action: "spam", label: "Spam", unless: "spam" },
  { action: "trash", label: "Trash", unless: "trash" },
  { action: "delete", label: "Delete for good", unless: null },
];

/** What the moderator reads for each reason (the admin API gives the codes). */
const REASONS: Record<ModerationReason, string> = {
  bot_signs: "bot signs",
  blocked: "blocked commenter",
  disallowed_key: "disallowed key",
  repeated_elsewhere: "same words sent from another address",
  moderation_key: "moderation key",
  links: "too many links",
  moderate_all: "all comments are moderated",
  first_time: "first comment",
  ai_spam: "Workers AI: spam",
  ai_abuse: "Workers AI: abuse",
  ai_unavailable: "Workers AI: no verdict",
};

const noteText = (note: ModerationNote) => [REASONS[note.reason], note.label, note.score?.toFixed(2)].filter(Boolean).join(" · ");

const COMMENTER_ACTIONS = {
  block: [["unblock", "Unblock commenter"]],
  trust: [["untrust", "Stop trusting"]],
  none: [
    ["trust", "Trust commenter"],
    ["block", "Block commenter"],
    ["block-address", "Block commenter and address"],
  ],
} as const;

function CommentRow({ item, site }: { item: OwnerComment; site: Site }) {
  const { comment, article } = item;
  const who = `comment ${comment.id} by ${comment.author}`;
  const button = (action: string, label: string, path = "") => (
    <button type="submit" formaction={`/admin/comments/${comment.id}${path}`} name="action" value={action} aria-label={`${label}: ${who}`}>
      {label}
    </button>
  );
  return (
    <li class={`moderated status-${comment.status}`} id={`moderate-${comment.id}`}>
      <p class="check-list">
        <input type="checkbox" id={`select-${comment.id}`} name={`select-${comment.id}`} value="1" />{" "}
        <label for={`select-${comment.id}`}>
          Select <bdi>{comment.author}</bdi>
        </label>
      </p>
      <p class="comment-meta">
        &lt;{item.email ?? "email unavailable"}&gt; · <span class="status">{comment.status}</span>
        {item.rule && <b> · {item.rule === "block" ? "blocked" : "trusted"} commenter</b>} · <PublishedDate date={comment.createdAt} language={site.language} />{" "}
        · on <a href={commentUrl(site, article, comment)}>{article.title}</a>
        {article.pageUrl && <> (a page of another site: {article.pageUrl})</>} (<a href={articleCommentsPath(article.slug)}>all its comments</a>)
        {comment.url && <> · {comment.url}</>}
      </p>
      {comment.moderation && <p class="note">Why: {noteText(comment.moderation)}</p>}
      <div class="comment-content">{raw(comment.bodyHtml)}</div>
      <div class="actions">
        {ACTIONS.filter(({ unless }) => unless !== comment.status).map(({ action, label }) => button(action, label))}
        {COMMENTER_ACTIONS[item.rule ?? "none"].map(([action, label]) => button(action, label, "/commenter"))}
      </div>
    </li>
  );
}

export interface ModerationFilter {
  status: CommentStatus | "all";
  article: string | undefined;
  q: string | undefined;
}

interface ModerationPageProps {
  site: Site;
  filter: ModerationFilter;
  counts: Record<CommentStatus, number>;
  comments: OwnerComment[];
  nextCursor: number | null;
  /** The article the list is filtered to, with whether it takes comments (undefined when no article has that slug). */
  article: { slug: string; title: string; commentStatus: "open" | "closed"; open: boolean; pageUrl: string | null } | undefined;
  /** This page's own address, for the forms to come back to. */
  back: string;
  csrf: string;
  /** Notifications that failed every retry. */
  deadLetters: number;
}

/** One article's comments, every status: the moderation page filtered to it (the desk's article list links here too). */
export const articleCommentsPath = (slug: string) => `/admin?article=${encodeURIComponent(slug)}`;

const TABS: [ModerationFilter["status"], string][] = [
  ["pending", "Pending"],
  ["approved", "Approved"],
  ["spam", "Spam"],
  ["trash", "Trash"],
  ["all", "All"],
];

function listHref(filter: ModerationFilter, cursor?: number) {
  const query = new URLSearchParams({ status: filter.status });
  if (filter.article) query.set("article", filter.article);
  if (filter.q) query.set("q", filter.q);
  if (cursor) query.set("cursor", String(cursor));
  return `/admin?${query}`;
}

/**
 * The moderation queue: filtered by status, article and words, every comment
 * selectable for one bulk decision, or decided one by one. Plain forms; the
 * small script only adds "select all" and keys.
 */
export function ModerationPage({ site, filter, counts, comments, nextCursor, article, back, csrf, deadLetters }: ModerationPageProps) {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return (
    <Layout site={site} title={`Moderation – ${site.title}`}>
      <AdminNav csrf={csrf} current="comments" />
      <h1>Moderation</h1>
      <nav aria-label="Comments by status" class="filters">
        <ul class="tabs">
          {TABS.map(([status, label]) => (
            <li>
              <a href={listHref({ ...filter, status })} aria-current={status === filter.status ? "page" : undefined}>
                {label} ({status === "all" ? total : counts[status]})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <DeadLetters count={deadLetters} />
      <form method="get" action="/admin" class="filters">
        <input type="hidden" name="status" value={filter.status} />
        <p>
          <label for="filter-article">Article (slug)</label>
          <input id="filter-article" name="article" value={filter.article ?? ""} />
        </p>
        <p>
          <label for="filter-q">Words in the comment or name</label>
          <input id="filter-q" name="q" type="search" value={filter.q ?? ""} />
        </p>
        <p>
          <button type="submit">Filter</button> <a href="/admin">Clear</a>
        </p>
      </form>
      {filter.article && !article && (
        <p class="notice" role="alert">
          No article has the slug “{filter.article}”.
        </p>
      )}
      {article && (
        <form method="post" action={`/admin/articles/${encodeURIComponent(article.slug)}/comment-status`} class="notice">
          <FormBasics csrf={csrf} back={back} />
          <p>
            Comments on <a href={discussionUrl(site, article)}>{article.title}</a>
            {article.pageUrl && <> (a page of another site: {article.pageUrl})</>} are <b>{article.commentStatus}</b>
            {article.commentStatus === "open" && !article.open && " (but closed by the age limit in the discussion settings)"}.{" "}
            <button type="submit" name="commentStatus" value={article.commentStatus === "open" ? "closed" : "open"}>
              {article.commentStatus === "open" ? "Close comments" : "Open comments"}
            </button>
          </p>
        </form>
      )}
      <h2 id="list-title">
        {TABS.find(([status]) => status === filter.status)![1]} comments{filter.article || filter.q ? " (filtered)" : ""}
      </h2>
      {comments.length === 0 ? (
        <p>No comments here.</p>
      ) : (
        <form id="moderation-form" method="post" action="/admin/comments/bulk">
          <FormBasics csrf={csrf} back={back} />
          <p class="js-only check-list" hidden>
            <input type="checkbox" id="select-all" /> <label for="select-all">Select all {comments.length} shown</label> · keys: j and k move, x selects
          </p>
          <fieldset class="actions">
            <legend>With the selected comments</legend>
            {ACTIONS.slice(0, 4).map(({ action, label }) => (
              <button type="submit" name="action" value={action}>
                {label}
              </button>
            ))}
          </fieldset>
          <ol class="moderation-list" aria-labelledby="list-title">
            {comments.map((item) => (
              <CommentRow item={item} site={site} />
            ))}
          </ol>
        </form>
      )}
      {nextCursor !== null && (
        <p>
          <a href={listHref(filter, nextCursor)}>Older comments →</a>
        </p>
      )}
      <PrivacyRequests csrf={csrf} />
      <script>{raw(MODERATION_SCRIPT)}</script>
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
        <p class="check-list">
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
