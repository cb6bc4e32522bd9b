import { Hono, type MiddlewareHandler } from "hono";
import { movedArticle } from "../db/desk-articles.ts";
import { ARTICLES_TAG, articleTag } from "../domain/cache-tags.ts";
import { threadIdOfSlug } from "../domain/thread-ids.ts";
import type { AppEnv } from "../env.ts";
import { markPublic } from "../http/edge-cache.ts";
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
  const current = slug ? await movedArticle(c.var.db, slug) : undefined;
  if (!current) return;
  const url = new URL(c.req.url);
  const segments = url.pathname.split("/");
  segments[segments.indexOf("articles") + 1] = encodeURIComponent(current.slug);
  c.res = undefined; // replace the 404, don't merge into it
  const moved = new Response(null, { status: 301, headers: { Location: `${segments.join("/")}${url.search}` } });
  // Short-lived in browsers (the slug may be taken back one day); tagged for the edge, so it follows the
  // article's next move (its tag) and a new article taking the old slug (publishing purges the lists').
  markPublic(moved.headers, "relocated", [articleTag(current.id), ARTICLES_TAG]);
  c.res = moved;
};

/** An outside page's thread is stored like an article under a `thread:` slug, but it is no article: none of their routes serves it. */
const articlesOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (threadIdOfSlug(c.req.param("slug") ?? "") !== undefined) throw notFound("Article");
  await next();
};

for (const path of ["/articles/:slug", "/articles/:slug/*", "/api/articles/:slug", "/api/articles/:slug/*"])
  movedArticles.use(path, articlesOnly, redirectMoved);
