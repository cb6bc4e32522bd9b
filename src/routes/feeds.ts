import { Hono } from "hono";
import { latestArticles } from "../db/articles.ts";
import { articleFeed } from "../domain/feeds/article-feed.ts";
import type { AppEnv } from "../http/app-env.ts";
import { FEED_FILES, feedResponse } from "../http/feed-response.ts";

/** The site's article feeds: `/feed.xml` (RSS 2.0), `/feed.atom`, `/feed.json`. */
export const articleFeeds = new Hono<AppEnv>();

for (const file of FEED_FILES) {
  articleFeeds.get(`/${file}`, async (c) => {
    const articles = await latestArticles(c.var.db);
    return feedResponse(c, file, articleFeed(c.var.site, articles));
  });
}
