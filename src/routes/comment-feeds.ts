import { type Context, Hono } from "hono";
import { articleCommentFeedData, latestCommentsSiteWide } from "../db/comments.ts";
import { articleCommentFeed, COMMENTS_PATH, siteCommentFeed } from "../domain/feeds/comment-feed.ts";
import { FEED_FILES } from "../domain/feeds/feed-files.ts";
import type { AppEnv } from "../env.ts";
import { notFound } from "../http/errors.ts";
import { feedResponse } from "../http/feed-response.ts";
import { threadSlug } from "../http/thread-param.ts";

/** Comment feeds: per article `/articles/:slug/feed.*`, per outside thread `/threads/:thread/feed.*`, site-wide `/comments/feed.*`. */
export const commentFeeds = new Hono<AppEnv>();

for (const file of FEED_FILES) {
  const feedOf = async (c: Context<AppEnv>, slug: string, what: "Article" | "Thread") => {
    const { article, comments } = await articleCommentFeedData(c.var.db, slug);
    if (!article) throw notFound(what);
    return feedResponse(c, file, articleCommentFeed(c.var.site, article, comments));
  };
  commentFeeds.get(`/articles/:slug/${file}`, (c) => feedOf(c, c.req.param("slug"), "Article"));
  commentFeeds.get(`/threads/:thread/${file}`, (c) => feedOf(c, threadSlug(c), "Thread"));

  commentFeeds.get(`${COMMENTS_PATH}/${file}`, async (c) => {
    const { entries, lastChange } = await latestCommentsSiteWide(c.var.db);
    return feedResponse(c, file, siteCommentFeed(c.var.site, entries, lastChange));
  });
}
