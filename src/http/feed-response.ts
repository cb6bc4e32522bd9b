import type { Context } from "hono";
import { FEED_FORMATS } from "../domain/feeds/feed.ts";
import { FEED_FILE, type FeedFormat } from "../domain/feeds/feed-files.ts";
import { type FeedSource, feedBase } from "../domain/feeds/feed-sources.ts";
import { absoluteUrl } from "../domain/site.ts";
import { hubUrl } from "../domain/websub.ts";
import type { AppEnv } from "../env.ts";
import { feedTags, readFeed } from "../services/read-feed.ts";
import { markPublic } from "./edge-cache.ts";
import { notFound } from "./errors.ts";
import { bytesOf, renderOnce } from "./render-once.ts";

/**
 * A feed document in `format`, with `Last-Modified` from its newest change,
 * rendered once per change (see render-once.ts). A current document names its
 * WebSub hub and topic in `Link` headers too; a complete archive page never
 * changes, so browsers keep it for good (and the edge long, by tag).
 */
export async function feedResponse(c: Context<AppEnv>, format: FeedFormat, source: FeedSource, page: number | null): Promise<Response> {
  const { site, settings } = c.var;
  const { contentType, render } = FEED_FORMATS[format];
  const hub = hubUrl(site, settings.websub);
  const served = await renderOnce(c, async () => {
    const result = await readFeed(c.var.db, site, source, page);
    if (result.outcome === "not_found") throw notFound(result.what, result.tags, result.expiresAt);
    const { feed } = result;
    return { tag: result.tag, version: result.version, body: render({ ...feed, hub }), lastModified: feed.updated, expiresAt: result.expiresAt };
  });
  if (page === null) c.header("Link", `<${hub}>; rel="hub", <${absoluteUrl(site, `${feedBase(source)}/${FEED_FILE[format]}`)}>; rel="self"`);
  const response = c.body(bytesOf(served), 200, {
    "Content-Type": contentType,
    ETag: served.etag,
    "Last-Modified": served.lastModified!.toUTCString(),
  });
  markPublic(response.headers, page === null ? "feed" : "archive", feedTags(source, page, served.tag), served.expiresAt);
  return response;
}
