import { Hono } from "hono";
import { recentArticles, sitemapIndexData, sitemapPageRows } from "../db/sitemap-rows.ts";
import { termPath } from "../domain/articles/terms.ts";
import { articlePath } from "../domain/site.ts";
import {
  NEWS_SITEMAP_PATH,
  NEWS_WINDOW_MS,
  renderNewsSitemap,
  renderRobots,
  renderSitemapIndex,
  renderUrlSet,
  SITEMAP_INDEX_PATH,
  type SitemapKind,
  sitemapPagePath,
} from "../domain/sitemaps.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";
import { CACHE } from "../http/render.ts";

/** What search engines read: robots.txt, the sitemap index and its pages, the Google News sitemap. */
export const crawlers = new Hono<AppEnv>();

const XML = { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": CACHE.feed };

crawlers.get("/robots.txt", (c) => c.body(renderRobots(c.var.site), 200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE.page }));

crawlers.get(SITEMAP_INDEX_PATH, async (c) => {
  const { articlePages, termPages } = await sitemapIndexData(c.var.db);
  const pages = [
    ...articlePages.map(({ page, lastmod }) => ({ path: sitemapPagePath("articles", page), lastmod })),
    // The first page of "pages" also holds the front page, so it is always there.
    ...[...new Set([1, ...termPages])].map((page) => ({ path: sitemapPagePath("pages", page) })),
  ];
  return c.body(renderSitemapIndex(c.var.site, pages), 200, XML);
});

crawlers.get("/sitemaps/:file{(articles|pages)-[1-9][0-9]{0,8}\\.xml}", async (c) => {
  const [kind, number] = c.req.param("file").replace(".xml", "").split("-") as [SitemapKind, string];
  const page = Number(number);
  const rows = await sitemapPageRows(c.var.db, kind, page);
  const urls = rows.map((row) => ("updatedAt" in row ? { path: articlePath(row.slug), lastmod: row.updatedAt } : { path: termPath(row) }));
  if (kind === "pages" && page === 1) urls.unshift({ path: "/" });
  if (urls.length === 0) throw notFound("Sitemap");
  return c.body(renderUrlSet(c.var.site, urls), 200, XML);
});

crawlers.get(NEWS_SITEMAP_PATH, async (c) => {
  const now = new Date();
  const articles = await recentArticles(c.var.db, new Date(now.getTime() - NEWS_WINDOW_MS), now);
  return c.body(renderNewsSitemap(c.var.site, articles), 200, XML);
});
