import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import * as z from "zod/mini";
import { commentCountsByStatus } from "../db/admin-comments.ts";
import { bumpSessionVersion } from "../db/admin-sessions.ts";
import { articleDiscussion } from "../db/discussion-settings.ts";
import { deadLetterCount } from "../db/notifications.ts";
import { commentStatuses } from "../domain/comments/comment.ts";
import { articleCommentStatuses, commentsOpen } from "../domain/comments/discussion.ts";
import type { AppEnv } from "../env.ts";
import { adminFormPost, adminPageCsrf, backTo, requireSessionForm } from "../http/admin-session.tsx";
import { AppError, notFound } from "../http/errors.ts";
import { commenterExportJson } from "../http/owner-json.ts";
import { moderationRefusal } from "../http/refusals.ts";
import { renderPage } from "../http/render.ts";
import { readForm } from "../http/request-body.ts";
import { adminCheckError, clientKeyOf, noStore, SESSION_COOKIE } from "../http/require-admin.ts";
import { validated } from "../http/validate.ts";
import { checkAdminToken, issueSession, SESSION_SECONDS } from "../services/admin-auth.ts";
import { commentStatusOfArticle } from "../services/article-comments.ts";
import { liftRuleFromComment, ruleFromComment } from "../services/commenter-trust.ts";
import { eraseCommenter } from "../services/erase-commenter.ts";
import { type ModerationChange, moderateComment, moderateComments } from "../services/moderate-comment.ts";
import { commenterComments, listOwnerComments } from "../services/owner-comments.ts";
import { discussionSettings } from "../services/site-discussion.ts";
import { commenterSubscriptions } from "../services/subscriptions.ts";
import { ErasedPage, ModerationPage } from "../views/admin/moderation-page.tsx";
import { SignInPage } from "../views/admin/sign-in-page.tsx";
import { adminDiscussionPages } from "./admin-discussion-pages.tsx";

/** The owner's moderation page: `/admin`, signed in with the admin token, works without JavaScript. */
export const adminPage = new Hono<AppEnv>();

adminPage.use(noStore());

/** Comments per page of the list: a bulk action covers them all. */
const SHOWN = 100;

// Lenient, as links are: a mangled filter shows the pending queue (or, filtered to an article, all its comments).
const listQuery = z.object({
  status: z.catch(z.optional(z.enum([...commentStatuses, "all"])), undefined),
  article: z.catch(z.optional(z.string()), undefined),
  q: z.catch(z.optional(z.string()), undefined),
  cursor: z.catch(z.optional(z.pipe(z.coerce.number(), z.int().check(z.positive()))), undefined),
});

adminPage.get("/", validated("query", listQuery), async (c) => {
  const csrf = await adminPageCsrf(c);
  if (csrf instanceof Response) return csrf;
  const { db, settings } = c.var;
  const query = c.req.valid("query");
  const articleSlug = query.article?.trim() || undefined;
  const search = query.q?.trim() || undefined;
  // `/admin?article=<slug>` (the desk's comment counts, each row's "all its comments"): every status of that article's comments.
  const status = query.status ?? (articleSlug ? "all" : "pending");
  const [counts, list, article, discussion, deadLetters] = await Promise.all([
    commentCountsByStatus(db, articleSlug),
    listOwnerComments(db, settings.keys, {
      status: status === "all" ? undefined : status,
      articleSlug,
      search,
      beforeId: query.cursor,
      limit: SHOWN,
    }),
    articleSlug ? articleDiscussion(db, articleSlug) : undefined,
    discussionSettings(db, settings),
    deadLetterCount(db),
  ]);
  const url = new URL(c.req.url);
  return renderPage(
    c,
    <ModerationPage
      site={c.var.site}
      filter={{ status, article: articleSlug, q: search }}
      counts={counts}
      comments={list.comments}
      nextCursor={list.nextCursor}
      article={article && { ...article, open: commentsOpen(article, discussion, new Date()) }}
      back={url.pathname + url.search}
      csrf={csrf}
      deadLetters={deadLetters}
    />,
    // The page still shows, with its filters to correct the slug.
    articleSlug && !article ? 404 : 200,
  );
});

const formPost = adminFormPost();

adminPage.post("/session", ...formPost, async (c) => {
  const { token, next } = await readForm(c);
  const check = await checkAdminToken(c.env, "sign-in", token, clientKeyOf(c));
  if (check === "invalid" || check === "missing") return renderPage(c, <SignInPage site={c.var.site} error="That token is not right." next={next} />, 401);
  if (check !== "ok") throw adminCheckError(check);
  setCookie(c, SESSION_COOKIE, await issueSession(c.env, c.var.db, new Date()), {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/admin",
    maxAge: SESSION_SECONDS,
  });
  // Back to the admin page that asked for the sign-in, never elsewhere.
  return backTo(c, next);
});

adminPage.post("/signout", ...formPost, async (c) => {
  await requireSessionForm(c);
  // Ends this session and every other: a cookie left on another device stops working too.
  await bumpSessionVersion(c.var.db);
  deleteCookie(c, SESSION_COOKIE, { path: "/admin", secure: true });
  return c.redirect("/admin", 303);
});

// A Map, not an object: `constructor`, `toString` or `__proto__` must be unknown actions, not inherited properties.
const CHANGE_FOR_ACTION = new Map<string, ModerationChange>([
  ["approve", "approved"],
  ["pending", "pending"],
  ["spam", "spam"],
  ["trash", "trash"],
  ["delete", "delete"],
]);

function commentIdOf(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("Comment");
  return id;
}

/** The selected comments of the list form (`select-<id>` check boxes), and one decision for them all, in one batch. */
adminPage.post("/comments/bulk", ...formPost, async (c) => {
  const form = await requireSessionForm(c);
  const change = CHANGE_FOR_ACTION.get(form.action ?? "");
  if (!change || change === "delete") throw new AppError(400, "bad_request", "Unknown moderation action.");
  const ids = Object.keys(form).flatMap((name) => /^select-(\d{1,15})$/.exec(name)?.[1] ?? []);
  if (ids.length === 0) throw new AppError(422, "validation_failed", "Select at least one comment first.");
  const result = await moderateComments(c.var.db, c.var.effects, ids.map(Number), change);
  if (result.outcome !== "done") throw moderationRefusal(result);
  return backTo(c, form.back);
});

adminPage.post("/comments/:id", ...formPost, async (c) => {
  const form = await requireSessionForm(c);
  const id = commentIdOf(c.req.param("id"));
  const change = CHANGE_FOR_ACTION.get(form.action ?? "");
  if (!change) throw new AppError(400, "bad_request", "Unknown moderation action.");
  const result = await moderateComment(c.var.db, c.var.effects, id, change);
  if (result.outcome !== "done") throw moderationRefusal(result);
  return backTo(c, form.back);
});

/** Block (with or without the address), trust, or undo either, from one of the commenter's comments. */
adminPage.post("/comments/:id/commenter", ...formPost, async (c) => {
  const form = await requireSessionForm(c);
  const id = commentIdOf(c.req.param("id"));
  const now = new Date();
  switch (form.action) {
    case "block":
    case "block-address":
    case "trust": {
      const rule = await ruleFromComment(c.var.db, id, form.action === "trust" ? "trust" : "block", form.action === "block-address", now);
      if (!rule) throw notFound("Comment");
      break;
    }
    case "unblock":
    case "untrust":
      await liftRuleFromComment(c.var.db, id, form.action === "unblock" ? "block" : "trust");
      break;
    default:
      throw new AppError(400, "bad_request", "Unknown commenter action.");
  }
  return backTo(c, form.back);
});

/** Opens or closes one article's comments. */
adminPage.post("/articles/:slug/comment-status", ...formPost, async (c) => {
  const form = await requireSessionForm(c);
  const status = articleCommentStatuses.find((value) => value === form.commentStatus);
  if (!status) throw new AppError(400, "bad_request", 'commentStatus must be "open" or "closed".');
  if (!(await commentStatusOfArticle(c.var.db, c.var.effects, c.var.settings, c.req.param("slug"), status, new Date()))) throw notFound("Article");
  return backTo(c, form.back);
});

const privacyRequest = z.object({ email: z.email("Enter the commenter's email address."), confirm: z.optional(z.literal("yes")) });

/** A privacy request from the page: the same export as the API's, as a download. */
adminPage.post("/commenters/export", ...formPost, async (c) => {
  const parsed = privacyRequest.safeParse(await requireSessionForm(c));
  if (!parsed.success) throw new AppError(422, "validation_failed", "Enter the commenter's email address.");
  const { db, settings } = c.var;
  const [rows, subscriptions] = await Promise.all([
    commenterComments(db, settings.keys, parsed.data.email),
    commenterSubscriptions(db, settings.keys, parsed.data.email),
  ]);
  return c.json(commenterExportJson(parsed.data.email.trim(), rows, subscriptions), 200, {
    "Content-Disposition": 'attachment; filename="commenter-export.json"',
  });
});

/** A privacy request from the page: anonymize the commenter once the owner has ticked the confirmation. */
adminPage.post("/commenters/erase", ...formPost, async (c) => {
  const parsed = privacyRequest.safeParse(await requireSessionForm(c));
  if (!parsed.success || parsed.data.confirm !== "yes") throw new AppError(422, "validation_failed", "Enter the commenter's email and tick the confirmation.");
  const erased = await eraseCommenter(c.var.db, c.var.effects, c.var.settings.keys, parsed.data.email, new Date());
  return renderPage(c, <ErasedPage site={c.var.site} erased={erased} />);
});

// The settings page and the list of blocked and trusted commenters.
adminPage.route("/", adminDiscussionPages);
