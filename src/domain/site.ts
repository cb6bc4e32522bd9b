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
