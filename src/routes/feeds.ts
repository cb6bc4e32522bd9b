import { Hono } from "hono";
import { TERM_BASE, taxonomies } from "../domain/articles/terms.ts";
import { COMMENTS_PATH } from "../domain/feeds/comment-feed.ts";
import { FEED_FILE, type FeedFormat } from "../domain/feeds/feed-files.ts";
import type { FeedSource } from "../domain/feeds/feed-sources.ts";
import { hubUrl } from "../domain/websub.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";
import { feedResponse } from "../http/feed-response.ts";
import { pageQuery, validated } from "../http/validate.ts";
import { readFeed } from "../services/read-feed.ts";

/**
 * Every feed, in RSS 2.0 (`feed.xml`), Atom (`feed.atom`) and JSON Feed
 * (`feed.json`): the site's articles at the root, a section's or tag's under
 * its page, all comments under `/comments`, an article's comments under its
 * page. `?page=N` is the Nth complete archive page, counted from the oldest.
 */
export const feeds = new Hono<AppEnv>();

const SOURCES: [string, (slug: string) => FeedSource][] = [
  ["", () => ({ kind: "articles" })],
  [COMMENTS_PATH, () => ({ kind: "comments" })],
  ["/articles/:slug", (slug) => ({ kind: "article-comments", slug })],
  ...taxonomies.map((taxonomy): [string, (slug: string) => FeedSource] => [`${TERM_BASE[taxonomy]}/:slug`, (slug) => ({ kind: "term", taxonomy, slug })]),
];

for (const [base, source] of SOURCES) {
  for (const [format, file] of Object.entries(FEED_FILE) as [FeedFormat, string][]) {
    feeds.get(`${base}/${file}`, validated("query", pageQuery), async (c) => {
      const page = c.req.valid("query").page ?? null;
      const feed = await readFeed(c.var.db, c.var.site, source(c.req.param("slug") ?? ""), page);
      if (!feed) throw notFound(page === null ? "Feed" : "Feed page");
      return feedResponse(c, format, { ...feed, hub: hubUrl(c.var.site, c.var.settings.websub) });
    });
  }
}
