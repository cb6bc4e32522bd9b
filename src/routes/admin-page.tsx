import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { commentCountsByStatus } from "../db/admin-comments.ts";
import { articleOfAnyStatus } from "../db/desk-articles.ts";
import type { AppEnv } from "../env.ts";
import { adminFormPost, adminPageCsrf, requireSessionForm } from "../http/admin-session.ts";
import { AppError, notFound } from "../http/errors.ts";
import { moderationRefusal } from "../http/refusals.ts";
import { renderPage } from "../http/render.ts";
import { readForm } from "../http/request-body.ts";
import { adminCheckError, clientKeyOf, noStore, SESSION_COOKIE } from "../http/require-admin.ts";
import { checkAdminToken, issueSession, SESSION_SECONDS } from "../services/admin-auth.ts";
import { type ModerationChange, moderateComment } from "../services/moderate-comment.ts";
import { listOwnerComments } from "../services/owner-comments.ts";
import { ModerationPage } from "../views/admin/moderation-page.tsx";
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
  const [counts, pending, recent, [article]] = await Promise.all([
    commentCountsByStatus(db),
    listOwnerComments(db, settings.keys, { status: "pending", articleSlug, limit: PENDING_SHOWN }),
    listOwnerComments(db, settings.keys, { articleSlug, limit: RECENT_SHOWN }),
    articleSlug ? articleOfAnyStatus(db, { slug: articleSlug }) : [],
  ]);
  if (articleSlug && !article) throw notFound("Article");
  return renderPage(c, <ModerationPage site={c.var.site} counts={counts} pending={pending.comments} recent={recent.comments} csrf={csrf} article={article} />);
});

const formPost = adminFormPost();

// Where to go after signing in: back to the admin page that asked, never elsewhere.
const ADMIN_PATH = /^\/admin(?:\/[\w\-/]*)?(?:\?[\w\-=&%.]*)?$/;

adminPage.post("/session", ...formPost, async (c) => {
  const { token, next } = await readForm(c);
  const check = await checkAdminToken(c.env, token, clientKeyOf(c));
  if (check === "invalid") return renderPage(c, <SignInPage site={c.var.site} error="That token is not right." next={next} />, 401);
  if (check !== "ok") throw adminCheckError(check);
  setCookie(c, SESSION_COOKIE, await issueSession(c.env, new Date()), {
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
  deleteCookie(c, SESSION_COOKIE, { path: "/admin", secure: true });
  return c.redirect("/admin", 303);
});

const CHANGE_FOR_ACTION: Record<string, ModerationChange> = {
  approve: "approved",
  pending: "pending",
  spam: "spam",
  trash: "trash",
  delete: "delete",
};

adminPage.post("/comments/:id", ...formPost, async (c) => {
  const form = await requireSessionForm(c);
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("Comment");
  const change = CHANGE_FOR_ACTION[form.action ?? ""];
  if (!change) throw new AppError(400, "bad_request", "Unknown moderation action.");
  const result = await moderateComment(c.var.db, c.var.effects, id, change);
  if (result.outcome !== "done") throw moderationRefusal(result);
  return c.redirect(moderationPath(form.article || undefined), 303);
});
