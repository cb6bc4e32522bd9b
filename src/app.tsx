import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { isDatabaseError } from "./db/database-errors.ts";
import type { AppEnv } from "./env.ts";
import { conditionalGet } from "./http/conditional-get.ts";
import { database } from "./http/database.ts";
import { markPublic, PRIVATE } from "./http/edge-cache.ts";
import { embedCors } from "./http/embed-cors.ts";
import { AppError, errorBody, notFound } from "./http/errors.ts";
import { renderPage } from "./http/render.ts";
import { requestEffects } from "./http/request-effects.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { siteContext } from "./http/site-context.ts";
import { adminApi } from "./routes/admin-api.ts";
import { adminPage } from "./routes/admin-page.tsx";
import { apiArticles } from "./routes/api-articles.ts";
import { apiComments } from "./routes/api-comments.ts";
import { apiThreads } from "./routes/api-threads.ts";
import { commentFormPost } from "./routes/comment-form-post.tsx";
import { crawlers } from "./routes/crawlers.ts";
import { deskPages } from "./routes/desk-pages.tsx";
import { feeds } from "./routes/feeds.ts";
import { hub } from "./routes/hub.ts";
import { mediaFiles } from "./routes/media-files.ts";
import { movedArticles } from "./routes/moved-articles.ts";
import { notificationLinks } from "./routes/notification-links.tsx";
import { pages } from "./routes/pages.tsx";
import { termPages } from "./routes/term-pages.tsx";
import { wordpressRedirects } from "./routes/wordpress-redirects.ts";
import { ErrorPage } from "./views/error-page.tsx";

export const app = new Hono<AppEnv>();

// Silence would let Workers Cache keep a response for hours: what no route marked public is private.
app.use(async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", PRIVATE);
});
app.use(securityHeaders());
app.use(siteContext());
app.use(database());
app.use(requestEffects());
// Other sites' pages read and post here: the CORS headers go on every answer, cached or not.
app.use("/api/threads/*", ...embedCors());
app.use("/api/counts", ...embedCors());
app.use(conditionalGet());

// Before the routes it wraps: it answers their 404s for an article's old slug.
app.route("/", movedArticles);
app.route("/", pages);
app.route("/", commentFormPost);
app.route("/", feeds);
app.route("/", termPages);
app.route("/", crawlers);
app.route("/", hub);
app.route("/api", apiArticles);
app.route("/api", apiComments);
app.route("/api", apiThreads);
app.route("/api/admin", adminApi);
app.route("/admin", adminPage);
app.route("/admin/articles", deskPages);
app.route("/", mediaFiles);
app.route("/notifications", notificationLinks);
app.route("/", wordpressRedirects);

const ERROR_TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Forbidden",
  404: "Page not found",
  413: "Too large",
  415: "Unsupported content type",
  422: "Please check your comment",
  429: "Slow down",
  503: "Temporarily unavailable",
};

/**
 * One place turns every failure into the right shape: JSON on /api, an HTML
 * page elsewhere. Errors are private, but for a GET answered the same for
 * everyone until its cache tags change (a 404 for an unknown article).
 */
async function respondWithError(c: Context<AppEnv>, error: AppError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const title = ERROR_TITLES[error.status] ?? "Something went wrong";
  const response =
    c.req.path === "/api" || c.req.path.startsWith("/api/")
      ? c.json(errorBody(error), error.status)
      : await renderPage(c, <ErrorPage site={c.var.site} title={title} message={error.message} />, error.status);
  const shared = error.cacheTags !== undefined && (c.req.method === "GET" || c.req.method === "HEAD");
  if (shared) markPublic(response.headers, "missing", error.cacheTags, error.expiresAt);
  else response.headers.set("Cache-Control", PRIVATE);
  return response;
}

app.notFound((c) => respondWithError(c, notFound()));

app.onError((error, c) => {
  if (error instanceof AppError) return respondWithError(c, error);
  // Database failures are the service being briefly unavailable, not the reader's fault.
  if (isDatabaseError(error)) {
    console.error(JSON.stringify({ event: "database_unavailable", method: c.req.method, route: c.req.routePath }));
    return respondWithError(
      c,
      new AppError(503, "unavailable", "We can't reach our database right now. Please try again in a few seconds.", { headers: { "Retry-After": "5" } }),
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    return respondWithError(c, new AppError(error.status, "bad_request", error.message || "Bad request."));
  }
  // Only the error's name and the route: messages can quote SQL parameters, and those hold readers' data.
  console.error(JSON.stringify({ event: "unhandled_error", error: error.name, method: c.req.method, route: c.req.routePath }));
  return respondWithError(c, new AppError(500, "internal_error", "Something went wrong on our side. Please try again."));
});
