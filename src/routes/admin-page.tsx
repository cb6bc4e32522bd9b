import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import * as z from "zod/mini";
import { commentCountsByStatus } from "../db/admin-comments.ts";
import { bumpSessionVersion } from "../db/admin-sessions.ts";
import { articleOfAnyStatus } from "../db/desk-articles.ts";
import { deadLetterCount } from "../db/notifications.ts";
import type { AppEnv } from "../env.ts";
import { adminFormPost, adminPageCsrf, requireSessionForm } from "../http/admin-session.ts";
import { AppError, notFound } from "../http/errors.ts";
import { commenterExportJson } from "../http/owner-json.ts";
import { moderationRefusal } from "../http/refusals.ts";
import { renderPage } from "../http/render.ts";
import { readForm } from "../http/request-body.ts";
import { adminCheckError, clientKeyOf, noStore, SESSION_COOKIE } from "../http/require-admin.ts";
import { checkAdminToken, issueSession, SESSION_SECONDS } from "../services/admin-auth.ts";
import { eraseCommenter } from "../services/erase-commenter.ts";
import { type ModerationChange, moderateComment } from "../services/moderate-comment.ts";
import { commenterComments, listOwnerComments } from "../services/owner-comments.ts";
import { commenterSubscriptions } from "../services/subscriptions.ts";
import { ErasedPage, ModerationPage } from "../views/admin/moderation-page.tsx";
import { SignInPage } from "../views/admin/sign-in-page.tsx";

/** The owner's moderation page: `/admin`, signed in with the admin token, works without JavaScript. */
export const adminPage = new Hono<AppEnv>();

adminPage.use(noStore());

const PENDING_SHOWN = 100;
const RECENT_SHOWN = 50;

/** `/admin?article=<slug>`: one article's comments (the desk's article list links here). */
const moderationPath = (articleSlug: string | undefined) => (articleSlug ? `/admin?article=${encodeURIComponent(articleSlug)}` : "/admin");

adminPage.get("/", async (c) => {
  const csrf = await adminPageCsrf(c);
  if (!csrf) return renderPage(c, <SignInPage site={c.var.site} />);
  const { db, settings } = c.var;
  const articleSlug = c.req.query("article") || undefined;
  const [counts, pending, recent, [article], deadLetters] = await Promise.all([
    commentCountsByStatus(db),
    listOwnerComments(db, settings.keys, { status: "pending", articleSlug, limit: PENDING_SHOWN }),
    listOwnerComments(db, settings.keys, { articleSlug, limit: RECENT_SHOWN }),
    articleSlug ? articleOfAnyStatus(db, { slug: articleSlug }) : [],
    deadLetterCount(db),
  ]);
  if (articleSlug && !article) throw notFound("Article");
  return renderPage(
    c,
    <ModerationPage
      site={c.var.site}
      counts={counts}
      pending={pending.comments}
      recent={recent.comments}
      csrf={csrf}
      article={article}
      deadLetters={deadLetters}
    />,
  );
});

const formPost = adminFormPost();

// Where to go after signing in: back to the admin page that asked, never elsewhere.
const ADMIN_PATH = /^\/admin(?:\/[\w\-/]*)?(?:\?[\w\-=&%.]*)?$/;

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
  return c.redirect(next && ADMIN_PATH.test(next) && !next.includes("//") ? next : "/admin", 303);
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

adminPage.post("/comments/:id", ...formPost, async (c) => {
  const form = await requireSessionForm(c);
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("Comment");
  const change = CHANGE_FOR_ACTION.get(form.action ?? "");
  if (!change) throw new AppError(400, "bad_request", "Unknown moderation action.");
  const result = await moderateComment(c.var.db, c.var.effects, id, change);
  if (result.outcome !== "done") throw moderationRefusal(result);
  return c.redirect(moderationPath(form.article || undefined), 303);
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
