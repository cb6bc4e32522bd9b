import type { Context } from "hono";
import { type Feed, renderAtom, renderJsonFeed, renderRss } from "../domain/feeds/feed.ts";
import { FEED_FILE, type FeedFile } from "../domain/feeds/feed-files.ts";
import type { AppEnv } from "../env.ts";
import { markPublic } from "./edge-cache.ts";
import { bytesOf, renderOnce } from "./render-once.ts";

const FEED_FORMATS: Record<FeedFile, { contentType: string; render: (feed: Feed) => string }> = {
  [FEED_FILE.rss]: { contentType: "application/rss+xml; charset=utf-8", render: renderRss },
  [FEED_FILE.atom]: { contentType: "application/atom+xml; charset=utf-8", render: renderAtom },
  [FEED_FILE.json]: { contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
};

/** A feed's content, and the cache tag and version of the data it was built from. */
export interface VersionedFeed {
  tag: string;
  version: number;
  feed: Feed;
  /** When the feed changes by the clock alone (the next scheduled article). */
  expiresAt?: Date | undefined;
}

/**
 * A feed in the format its file name asks for, with `Last-Modified` from its
 * newest change; rendered once per change (`load` reads its data, or throws
 * when there is none).
 */
export async function feedResponse(c: Context<AppEnv>, file: FeedFile, load: () => Promise<VersionedFeed>): Promise<Response> {
  const format = FEED_FORMATS[file];
  const served = await renderOnce(c, async () => {
    const { tag, version, feed, expiresAt } = await load();
    return { tag, version, body: format.render(feed), lastModified: feed.updated, expiresAt };
  });
  const response = c.body(bytesOf(served), 200, {
    "Content-Type": format.contentType,
    ETag: served.etag,
    "Last-Modified": served.lastModified!.toUTCString(),
  });
  markPublic(response.headers, "feed", [served.tag], served.expiresAt);
  return response;
}
