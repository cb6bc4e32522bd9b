import { Hono } from "hono";
import { articleCommentFeedData, latestCommentsSiteWide } from "../db/comments.ts";
import { articleTag, COMMENTS_TAG } from "../domain/cache-tags.ts";
import { articleCommentFeed, COMMENTS_PATH, siteCommentFeed } from "../domain/feeds/comment-feed.ts";
import { FEED_FILES } from "../domain/feeds/feed-files.ts";
import { articlePath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { canonicalUrl } from "../http/canonical.ts";
import { notFound } from "../http/errors.ts";
import { feedResponse } from "../http/feed-response.ts";

/** Comment feeds: per article `/articles/:slug/feed.*`, site-wide `/comments/feed.*`. */
export const commentFeeds = new Hono<AppEnv>();

for (const file of FEED_FILES) {
  commentFeeds.get(
    `/articles/:slug/${file}`,
    canonicalUrl((c) => `${articlePath(c.req.param("slug")!)}/${file}`),
    (c) =>
      feedResponse(c, file, async () => {
        const { article, comments, version } = await articleCommentFeedData(c.var.db, c.req.param("slug"));
        if (!article) throw notFound("Article");
        return { tag: articleTag(article.id), version, feed: articleCommentFeed(c.var.site, article, comments) };
      }),
  );

  commentFeeds.get(
    `${COMMENTS_PATH}/${file}`,
    canonicalUrl(() => `${COMMENTS_PATH}/${file}`),
    (c) =>
      feedResponse(c, file, async () => {
        const { entries, lastChange, nextScheduledAt, version } = await latestCommentsSiteWide(c.var.db);
        return { tag: COMMENTS_TAG, version, feed: siteCommentFeed(c.var.site, entries, lastChange), expiresAt: nextScheduledAt };
      }),
  );
}
