import type { FeedFormat, FeedUrls } from "./feed-files.ts";
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
  summary?: string | undefined;
  authorName?: string | null | undefined;
  image?: FeedImage | undefined;
  published: Date;
  updated: Date;
  /** An article's comments: where to reply, its comment feeds, and (in current documents only) how many there are. */
  replies?: { url: string; feeds: FeedUrls; count?: number | undefined } | undefined;
}

/**
 * Which document of a feed this is (RFC 5005): the current one (`page`
 * null), or a complete archive page, counted from the oldest items so it
 * never changes as new ones arrive; and how many complete archive pages exist.
 */
export interface FeedWindow {
  page: number | null;
  archivePages: number;
}

/**
 * A document's date: its items' latest change, and for the current document
 * also `lastChange` (when anything in the feed last changed, removals
 * included, so it never goes back). An archive page's depends on its items only.
 */
export function documentDate(window: FeedWindow, lastChange: Date, items: { updatedAt: Date }[]): Date {
  const dates = [...(window.page === null ? [lastChange] : []), ...items.map((item) => item.updatedAt)];
  // A fixed date when there is nothing else keeps an empty feed's validators stable.
  return new Date(Math.max(0, ...dates.map((date) => date.getTime())));
}

/** Items per feed document: the current one and each archive page. */
export const FEED_SIZE = { articles: 20, comments: 50 } as const;

/** The window for archive page `page` (null: the current document) of a feed of `total` items; undefined if there is no such complete page. */
export function feedWindow(page: number | null, total: number, size: number): FeedWindow | undefined {
  const archivePages = Math.floor(total / size);
  return page === null || page <= archivePages ? { page, archivePages } : undefined;
}

export interface Feed extends FeedWindow {
  title: string;
  description: string;
  language: string;
  homePageUrl: string;
  /** The current documents' URLs: each format's `rel="self"` and WebSub topic. */
  urls: FeedUrls;
  /** Newest first. */
  items: FeedItem[];
  /** When any item last changed; for an empty feed, a fixed date. */
  updated: Date;
  /** The WebSub hub current documents advertise. */
  hub?: string | undefined;
}

const FEED_GENERATOR = "wirepost";

/**
 * This document's own URL, the older page it links to (`next` and
 * `prev-archive`), and its hub if it is the current document. An archive
 * page links to nothing newer than itself (RFC 5005 makes `next-archive`
 * optional), so it never changes when newer pages appear.
 */
function documentLinks(feed: Feed, url: string) {
  const older = feed.page === null ? feed.archivePages : feed.page - 1;
  return {
    self: feed.page === null ? url : `${url}?page=${feed.page}`,
    older: older > 0 ? `${url}?page=${older}` : undefined,
    hub: feed.page === null ? feed.hub : undefined,
  };
}

const ARCHIVE_NS = "http://purl.org/syndication/history/1.0";

function renderRss(feed: Feed): string {
  const links = documentLinks(feed, feed.urls.rss);
  const atomLink = (rel: string, href: string | undefined) => href && el("atom:link", { rel, href });
  return renderXmlDocument(
    el(
      "rss",
      {
        version: "2.0",
        "xmlns:atom": "http://www.w3.org/2005/Atom",
        "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        "xmlns:media": "http://search.yahoo.com/mrss/",
        "xmlns:wfw": "http://wellformedweb.org/CommentAPI/",
        "xmlns:slash": "http://purl.org/rss/1.0/modules/slash/",
        "xmlns:fh": ARCHIVE_NS,
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
        el("atom:link", { href: links.self, rel: "self", type: "application/rss+xml" }),
        atomLink("hub", links.hub),
        feed.page !== null && el("fh:archive"),
        feed.page !== null && atomLink("current", feed.urls.rss),
        atomLink("next", links.older),
        atomLink("prev-archive", links.older),
        ...feed.items.map((item) =>
          el(
            "item",
            {},
            el("title", {}, item.title),
            el("link", {}, item.url),
            el("guid", { isPermaLink: "false" }, item.id),
            el("pubDate", {}, item.published.toUTCString()),
            // RSS's own <author> is an email address; names go in dc:creator.
            item.authorName && el("dc:creator", {}, item.authorName),
            item.summary && el("description", {}, item.summary),
            el("content:encoded", {}, item.contentHtml),
            item.image && el("enclosure", { url: item.image.url, length: String(item.image.bytes), type: item.image.type }),
            item.image &&
              el("media:content", {
                url: item.image.url,
                type: item.image.type,
                medium: "image",
                fileSize: String(item.image.bytes),
                width: String(item.image.width),
                height: String(item.image.height),
              }),
            item.replies && el("comments", {}, item.replies.url),
            item.replies && el("wfw:commentRss", {}, item.replies.feeds.rss),
            item.replies?.count !== undefined && el("slash:comments", {}, String(item.replies.count)),
          ),
        ),
      ),
    ),
  );
}

function renderAtom(feed: Feed): string {
  const links = documentLinks(feed, feed.urls.atom);
  const link = (rel: string, href: string | undefined) => href && el("link", { rel, href });
  return renderXmlDocument(
    el(
      "feed",
      { xmlns: "http://www.w3.org/2005/Atom", "xmlns:thr": "http://purl.org/syndication/thread/1.0", "xmlns:fh": ARCHIVE_NS, "xml:lang": feed.language },
      el("id", {}, feed.urls.atom),
      el("title", {}, feed.title),
      el("subtitle", {}, feed.description),
      el("updated", {}, feed.updated.toISOString()),
      el("link", { rel: "self", type: "application/atom+xml", href: links.self }),
      el("link", { rel: "alternate", type: "text/html", href: feed.homePageUrl }),
      link("hub", links.hub),
      feed.page !== null && el("fh:archive"),
      feed.page !== null && link("current", feed.urls.atom),
      link("next", links.older),
      link("prev-archive", links.older),
      el("author", {}, el("name", {}, feed.title)),
      el("generator", {}, FEED_GENERATOR),
      ...feed.items.map((item) =>
        el(
          "entry",
          {},
          el("id", {}, `urn:uuid:${item.id}`),
          el("title", {}, item.title),
          el("link", { rel: "alternate", type: "text/html", href: item.url }),
          item.image && el("link", { rel: "enclosure", type: item.image.type, href: item.image.url, length: String(item.image.bytes) }),
          // RFC 4685: the entry's comment feed, and how many comments it holds.
          item.replies &&
            el("link", { rel: "replies", type: "application/atom+xml", href: item.replies.feeds.atom, "thr:count": item.replies.count?.toString() }),
          el("published", {}, item.published.toISOString()),
          el("updated", {}, item.updated.toISOString()),
          item.authorName && el("author", {}, el("name", {}, item.authorName)),
          item.summary && el("summary", { type: "text" }, item.summary),
          el("content", { type: "html" }, item.contentHtml),
        ),
      ),
    ),
  );
}

function renderJsonFeed(feed: Feed): string {
  const links = documentLinks(feed, feed.urls.json);
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: feed.homePageUrl,
    feed_url: links.self,
    description: feed.description,
    language: feed.language,
    next_url: links.older,
    hubs: links.hub && [{ type: "WebSub", url: links.hub }],
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      content_html: item.contentHtml,
      summary: item.summary,
      image: item.image?.url,
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      authors: item.authorName ? [{ name: item.authorName }] : undefined,
      // A custom object (JSON Feed 1.1 "Extensions"): readers that don't know it ignore it.
      _wirepost: item.replies && { comments_url: item.replies.url, comments_feed_url: item.replies.feeds.json, comment_count: item.replies.count },
    })),
  });
}

/** How each feed format is rendered and served. */
export const FEED_FORMATS: Record<FeedFormat, { contentType: string; render: (feed: Feed) => string }> = {
  rss: { contentType: "application/rss+xml; charset=utf-8", render: renderRss },
  atom: { contentType: "application/atom+xml; charset=utf-8", render: renderAtom },
  json: { contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
};
