import { type Context, Hono } from "hono";
import { articleCommentFeedData, latestCommentsSiteWide } from "../db/comments.ts";
import { articleTag, COMMENTS_TAG } from "../domain/cache-tags.ts";
import { articleCommentFeed, COMMENTS_PATH, siteCommentFeed } from "../domain/feeds/comment-feed.ts";
import { FEED_FILES } from "../domain/feeds/feed-files.ts";
import { articlePath, threadPath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { canonicalUrl } from "../http/canonical.ts";
import { notFound } from "../http/errors.ts";
import { feedResponse } from "../http/feed-response.ts";
import { threadSlug } from "../http/thread-param.ts";

/** Comment feeds: per article `/articles/:slug/feed.*`, per outside thread `/threads/:thread/feed.*`, site-wide `/comments/feed.*`. */
export const commentFeeds = new Hono<AppEnv>();

for (const file of FEED_FILES) {
  /** An article's or outside thread's comment feed (`slug`: how it is stored). */
  const feedOf = (c: Context<AppEnv>, slug: string, what: "Article" | "Thread") =>
    feedResponse(c, file, async () => {
      const { article, comments, version } = await articleCommentFeedData(c.var.db, slug);
      if (!article) throw notFound(what);
      return { tag: articleTag(article.id), version, feed: articleCommentFeed(c.var.site, article, comments) };
    });
  commentFeeds.get(
    `/articles/:slug/${file}`,
    canonicalUrl((c) => `${articlePath(c.req.param("slug")!)}/${file}`),
    (c) => feedOf(c, c.req.param("slug"), "Article"),
  );
  commentFeeds.get(
    `/threads/:thread/${file}`,
    canonicalUrl((c) => `${threadPath(c.req.param("thread")!)}/${file}`),
    (c) => feedOf(c, threadSlug(c), "Thread"),
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
