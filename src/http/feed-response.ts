import type { Context } from "hono";
import { type Feed, renderAtom, renderJsonFeed, renderRss } from "../domain/feeds/feed.ts";
import { FEED_FILE, type FeedFile } from "../domain/feeds/feed-files.ts";
import { CACHE } from "./render.ts";

const FEED_FORMATS: Record<FeedFile, { contentType: string; render: (feed: Feed) => string }> = {
  [FEED_FILE.rss]: { contentType: "application/rss+xml; charset=utf-8", render: renderRss },
  [FEED_FILE.atom]: { contentType: "application/atom+xml; charset=utf-8", render: renderAtom },
  [FEED_FILE.json]: { contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
};

/** A feed in the format its file name asks for, with `Last-Modified` from its newest change. */
export function feedResponse(c: Context, file: FeedFile, feed: Feed): Response {
  const format = FEED_FORMATS[file];
  return c.body(format.render(feed), 200, {
    "Content-Type": format.contentType,
    "Cache-Control": CACHE.feed,
    "Last-Modified": feed.updated.toUTCString(),
  });
}
