import { Hono, type MiddlewareHandler } from "hono";
import { movedArticleSlug } from "../db/desk-articles.ts";
import { threadIdOfSlug } from "../domain/thread-ids.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";

/**
 * An article whose slug changed keeps its old addresses: a reader, feed or
 * API request that finds nothing at the old slug is sent (301) to the same
 * place under the new one. Looked up only when nothing is found, so live
 * pages pay nothing; never for drafts, whose new slug stays private.
 */
export const movedArticles = new Hono<AppEnv>();

const redirectMoved: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status !== 404 || (c.req.method !== "GET" && c.req.method !== "HEAD")) return;
  const slug = c.req.param("slug");
  const current = slug ? await movedArticleSlug(c.var.db, slug) : undefined;
  if (!current) return;
  const url = new URL(c.req.url);
  const segments = url.pathname.split("/");
  segments[segments.indexOf("articles") + 1] = encodeURIComponent(current);
  c.res = undefined; // replace the 404, don't merge into it
  // Short-lived: the slug may be taken back one day, and a browser must not remember this for ever.
  c.res = new Response(null, { status: 301, headers: { Location: `${segments.join("/")}${url.search}`, "Cache-Control": "public, max-age=300" } });
};

/** An outside page's thread is stored like an article under a `thread:` slug, but it is no article: none of their routes serves it. */
const articlesOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (threadIdOfSlug(c.req.param("slug") ?? "") !== undefined) throw notFound("Article");
  await next();
};

for (const path of ["/articles/:slug", "/articles/:slug/*", "/api/articles/:slug", "/api/articles/:slug/*"])
  movedArticles.use(path, articlesOnly, redirectMoved);
