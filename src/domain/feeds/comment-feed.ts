import { absoluteUrl, commentUrl, discussionUrl, type Site } from "../site.ts";
import { articleCommentFeedUrls } from "./article-feed.ts";
import { documentDate, type Feed, type FeedItem, type FeedWindow } from "./feed.ts";
import { feedUrlsUnder } from "./feed-files.ts";

/** Where the site-wide comment feeds live. */
export const COMMENTS_PATH = "/comments";

/** An article or outside thread; an outside thread's comments link to its page. */
type ArticleRef = { slug: string; title: string; pageUrl?: string | null };
type ArticleWithChanges = ArticleRef & { commentsChangedAt: Date };

/** What a comment feed shows of a comment. */
export interface FeedComment {
  id: number;
  /** The comment page showing it: its permalink goes there. */
  page: number | null;
  guid: string;
  author: string;
  bodyHtml: string;
  createdAt: Date;
  updatedAt: Date;
}

function commentItem(site: Site, article: ArticleRef, comment: FeedComment): FeedItem {
  return {
    id: comment.guid,
    url: commentUrl(site, article, comment),
    title: `Comment on ${article.title} by ${comment.author}`,
    contentHtml: comment.bodyHtml,
    authorName: comment.author,
    published: comment.createdAt,
    updated: comment.updatedAt,
  };
}

/** Approved comments on one article (a window of them: see FeedWindow). Built from public fields only. */
export function articleCommentFeed(site: Site, article: ArticleWithChanges, comments: FeedComment[], window: FeedWindow): Feed {
  return {
    title: `Comments on: ${article.title}`,
    description: `Readers' comments on "${article.title}"`,
    language: site.language,
    homePageUrl: discussionUrl(site, article),
    urls: articleCommentFeedUrls(site, article.slug),
    updated: documentDate(window, article.commentsChangedAt, comments),
    ...window,
    items: comments.map((comment) => commentItem(site, article, comment)),
  };
}

/** Approved comments across the site; `lastChange` as for one article's feed. */
export function siteCommentFeed(site: Site, entries: { comment: FeedComment; article: ArticleRef }[], lastChange: Date, window: FeedWindow): Feed {
  return {
    title: `Comments for ${site.title}`,
    description: `The latest readers' comments on ${site.title}`,
    language: site.language,
    homePageUrl: absoluteUrl(site, "/"),
    urls: feedUrlsUnder(absoluteUrl(site, COMMENTS_PATH)),
    updated: documentDate(
      window,
      lastChange,
      entries.map((entry) => entry.comment),
    ),
    ...window,
    items: entries.map(({ comment, article }) => commentItem(site, article, comment)),
  };
}
