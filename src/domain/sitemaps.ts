import { el, renderXmlDocument } from "./feeds/xml.ts";
import { absoluteUrl, articlePath, type Site } from "./site.ts";
import { WEBSUB_PATH } from "./websub.ts";

export const SITEMAP_INDEX_PATH = "/sitemap.xml";
export const NEWS_SITEMAP_PATH = "/news-sitemap.xml";

/** URLs per sitemap page, by id range (the protocol allows 50,000; fewer keeps each render cheap). */
export const SITEMAP_PAGE_SIZE = 1_000;
export type SitemapKind = "articles" | "pages";
export const sitemapPagePath = (kind: SitemapKind, page: number) => `/sitemaps/${kind}-${page}.xml`;

/** Google News lists articles of the last two days, at most 1,000. */
export const NEWS_WINDOW_MS = 2 * 86_400_000;
export const NEWS_LIMIT = 1_000;

/**
 * When the news sitemap changes by the clock alone: its oldest article leaves
 * the window, or the next scheduled article goes live, whichever comes first.
 */
export function newsSitemapChangesAt(articles: { publishedAt: Date }[], nextScheduledAt: Date | undefined): Date | undefined {
  const oldest = articles.at(-1);
  const leaves = oldest && new Date(oldest.publishedAt.getTime() + NEWS_WINDOW_MS);
  if (!leaves || !nextScheduledAt) return leaves ?? nextScheduledAt;
  return leaves < nextScheduledAt ? leaves : nextScheduledAt;
}

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

export function renderSitemapIndex(site: Site, pages: { path: string; lastmod?: Date | null }[]): string {
  return renderXmlDocument(
    el(
      "sitemapindex",
      { xmlns: SITEMAP_NS },
      ...pages.map((page) => el("sitemap", {}, el("loc", {}, absoluteUrl(site, page.path)), page.lastmod && el("lastmod", {}, page.lastmod.toISOString()))),
    ),
  );
}

export function renderUrlSet(site: Site, urls: { path: string; lastmod?: Date | undefined }[]): string {
  return renderXmlDocument(
    el(
      "urlset",
      { xmlns: SITEMAP_NS },
      ...urls.map((url) => el("url", {}, el("loc", {}, absoluteUrl(site, url.path)), url.lastmod && el("lastmod", {}, url.lastmod.toISOString()))),
    ),
  );
}

export function renderNewsSitemap(site: Site, articles: { slug: string; title: string; publishedAt: Date }[]): string {
  return renderXmlDocument(
    el(
      "urlset",
      { xmlns: SITEMAP_NS, "xmlns:news": "http://www.google.com/schemas/sitemap-news/0.9" },
      ...articles.map((article) =>
        el(
          "url",
          {},
          el("loc", {}, absoluteUrl(site, articlePath(article.slug))),
          el(
            "news:news",
            {},
            el("news:publication", {}, el("news:name", {}, site.title), el("news:language", {}, site.language)),
            el("news:publication_date", {}, article.publishedAt.toISOString()),
            el("news:title", {}, article.title),
          ),
        ),
      ),
    ),
  );
}

/** Crawlers may read every public page, not the owner's side, the hub, the signed links of emails, or reply links (the article's canonical page is the same). */
export const renderRobots = (site: Site) =>
  `User-agent: *\nDisallow: /admin\nDisallow: /api/admin/\nDisallow: ${WEBSUB_PATH}\nDisallow: /notifications/\nDisallow: /*?*replyto=\n\nSitemap: ${absoluteUrl(site, SITEMAP_INDEX_PATH)}\nSitemap: ${absoluteUrl(site, NEWS_SITEMAP_PATH)}\n`;
