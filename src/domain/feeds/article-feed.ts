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
  publishedAt: Date;
  updatedAt: Date;
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
      contentHtml: article.bodyHtml,
      published: article.publishedAt,
      updated: article.updatedAt,
    })),
  };
}
