import { Hono } from "hono";
import { articleFeedData } from "../db/articles.ts";
import { ARTICLES_TAG } from "../domain/cache-tags.ts";
import { articleFeed } from "../domain/feeds/article-feed.ts";
import { FEED_FILES } from "../domain/feeds/feed-files.ts";
import type { AppEnv } from "../env.ts";
import { canonicalUrl } from "../http/canonical.ts";
import { feedResponse } from "../http/feed-response.ts";

/** The site's article feeds: `/feed.xml` (RSS 2.0), `/feed.atom`, `/feed.json`. */
export const articleFeeds = new Hono<AppEnv>();

for (const file of FEED_FILES) {
  articleFeeds.get(
    `/${file}`,
    canonicalUrl(() => `/${file}`),
    (c) =>
      feedResponse(c, file, async () => {
        const { articles, lastChange, nextScheduledAt, version } = await articleFeedData(c.var.db);
        return { tag: ARTICLES_TAG, version, feed: articleFeed(c.var.site, articles, lastChange), expiresAt: nextScheduledAt };
      }),
  );
}
