import { Hono } from "hono";
import { articleListData, publishedArticleAndVersion } from "../db/articles.ts";
import type { Article } from "../db/schema.ts";
import { ARTICLES_TAG, articleTag } from "../domain/cache-tags.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/json-response.ts";

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

apiArticles.get("/articles", (c) =>
  jsonResponse(c, async () => {
    const { articles, nextScheduledAt, version } = await articleListData(c.var.db);
    return {
      tag: ARTICLES_TAG,
      version,
      body: JSON.stringify({ articles: articles.map((article) => articleSummaryJson(c.var.site, article)) }),
      expiresAt: nextScheduledAt,
    };
  }),
);

apiArticles.get("/articles/:slug", (c) =>
  jsonResponse(c, async () => {
    const { article, version } = await publishedArticleAndVersion(c.var.db, c.req.param("slug"));
    if (!article) throw notFound("Article");
    return {
      tag: articleTag(article.id),
      version,
      body: JSON.stringify({ article: { ...articleSummaryJson(c.var.site, article), bodyHtml: article.bodyHtml } }),
    };
  }),
);
