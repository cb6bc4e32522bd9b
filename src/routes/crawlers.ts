import { type Context, Hono } from "hono";
import { newsSitemapData, sitemapIndexData, sitemapPageData } from "../db/sitemap-rows.ts";
import { termPath } from "../domain/articles/terms.ts";
import { ARTICLES_TAG } from "../domain/cache-tags.ts";
import { articlePath } from "../domain/site.ts";
import {
  NEWS_SITEMAP_PATH,
  NEWS_WINDOW_MS,
  newsSitemapChangesAt,
  renderNewsSitemap,
  renderRobots,
  renderSitemapIndex,
  renderUrlSet,
  SITEMAP_INDEX_PATH,
  type SitemapKind,
  sitemapPagePath,
} from "../domain/sitemaps.ts";
import type { AppEnv } from "../env.ts";
import { canonicalUrl } from "../http/canonical.ts";
import { markPublic } from "../http/edge-cache.ts";
import { notFound } from "../http/errors.ts";
import { bytesOf, type Rendition, renderOnce } from "../http/render-once.ts";

/**
 * What search engines read: robots.txt, the sitemap index and its pages, the
 * Google News sitemap. The sitemaps change with the article lists (their
 * tag), rendered once per change, and no copy outlives the next scheduled
 * article (nor, for the news sitemap, its oldest article leaving its window).
 */
export const crawlers = new Hono<AppEnv>();

const XML = "application/xml; charset=utf-8";

/** A sitemap, rendered once per change of the article lists. */
async function sitemapResponse(c: Context<AppEnv>, render: () => Promise<Omit<Rendition, "tag">>) {
  const served = await renderOnce(c, async () => ({ tag: ARTICLES_TAG, ...(await render()) }));
  const response = c.body(bytesOf(served), 200, { "Content-Type": XML, ETag: served.etag });
  markPublic(response.headers, "feed", [served.tag], served.expiresAt);
  return response;
}

/** A path answered at one URL only: its query string is dropped (301). */
const withoutQuery = (path: string) => canonicalUrl(() => path);

crawlers.get("/robots.txt", withoutQuery("/robots.txt"), (c) => {
  const response = c.body(renderRobots(c.var.site), 200, { "Content-Type": "text/plain; charset=utf-8" });
  // A function of the site's vars alone: nothing purges it.
  markPublic(response.headers, "feed", []);
  return response;
});

crawlers.get(SITEMAP_INDEX_PATH, withoutQuery(SITEMAP_INDEX_PATH), (c) =>
  sitemapResponse(c, async () => {
    const { articlePages, termPages, nextScheduledAt, version } = await sitemapIndexData(c.var.db);
    const pages = [
      ...articlePages.map(({ page, lastmod }) => ({ path: sitemapPagePath("articles", page), lastmod })),
      // The first page of "pages" also holds the front page, so it is always there.
      ...[...new Set([1, ...termPages])].map((page) => ({ path: sitemapPagePath("pages", page) })),
    ];
    return { version, body: renderSitemapIndex(c.var.site, pages), expiresAt: nextScheduledAt };
  }),
);

const SITEMAP_PAGE = "/sitemaps/:file{(articles|pages)-[1-9][0-9]{0,8}\\.xml}";

crawlers.get(
  SITEMAP_PAGE,
  canonicalUrl((c) => `/sitemaps/${c.req.param("file")}`),
  (c) =>
    sitemapResponse(c, async () => {
      const [kind, number] = c.req.param("file")!.replace(".xml", "").split("-") as [SitemapKind, string];
      const page = Number(number);
      const { rows, nextScheduledAt, version } = await sitemapPageData(c.var.db, kind, page);
      const urls = rows.map((row) => ("updatedAt" in row ? { path: articlePath(row.slug), lastmod: row.updatedAt } : { path: termPath(row) }));
      if (kind === "pages" && page === 1) urls.unshift({ path: "/" });
      // A page of ids with no live article yet: publishing one (the lists' tag) makes it.
      if (urls.length === 0) throw notFound("Sitemap", [ARTICLES_TAG], nextScheduledAt);
      return { version, body: renderUrlSet(c.var.site, urls), expiresAt: nextScheduledAt };
    }),
);

crawlers.get(NEWS_SITEMAP_PATH, withoutQuery(NEWS_SITEMAP_PATH), (c) =>
  sitemapResponse(c, async () => {
    const { articles, nextScheduledAt, version } = await newsSitemapData(c.var.db, new Date(Date.now() - NEWS_WINDOW_MS));
    return { version, body: renderNewsSitemap(c.var.site, articles), expiresAt: newsSitemapChangesAt(articles, nextScheduledAt) };
  }),
);
