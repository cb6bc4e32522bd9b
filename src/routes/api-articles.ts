import { Hono } from "hono";
import { articleListData, publishedArticleBySlug } from "../db/articles.ts";
import type { Article } from "../db/schema.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { expiresBy } from "../http/cache-expiry.ts";
import { notFound } from "../http/errors.ts";
import { CACHE } from "../http/render.ts";

function articleSummaryJson(site: Site, article: Article) {
  return {
    id: article.guid,
    slug: article.slug,
    url: absoluteUrl(site, articlePath(article.slug)),
    title: article.title,
    summary: article.summary,
    source: article.source,
    publishedAt: article.publishedAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
  };
}

/** Read-only JSON for articles: `/api/articles` and `/api/articles/:slug`. */
export const apiArticles = new Hono<AppEnv>();

apiArticles.get("/articles", async (c) => {
  const { articles, nextScheduledAt } = await articleListData(c.var.db);
  c.header("Cache-Control", CACHE.api);
  return expiresBy(c.json({ articles: articles.map((article) => articleSummaryJson(c.var.site, article)) }), nextScheduledAt);
});

apiArticles.get("/articles/:slug", async (c) => {
  const article = await publishedArticleBySlug(c.var.db, c.req.param("slug"));
  if (!article) throw notFound("Article");
  c.header("Cache-Control", CACHE.api);
  return c.json({ article: { ...articleSummaryJson(c.var.site, article), bodyHtml: article.bodyHtml } });
});
