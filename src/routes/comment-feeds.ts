import { Hono } from "hono";
import { articleCommentFeedData, latestCommentsSiteWide } from "../db/comments.ts";
import { articleCommentFeed, COMMENTS_PATH, siteCommentFeed } from "../domain/feeds/comment-feed.ts";
import { FEED_FILES } from "../domain/feeds/feed-files.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";
import { feedResponse } from "../http/feed-response.ts";

/** Comment feeds: per article `/articles/:slug/feed.*`, site-wide `/comments/feed.*`. */
export const commentFeeds = new Hono<AppEnv>();

for (const file of FEED_FILES) {
  commentFeeds.get(`/articles/:slug/${file}`, async (c) => {
    const { article, comments } = await articleCommentFeedData(c.var.db, c.req.param("slug"));
    if (!article) throw notFound("Article");
    return feedResponse(c, file, articleCommentFeed(c.var.site, article, comments));
  });

  commentFeeds.get(`${COMMENTS_PATH}/${file}`, async (c) => {
    const { entries, lastChange } = await latestCommentsSiteWide(c.var.db);
    return feedResponse(c, file, siteCommentFeed(c.var.site, entries, lastChange));
  });
}
