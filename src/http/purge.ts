import type { Context } from "hono";
import { articleCommentPaths, articlePaths, purgeGlobally } from "../services/purge.ts";
import { afterResponse } from "./after-response.ts";
import { staleKey } from "./edge-cache.ts";
import type { AppEnv } from "./app-env.ts";

/**
 * After a write that changes what the public sees: delete the affected URLs
 * from this location's cache before answering (so the next request is fresh),
 * and from every location through the purge API afterwards, if configured.
 */
export async function purgePublicPaths(c: Context<AppEnv>, paths: string[]): Promise<void> {
  const origins = new Set([new URL(c.req.url).origin, c.var.site.baseUrl]);
  const urls = [...origins].flatMap((origin) => paths.map((path) => `${origin}${path}`));
  await Promise.all(urls.flatMap((url) => [caches.default.delete(new Request(url)), caches.default.delete(staleKey(url))]));
  await afterResponse(c, purgeGlobally(c.env, urls));
}

type ArticleRef = { slug: string; commentCount: number };

/** After a change to an article's approved comments. */
export const purgeArticleComments = (c: Context<AppEnv>, article: ArticleRef) =>
  purgePublicPaths(c, articleCommentPaths(article.slug, article.commentCount));

/** After an article is published, changed or unpublished. */
export const purgeArticle = (c: Context<AppEnv>, article: ArticleRef) => purgePublicPaths(c, articlePaths(article.slug, article.commentCount));
