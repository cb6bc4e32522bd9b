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
