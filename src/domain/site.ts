import { threadIdOfSlug } from "./thread-ids.ts";

/** Site-wide settings from `wrangler.toml` vars, with the base URL resolved. */
export interface Site {
  title: string;
  description: string;
  language: string;
  /** Absolute, without a trailing slash: `SITE_URL`, or the request's origin. */
  baseUrl: string;
}

export interface SiteSettings {
  SITE_TITLE: string;
  SITE_DESCRIPTION: string;
  SITE_LANGUAGE: string;
  SITE_URL?: string;
}

export function resolveSite(settings: SiteSettings, requestUrl: string): Site {
  const configured = settings.SITE_URL?.trim();
  return {
    title: settings.SITE_TITLE,
    description: settings.SITE_DESCRIPTION,
    language: settings.SITE_LANGUAGE || "en",
    baseUrl: (configured ? configured : new URL(requestUrl).origin).replace(/\/+$/, ""),
  };
}

export function absoluteUrl(site: Site, path: string): string {
  return `${site.baseUrl}${path}`;
}

export function articlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}

/** Comment page `page` of an article (its URL alone shows the newest page). */
export function commentPagePath(slug: string, page: number): string {
  return `${articlePath(slug)}?cpage=${page}`;
}

/**
 * A comment's permalink: the comment page that shows it, which stays the same
 * as newer comments arrive. A comment not yet on a page (held) links to the article.
 */
export function commentPath(slug: string, comment: { id: number; page: number | null }): string {
  return `${comment.page === null ? articlePath(slug) : commentPagePath(slug, comment.page)}#comment-${comment.id}`;
}

/** An outside thread's feeds and API reads live under this path (its id URL-encoded: ids hold slashes). */
export function threadPath(threadId: string): string {
  return `/threads/${encodeURIComponent(threadId)}`;
}

/**
 * Where an article's or outside thread's comments are read: the article's
 * page, or the outside page that embeds them.
 */
export function discussionUrl(site: Site, article: { slug: string; pageUrl?: string | null | undefined }): string {
  return article.pageUrl ?? absoluteUrl(site, articlePath(article.slug));
}

/** Where its comment feeds live: under the article's page, or under `/threads/<id>` for an outside thread. */
export function commentFeedBase(site: Site, slug: string): string {
  const threadId = threadIdOfSlug(slug);
  return absoluteUrl(site, threadId === undefined ? articlePath(slug) : threadPath(threadId));
}

/**
 * A comment's absolute permalink: its article's comment page, or, for an
 * outside thread, the page that embeds it, with `#comment-<id>:<comment page>`
 * so the widget opens the page that shows it (`#comment-<id>` while it is on none).
 */
export function commentUrl(site: Site, article: { slug: string; pageUrl?: string | null | undefined }, comment: { id: number; page: number | null }): string {
  if (!article.pageUrl) return absoluteUrl(site, commentPath(article.slug, comment));
  return `${article.pageUrl}#comment-${comment.id}${comment.page === null ? "" : `:${comment.page}`}`;
}
