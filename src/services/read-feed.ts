import type { Database } from "../db/client.ts";
import { articleCommentFeedData, articleFeedData, siteCommentFeedData, termFeedData } from "../db/feed-rows.ts";
import { articleFeed } from "../domain/feeds/article-feed.ts";
import { articleCommentFeed, siteCommentFeed } from "../domain/feeds/comment-feed.ts";
import { FEED_SIZE, type Feed, feedWindow } from "../domain/feeds/feed.ts";
import type { FeedSource } from "../domain/feeds/feed-sources.ts";
import type { Site } from "../domain/site.ts";

/**
 * One feed document in one D1 round trip: the current one (`page` null) or a
 * complete archive page; undefined when the source or the page doesn't exist.
 */
export async function readFeed(db: Database, site: Site, source: FeedSource, page: number | null): Promise<Feed | undefined> {
  if (source.kind === "articles") {
    const data = await articleFeedData(db, page);
    const window = feedWindow(page, data.total, FEED_SIZE.articles);
    return window && articleFeed(site, data.articles, data.lastChange, window);
  }
  if (source.kind === "term") {
    const data = await termFeedData(db, source, page);
    const window = data.term && feedWindow(page, data.total, FEED_SIZE.articles);
    return window && articleFeed(site, data.articles, data.lastChange, window, data.term);
  }
  if (source.kind === "comments") {
    const data = await siteCommentFeedData(db, page);
    const window = feedWindow(page, data.total, FEED_SIZE.comments);
    return window && siteCommentFeed(site, data.entries, data.lastChange, window);
  }
  const data = await articleCommentFeedData(db, source.slug, page);
  const window = data.article && feedWindow(page, data.article.commentCount, FEED_SIZE.comments);
  return window && articleCommentFeed(site, data.article!, data.comments, window);
}
