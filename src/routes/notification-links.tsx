import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { commentWithArticle } from "../db/admin-comments.ts";
import type { LinkPurpose } from "../domain/notifications/signed-links.ts";
import type { AppEnv } from "../env.ts";
import { renderPage } from "../http/render.ts";
import { noStore } from "../http/require-admin.ts";
import { followLink, type LinkAction, type LinkResult, readLink } from "../services/email-links.ts";
import type { ModerationChange } from "../services/moderate-comment.ts";
import { LinkPage } from "../views/notification-pages.tsx";

/**
 * The links in emails, `/notifications/{confirm,unsubscribe,moderate}?t=<signed token>`:
 * GET asks (mail scanners open links; they must not act), POST acts. No
 * sign-in and no same-origin check: the signed token is the authority, and
 * a mail program's one-click unsubscribe (RFC 8058: POST with
 * `List-Unsubscribe=One-Click`) comes from no page at all.
 */
export const notificationLinks = new Hono<AppEnv>();

// The token is in the URL: no cache may keep the page, errors included (other sites only ever see our origin as referrer).
notificationLinks.use(noStore());

const FAILURES: Record<Exclude<LinkResult["outcome"], "valid">, [ContentfulStatusCode, string, string]> = {
  invalid: [403, "This link isn't valid", "Check that the whole link was copied from the email."],
  expired: [410, "This link has expired", "Links in our emails work for a limited time: use the one in a more recent email."],
  used: [410, "This link was already used", "Each moderation link works once. Every comment is on the moderation page, /admin."],
  gone: [410, "Nothing left to do", "What this link was for no longer exists."],
  duplicate: [409, "Not restored", "The same person has since posted the same comment again; restore that one instead."],
};

const MODERATION: Record<string, [question: string, button: string, done: string]> = {
  approved: ["Approve this comment?", "Approve", "The comment is approved and on the site."],
  spam: ["Mark this comment as spam?", "Spam", "The comment is marked as spam."],
  trash: ["Move this comment to the trash?", "Trash", "The comment is in the trash."],
};

const moderation = (change: ModerationChange) => MODERATION[change]!;

function question(c: Context<AppEnv>, action: Exclude<LinkAction, { purpose: "moderate" }>): [string, string, string] {
  if (action.purpose === "confirm")
    return ["Confirm email notifications", "Confirm that this address may be emailed about new comments, as you asked.", "Confirm"];
  return action.articleId === null
    ? ["Stop all emails?", `Stop every email about comments from ${c.var.site.title}.`, "Unsubscribe from everything"]
    : ["Stop emails about this article?", "Stop emails about new comments on this article.", "Unsubscribe"];
}

function answer(c: Context<AppEnv>, action: LinkAction): [string, string] {
  if (action.purpose === "moderate") return ["Done", moderation(action.change)[2]];
  if (action.purpose === "confirm") return ["Confirmed", "We'll email you about new comments as you asked. Every email has a link to stop them."];
  return ["Unsubscribed", action.articleId === null ? `No more emails from ${c.var.site.title}.` : "No more emails about this article."];
}

const page = (c: Context<AppEnv>, status: ContentfulStatusCode, title: string, message: string, extra: Partial<Parameters<typeof LinkPage>[0]> = {}) =>
  renderPage(c, <LinkPage site={c.var.site} title={title} message={message} {...extra} />, status);

const failure = (c: Context<AppEnv>, result: Exclude<LinkResult, { outcome: "valid" }>) => page(c, ...FAILURES[result.outcome]);

const purposeOf = (c: Context) => c.req.param("purpose") as LinkPurpose;

notificationLinks.get("/:purpose{confirm|unsubscribe|moderate}", async (c) => {
  const result = await readLink(c.var.db, c.var.settings.keys.hashKey, purposeOf(c), c.req.query("t"), new Date());
  if (result.outcome !== "valid") return failure(c, result);
  const { action } = result;
  const self = `${c.req.path}?t=${encodeURIComponent(c.req.query("t")!)}`;
  if (action.purpose !== "moderate") {
    const [title, message, label] = question(c, action);
    return page(c, 200, title, message, { button: { label, action: self } });
  }
  const row = await commentWithArticle(c.var.db, action.commentId);
  if (!row) return failure(c, { outcome: "gone" });
  const [title, label] = moderation(action.change);
  const comment = { author: row.comment.author, bodyHtml: row.comment.bodyHtml, article: row.article.title };
  return page(c, 200, title, `It is ${row.comment.status} now.`, { button: { label, action: self }, comment });
});

notificationLinks.post("/:purpose{confirm|unsubscribe|moderate}", async (c) => {
  const result = await followLink(c.var.db, c.var.effects, c.var.settings.keys.hashKey, purposeOf(c), c.req.query("t"), new Date());
  if (result.outcome !== "valid") return failure(c, result);
  return page(c, 200, ...answer(c, result.action));
});
