import { escapeHtml } from "../html.ts";
import { renderPlainText } from "../plain-text.ts";
import { LINK_DAYS, type SubscriptionKind } from "./jobs.ts";
import type { EmailContent } from "./mime.ts";

/** What an email says of a site and an article: never any commenter's email. */
interface Context {
  site: { title: string; language: string };
  article: { title: string };
}

export interface EmailedComment {
  author: string;
  body: string;
  /** The comment's permalink, or for a held one the moderation page. */
  url: string;
}

/** One paragraph of an email, as plain text and as (escaped) HTML. */
type Block = [text: string, html: string];

const para = (text: string): Block => [text, `<p>${escapeHtml(text)}</p>`];
const link = (label: string, url: string): Block => [`${label}:\n${url}`, `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>`];

const EXCERPT = 2000;

function quoted({ author, body, url }: EmailedComment): Block[] {
  const text = body.length > EXCERPT ? `${body.slice(0, EXCERPT).replace(/[\uD800-\uDBFF]$/, "")}…` : body;
  return [
    [`${author} wrote:\n\n${text}`, `<p><b>${escapeHtml(author)}</b> wrote:</p><blockquote>${renderPlainText(text)}</blockquote>`],
    link("Read it on the site", url),
  ];
}

const AUTOMATIC = { "Auto-Submitted": "auto-generated" };

function compose({ site }: Context, subject: string, blocks: Block[], footer: Block[], headers: Record<string, string> = {}): EmailContent {
  const html = (parts: Block[]) => parts.map(([, part]) => part).join("");
  return {
    subject,
    text: `${[...blocks, ...footer].map(([text]) => text).join("\n\n")}\n`,
    html: `<!DOCTYPE html><html lang="${escapeHtml(site.language)}"><body style="font:16px/1.5 Georgia,serif;max-width:40rem">${html(blocks)}<hr><div style="font-size:14px;color:#555">${html(footer)}</div></body></html>`,
    headers: { ...AUTOMATIC, ...headers },
  };
}

/** The one email an unconfirmed address ever gets: a link to confirm. */
export function confirmationEmail(context: Context, confirmUrl: string): EmailContent {
  const { site, article } = context;
  return compose(
    context,
    `Confirm comment notifications from ${site.title}`,
    [
      para(`Someone, hopefully you, asked ${site.title} to email this address about new comments on "${article.title}".`),
      link(`Confirm (the link works for ${LINK_DAYS} days)`, confirmUrl),
    ],
    [para("If it wasn't you, ignore this email: nothing more is sent to this address unless it is confirmed.")],
  );
}

/** New comments for a subscribed reader: one, or a digest of several, with one-click unsubscribe links (RFC 8058). */
export function subscriberEmail(
  context: Context,
  kind: SubscriptionKind,
  comments: EmailedComment[],
  unsubscribe: { article: string; everything: string },
): EmailContent {
  const { site, article } = context;
  const replies = kind === "replies";
  const subject =
    comments.length > 1
      ? `${comments.length} new ${replies ? "replies to you" : "comments"} on "${article.title}"`
      : `New ${replies ? "reply to your comment" : "comment"} on "${article.title}"`;
  return compose(
    context,
    subject,
    [para(`${replies ? "New replies to your comment" : "New comments"} on "${article.title}" at ${site.title}:`), ...comments.flatMap(quoted)],
    [
      para(`You get these emails because you asked to hear of ${replies ? "replies to your comments" : "new comments"} on this article.`),
      link("Stop emails about this article", unsubscribe.article),
      link(`Stop all emails from ${site.title}`, unsubscribe.everything),
    ],
    { "List-Unsubscribe": `<${unsubscribe.article}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  );
}

/** WordPress's owner notices ("Please moderate" / "Comment"), with one-time moderation links. */
export function ownerEmail(
  context: Context,
  held: boolean,
  comment: EmailedComment & { website: string | null },
  actions: [string, string][],
  adminUrl: string,
) {
  const { site, article } = context;
  return compose(
    context,
    held ? `[${site.title}] Please moderate: "${article.title}"` : `[${site.title}] Comment: "${article.title}"`,
    [
      para(held ? `A new comment on "${article.title}" is waiting for your approval.` : `A new comment on "${article.title}" was published.`),
      ...(comment.website ? [para(`Website: ${comment.website}`)] : []),
      ...quoted(comment),
      ...actions.map(([label, url]) => link(label, url)),
    ],
    [para(`Each of these links works once, for ${LINK_DAYS} days, without signing in.`), link("Moderation page", adminUrl)],
  );
}
