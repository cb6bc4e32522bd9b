import { type Context, Hono } from "hono";
import { TERM_BASE, taxonomies } from "../domain/articles/terms.ts";
import { canonicalPageQuery } from "../domain/canonical-urls.ts";
import { COMMENTS_PATH } from "../domain/feeds/comment-feed.ts";
import { FEED_FILE, type FeedFormat } from "../domain/feeds/feed-files.ts";
import { type FeedSource, feedBase } from "../domain/feeds/feed-sources.ts";
import { outsideSlug } from "../domain/thread-ids.ts";
import type { AppEnv } from "../env.ts";
import { canonicalUrl } from "../http/canonical.ts";
import { feedResponse } from "../http/feed-response.ts";
import { pageQuery, validated } from "../http/validate.ts";

/**
 * Every feed, in RSS 2.0 (`feed.xml`), Atom (`feed.atom`) and JSON Feed
 * (`feed.json`): the site's articles at the root, a section's or tag's under
 * its page, all comments under `/comments`, an article's comments under its
 * page, an outside page's thread's under `/threads/<thread id>`. `?page=N` is the Nth complete archive page, counted from the oldest.
 */
export const feeds = new Hono<AppEnv>();

const SOURCES: [string, (slug: string) => FeedSource][] = [
  ["", () => ({ kind: "articles" })],
  [COMMENTS_PATH, () => ({ kind: "comments" })],
  ["/articles/:slug", (slug) => ({ kind: "article-comments", slug })],
  // An outside page's thread: stored under its `thread:` slug.
  ["/threads/:slug", (threadId) => ({ kind: "article-comments", slug: outsideSlug(threadId) })],
  ...taxonomies.map((taxonomy): [string, (slug: string) => FeedSource] => [`${TERM_BASE[taxonomy]}/:slug`, (slug) => ({ kind: "term", taxonomy, slug })]),
];

for (const [base, sourceOf] of SOURCES) {
  const source = (c: Context) => sourceOf(c.req.param("slug") ?? "");
  for (const [format, file] of Object.entries(FEED_FILE) as [FeedFormat, string][]) {
    feeds.get(
      `${base}/${file}`,
      // One URL per document: `?page=N` as written here, nothing else.
      canonicalUrl((c) => {
        const query = canonicalPageQuery(new URL(c.req.url).searchParams, null);
        return query === undefined ? undefined : `${feedBase(source(c))}/${file}${query}`;
      }),
      validated("query", pageQuery),
      (c) => feedResponse(c, format, source(c), c.req.valid("query").page ?? null),
    );
  }
}
