import { Hono } from "hono";
import { articleFeedData } from "../db/articles.ts";
import { articleFeed } from "../domain/feeds/article-feed.ts";
import { FEED_FILES } from "../domain/feeds/feed-files.ts";
import type { AppEnv } from "../env.ts";
import { expiresBy } from "../http/cache-expiry.ts";
import { feedResponse } from "../http/feed-response.ts";

/** The site's article feeds: `/feed.xml` (RSS 2.0), `/feed.atom`, `/feed.json`. */
export const articleFeeds = new Hono<AppEnv>();

for (const file of FEED_FILES) {
  articleFeeds.get(`/${file}`, async (c) => {
    const { articles, lastChange, nextScheduledAt } = await articleFeedData(c.var.db);
    return expiresBy(feedResponse(c, file, articleFeed(c.var.site, articles, lastChange)), nextScheduledAt);
  });
}
