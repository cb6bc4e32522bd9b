import { Hono } from "hono";
import { latestArticles, publishedArticleBySlug } from "../db/articles.ts";
import { siteFeedUrls } from "../domain/feeds/article-feed.ts";
import type { AppEnv } from "../http/app-env.ts";
import { notFound } from "../http/errors.ts";
import { renderPage } from "../http/render.ts";
import { ArticlePage } from "../views/article-page.tsx";
import { HomePage } from "../views/home-page.tsx";

/** Reader-facing HTML: the front page and article pages. */
export const pages = new Hono<AppEnv>();

pages.get("/", async (c) => {
  const { site } = c.var;
  const articles = await latestArticles(c.var.db);
  return renderPage(c, <HomePage site={site} articles={articles} feeds={{ title: site.title, ...siteFeedUrls(site) }} />);
});

pages.get("/articles/:slug", async (c) => {
  const { site } = c.var;
  const article = await publishedArticleBySlug(c.var.db, c.req.param("slug"));
  if (!article) throw notFound("Article");
  const feeds = [{ title: site.title, ...siteFeedUrls(site) }];
  return renderPage(c, <ArticlePage site={site} article={article} feeds={feeds} />);
});
