import type { Context } from "hono";
import { FEED_FORMATS, type Feed } from "../domain/feeds/feed.ts";
import type { FeedFormat } from "../domain/feeds/feed-files.ts";
import { CACHE } from "./render.ts";

/**
 * A feed in `format`, with `Last-Modified` from its newest change. A current
 * document names its WebSub hub and topic in `Link` headers too; a complete
 * archive page never changes, so it is cached for good.
 */
export function feedResponse(c: Context, format: FeedFormat, feed: Feed): Response {
  const { contentType, render } = FEED_FORMATS[format];
  if (feed.page === null && feed.hub) c.header("Link", `<${feed.hub}>; rel="hub", <${feed.urls[format]}>; rel="self"`);
  return c.body(render(feed), 200, {
    "Content-Type": contentType,
    "Cache-Control": feed.page === null ? CACHE.feed : CACHE.archive,
    "Last-Modified": feed.updated.toUTCString(),
  });
}
