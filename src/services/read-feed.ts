import type { Database } from "../db/client.ts";
import { articleCommentFeedData, articleFeedData, siteCommentFeedData, termFeedData } from "../db/feed-rows.ts";
import { TAXONOMY_LABEL } from "../domain/articles/terms.ts";
import { ARCHIVES_TAG, ARTICLES_TAG, articleTag, COMMENTS_TAG, termTag } from "../domain/cache-tags.ts";
import { articleFeed } from "../domain/feeds/article-feed.ts";
import { articleCommentFeed, siteCommentFeed } from "../domain/feeds/comment-feed.ts";
import { FEED_SIZE, type Feed, feedWindow } from "../domain/feeds/feed.ts";
import type { FeedSource } from "../domain/feeds/feed-sources.ts";
import type { Site } from "../domain/site.ts";
import { threadIdOfSlug } from "../domain/thread-ids.ts";

export type FeedResult =
  | {
      outcome: "found";
      feed: Feed;
      /** The cache tag whose version the document's rendering belongs to, and that version. */
      tag: string;
      version: number;
      /** When the document changes by the clock alone (a scheduled article goes live). */
      expiresAt: Date | undefined;
    }
  | {
      /** No such source (`what`: the article, section or tag), or no such complete archive page. */
      outcome: "not_found";
      what: string;
      /** The tags of what would make it exist. */
      tags: string[];
      expiresAt: Date | undefined;
    };

/**
 * The cache tags a feed document carries: its rendering's tag (an archive
 * page's, or the current document's: comment activity for article feeds and
 * the site's comment feeds, the article's own for its comment feed), and a
 * section's or tag's own for its current feed (so joining it, or its first
 * article, purges the feed's not-found answer too).
 */
export function feedTags(source: FeedSource, page: number | null, tag: string): string[] {
  return source.kind === "term" && page === null ? [tag, termTag(source)] : [tag];
}

/**
 * One feed document in one D1 round trip: the current one (`page` null) or a
 * complete archive page, with the version of the data it shows; not found
 * when the source or the page doesn't exist.
 */
export async function readFeed(db: Database, site: Site, source: FeedSource, page: number | null): Promise<FeedResult> {
  const missingPage = (tags: string[], expiresAt?: Date) => ({ outcome: "not_found" as const, what: "Feed page", tags, expiresAt });
  const found = (feed: Feed, tag: string, version: number, expiresAt?: Date) => ({
    outcome: "found" as const,
    feed,
    tag: page === null ? tag : ARCHIVES_TAG,
    version,
    // An archive page of articles never changes by the clock: a scheduled article goes after it.
    expiresAt: page === null || source.kind === "comments" ? expiresAt : undefined,
  });
  switch (source.kind) {
    case "articles": {
      const data = await articleFeedData(db, page);
      const window = feedWindow(page, data.total, FEED_SIZE.articles);
      if (!window) return missingPage([COMMENTS_TAG], data.nextScheduledAt);
      return found(articleFeed(site, data.articles, data.lastChange, window), COMMENTS_TAG, data.version, data.nextScheduledAt);
    }
    case "term": {
      const data = await termFeedData(db, source, page);
      if (!data.term) return { outcome: "not_found", what: TAXONOMY_LABEL[source.taxonomy], tags: [termTag(source)], expiresAt: undefined };
      const window = feedWindow(page, data.total, FEED_SIZE.articles);
      if (!window) return missingPage([COMMENTS_TAG, termTag(source)], data.nextScheduledAt);
      return found(articleFeed(site, data.articles, data.lastChange, window, data.term), COMMENTS_TAG, data.version, data.nextScheduledAt);
    }
    case "comments": {
      const data = await siteCommentFeedData(db, page);
      const window = feedWindow(page, data.total, FEED_SIZE.comments);
      if (!window) return missingPage([COMMENTS_TAG], data.nextScheduledAt);
      return found(siteCommentFeed(site, data.entries, data.lastChange, window), COMMENTS_TAG, data.version, data.nextScheduledAt);
    }
    case "article-comments": {
      const data = await articleCommentFeedData(db, source.slug, page);
      if (!data.article) {
        // An outside page's thread appears with its first published comment, which purges the comments' tag.
        const thread = threadIdOfSlug(source.slug) !== undefined;
        return { outcome: "not_found", what: thread ? "Thread" : "Article", tags: [thread ? COMMENTS_TAG : ARTICLES_TAG], expiresAt: undefined };
      }
      const window = feedWindow(page, data.article.commentCount, FEED_SIZE.comments);
      if (!window) return missingPage([articleTag(data.article.id)]);
      return found(articleCommentFeed(site, data.article, data.comments, window), articleTag(data.article.id), data.version);
    }
  }
}
