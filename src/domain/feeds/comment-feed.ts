import type { Article, Comment } from "../../db/schema.ts";
import { absoluteUrl, articlePath, type Site } from "../site.ts";
import { latestUpdate } from "./article-feed.ts";
import type { Feed, FeedItem } from "./feed.ts";

export function articleCommentFeedUrls(site: Site, slug: string) {
  const base = absoluteUrl(site, articlePath(slug));
  return { rss: `${base}/feed.xml`, atom: `${base}/feed.atom`, json: `${base}/feed.json` };
}

export function siteCommentFeedUrls(site: Site) {
  return {
    rss: absoluteUrl(site, "/comments/feed.xml"),
    atom: absoluteUrl(site, "/comments/feed.atom"),
    json: absoluteUrl(site, "/comments/feed.json"),
  };
}

type ArticleRef = Pick<Article, "slug" | "title">;
type ArticleWithChanges = ArticleRef & Pick<Article, "commentsChangedAt">;

function commentItem(site: Site, article: ArticleRef, comment: Comment): FeedItem {
  return {
    id: comment.guid,
    url: `${absoluteUrl(site, articlePath(article.slug))}#comment-${comment.id}`,
    title: `Comment on ${article.title} by ${comment.author}`,
    contentHtml: comment.bodyHtml,
    authorName: comment.author,
    published: comment.createdAt,
    updated: comment.updatedAt,
  };
}

/** The latest approved comments on one article. Built from public fields only. */
export function articleCommentFeed(site: Site, article: ArticleWithChanges, comments: Comment[]): Feed {
  return {
    title: `Comments on: ${article.title}`,
    description: `Readers' comments on "${article.title}"`,
    language: site.language,
    homePageUrl: absoluteUrl(site, articlePath(article.slug)),
    urls: articleCommentFeedUrls(site, article.slug),
    updated: latestUpdate([article.commentsChangedAt, ...comments.map((comment) => comment.updatedAt)]),
    items: comments.map((comment) => commentItem(site, article, comment)),
  };
}

/** The latest approved comments across the site; `lastChange` as for one article's feed. */
export function siteCommentFeed(site: Site, entries: { comment: Comment; article: ArticleRef }[], lastChange: Date): Feed {
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
