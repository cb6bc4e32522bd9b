import { type FeaturedImage, mediaPath } from "../media/media-keys.ts";
import { absoluteUrl, articlePath, type Site } from "../site.ts";
import type { Feed } from "./feed.ts";
import { feedUrlsUnder } from "./feed-files.ts";

/** What an article feed shows of an article. */
export interface FeedArticle {
  guid: string;
  slug: string;
  title: string;
  summary: string;
  bodyHtml: string;
  author: string | null;
  featuredImage: FeaturedImage | null;
  publishedAt: Date;
  updatedAt: Date;
}

/**
 * Article HTML with its root-relative links and images (pasted media, links
 * to other articles) made absolute: feed readers show it away from the site.
 */
function withAbsoluteUrls(html: string, site: Site): string {
  return html.replace(/<(?:a|img)\s[^>]*>/gi, (tag) => tag.replace(/\s(href|src)="\/(?!\/)/gi, (_, name: string) => ` ${name}="${site.baseUrl}/`));
}

/** Feeds have no natural date when empty; a fixed one keeps their validators stable. */
const EMPTY_FEED_DATE = new Date(0);

export function latestUpdate(dates: Date[]): Date {
  return new Date(Math.max(EMPTY_FEED_DATE.getTime(), ...dates.map((date) => date.getTime())));
}

/** The site's article feeds: at the root. */
export const siteFeedUrls = (site: Site) => feedUrlsUnder(site.baseUrl);

/** `lastChange`: when any article last changed, unpublishing included, so the feed's date never goes back. */
export function articleFeed(site: Site, articles: FeedArticle[], lastChange: Date): Feed {
  return {
    title: site.title,
    description: site.description,
    language: site.language,
    homePageUrl: absoluteUrl(site, "/"),
    urls: siteFeedUrls(site),
    updated: latestUpdate([lastChange, ...articles.map((article) => article.updatedAt)]),
    items: articles.map((article) => ({
      id: article.guid,
      url: absoluteUrl(site, articlePath(article.slug)),
      title: article.title,
      summary: article.summary || undefined,
      contentHtml: withAbsoluteUrls(article.bodyHtml, site),
      authorName: article.author ?? undefined,
      image: article.featuredImage ? { ...article.featuredImage, url: absoluteUrl(site, mediaPath(article.featuredImage.key)) } : undefined,
      published: article.publishedAt,
      updated: article.updatedAt,
    })),
  };
}
