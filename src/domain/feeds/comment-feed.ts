import { absoluteUrl, commentFeedBase, commentUrl, discussionUrl, type Site } from "../site.ts";
import { latestUpdate } from "./article-feed.ts";
import type { Feed, FeedItem } from "./feed.ts";
import { feedUrlsUnder } from "./feed-files.ts";

/** An article's comment feeds: under its page's URL (an outside thread's: under `/threads/<id>`). */
export const articleCommentFeedUrls = (site: Site, slug: string) => feedUrlsUnder(commentFeedBase(site, slug));

/** Where the site-wide comment feeds live. */
export const COMMENTS_PATH = "/comments";

/** The site-wide comment feeds. */
const siteCommentFeedUrls = (site: Site) => feedUrlsUnder(absoluteUrl(site, COMMENTS_PATH));

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

/** The latest approved comments on one article. Built from public fields only. */
export function articleCommentFeed(site: Site, article: ArticleWithChanges, comments: FeedComment[]): Feed {
  return {
    title: `Comments on: ${article.title}`,
    description: `Readers' comments on "${article.title}"`,
    language: site.language,
    homePageUrl: discussionUrl(site, article),
    urls: articleCommentFeedUrls(site, article.slug),
    updated: latestUpdate([article.commentsChangedAt, ...comments.map((comment) => comment.updatedAt)]),
    items: comments.map((comment) => commentItem(site, article, comment)),
  };
}

/** The latest approved comments across the site; `lastChange` as for one article's feed. */
export function siteCommentFeed(site: Site, entries: { comment: FeedComment; article: ArticleRef }[], lastChange: Date): Feed {
  return {
    title: `Comments for ${site.title}`,
    description: `The latest readers' comments on ${site.title}`,
    language: site.language,
    homePageUrl: absoluteUrl(site, "/"),
    urls: siteCommentFeedUrls(site),
    updated: latestUpdate([lastChange, ...entries.map(({ comment }) => comment.updatedAt)]),
    items: entries.map(({ comment, article }) => commentItem(site, article, comment)),
  };
}
