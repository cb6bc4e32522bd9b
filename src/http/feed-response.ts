import type { Context } from "hono";
import { renderAtom, renderJsonFeed, renderRss, type Feed } from "../domain/feeds/feed.ts";
import { CACHE } from "./render.ts";

export const FEED_FORMATS = {
  "feed.xml": { contentType: "application/rss+xml; charset=utf-8", render: renderRss },
  "feed.atom": { contentType: "application/atom+xml; charset=utf-8", render: renderAtom },
  "feed.json": { contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
} as const;

export type FeedFile = keyof typeof FEED_FORMATS;
export const FEED_FILES = Object.keys(FEED_FORMATS) as FeedFile[];

/** A feed in the requested format, with `Last-Modified` from its newest change. */
export function feedResponse(c: Context, file: FeedFile, feed: Feed): Response {
  const format = FEED_FORMATS[file];
  return c.body(format.render(feed), 200, {
    "Content-Type": format.contentType,
    "Cache-Control": CACHE.feed,
    "Last-Modified": feed.updated.toUTCString(),
  });
}
