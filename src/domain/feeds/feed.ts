import type { FeedUrls } from "./feed-files.ts";
import { el, renderXmlDocument } from "./xml.ts";

/** An entry's image (an article's featured image): a podcast-style enclosure and Media RSS content. */
interface FeedImage {
  url: string;
  type: string;
  bytes: number;
  width: number;
  height: number;
}

/** One entry, independent of format. Every URL is absolute. */
export interface FeedItem {
  /** A UUID: the permanent id readers use to tell entries apart. */
  id: string;
  url: string;
  title: string;
  contentHtml: string;
  summary?: string;
  authorName?: string | undefined;
  image?: FeedImage | undefined;
  published: Date;
  updated: Date;
}

export interface Feed {
  title: string;
  description: string;
  language: string;
  homePageUrl: string;
  urls: FeedUrls;
  /** Newest first. */
  items: FeedItem[];
  /** When any item last changed; for an empty feed, a fixed date. */
  updated: Date;
}

const FEED_GENERATOR = "wirepost";

export function renderRss(feed: Feed): string {
  return renderXmlDocument(
    el(
      "rss",
      {
        version: "2.0",
        "xmlns:atom": "http://www.w3.org/2005/Atom",
        "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        "xmlns:media": "http://search.yahoo.com/mrss/",
      },
      el(
        "channel",
        {},
        el("title", {}, feed.title),
        el("link", {}, feed.homePageUrl),
        el("description", {}, feed.description),
        el("language", {}, feed.language),
        el("lastBuildDate", {}, feed.updated.toUTCString()),
        el("generator", {}, FEED_GENERATOR),
        el("atom:link", { href: feed.urls.rss, rel: "self", type: "application/rss+xml" }),
        ...feed.items.map((item) =>
          el(
            "item",
            {},
            el("title", {}, item.title),
            el("link", {}, item.url),
            el("guid", { isPermaLink: "false" }, item.id),
            el("pubDate", {}, item.published.toUTCString()),
            // RSS's own <author> is an email address; names go in dc:creator.
            item.authorName ? el("dc:creator", {}, item.authorName) : null,
            item.summary ? el("description", {}, item.summary) : null,
            el("content:encoded", {}, item.contentHtml),
            item.image ? el("enclosure", { url: item.image.url, length: String(item.image.bytes), type: item.image.type }) : null,
            item.image
              ? el("media:content", {
                  url: item.image.url,
                  type: item.image.type,
                  medium: "image",
                  fileSize: String(item.image.bytes),
                  width: String(item.image.width),
                  height: String(item.image.height),
                })
              : null,
          ),
        ),
      ),
    ),
  );
}

export function renderAtom(feed: Feed): string {
  return renderXmlDocument(
    el(
      "feed",
      { xmlns: "http://www.w3.org/2005/Atom", "xml:lang": feed.language },
      el("id", {}, feed.urls.atom),
      el("title", {}, feed.title),
      el("subtitle", {}, feed.description),
      el("updated", {}, feed.updated.toISOString()),
      el("link", { rel: "self", type: "application/atom+xml", href: feed.urls.atom }),
      el("link", { rel: "alternate", type: "text/html", href: feed.homePageUrl }),
      el("author", {}, el("name", {}, feed.title)),
      el("generator", {}, FEED_GENERATOR),
      ...feed.items.map((item) =>
        el(
          "entry",
          {},
          el("id", {}, `urn:uuid:${item.id}`),
          el("title", {}, item.title),
          el("link", { rel: "alternate", type: "text/html", href: item.url }),
          item.image ? el("link", { rel: "enclosure", type: item.image.type, href: item.image.url, length: String(item.image.bytes) }) : null,
          el("published", {}, item.published.toISOString()),
          el("updated", {}, item.updated.toISOString()),
          item.authorName ? el("author", {}, el("name", {}, item.authorName)) : null,
          item.summary ? el("summary", { type: "text" }, item.summary) : null,
          el("content", { type: "html" }, item.contentHtml),
        ),
      ),
    ),
  );
}

export function renderJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: feed.homePageUrl,
    feed_url: feed.urls.json,
    description: feed.description,
    language: feed.language,
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      content_html: item.contentHtml,
      ...(item.summary ? { summary: item.summary } : {}),
      ...(item.image ? { image: item.image.url } : {}),
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      ...(item.authorName ? { authors: [{ name: item.authorName }] } : {}),
    })),
  });
}
