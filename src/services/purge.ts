import { COMMENTS_PER_PAGE } from "../db/comments.ts";
import { FEED_FILES } from "../http/feed-response.ts";
import { articlePath } from "../domain/site.ts";

/** The cached URLs (paths) that show an article's comments. */
export function articleCommentPaths(slug: string, approvedComments: number): string[] {
  const path = articlePath(slug);
  // Top-level threads never outnumber approved comments, so this covers every comment page.
  const pages = Math.max(1, Math.ceil(approvedComments / COMMENTS_PER_PAGE));
  return [
    path,
    ...Array.from({ length: pages - 1 }, (_, i) => `${path}?cpage=${i + 2}`),
    ...FEED_FILES.map((file) => `${path}/${file}`),
    ...FEED_FILES.map((file) => `/comments/${file}`),
    `/api/articles/${encodeURIComponent(slug)}/comments`,
  ];
}

/** The cached URLs that show an article itself (lists, feeds, its page and API). */
export function articlePaths(slug: string, approvedComments: number): string[] {
  return [
    "/",
    ...FEED_FILES.map((file) => `/${file}`),
    "/api/articles",
    `/api/articles/${encodeURIComponent(slug)}`,
    ...articleCommentPaths(slug, approvedComments),
  ];
}

export interface GlobalPurgeSettings {
  CF_ZONE_ID?: string | undefined;
  CF_PURGE_TOKEN?: string | undefined;
}

const PURGE_BATCH = 30; // URLs per purge call, within Cloudflare's per-request limit

/**
 * Purges URLs from every Cloudflare location through the cache-purge API,
 * when the zone and a token with Cache Purge permission are configured.
 */
export async function purgeGlobally(settings: GlobalPurgeSettings, urls: string[]): Promise<void> {
  const { CF_ZONE_ID: zone, CF_PURGE_TOKEN: token } = settings;
  if (!zone || !token) return;
  for (let start = 0; start < urls.length; start += PURGE_BATCH) {
    try {
      const response = await fetch(`https://api.cloudflare.com/client/v4/zones/${encodeURIComponent(zone)}/purge_cache`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ files: urls.slice(start, start + PURGE_BATCH) }),
      });
      if (!response.ok) console.warn(JSON.stringify({ event: "purge_failed", status: response.status }));
    } catch (error) {
      console.warn(JSON.stringify({ event: "purge_failed", error: error instanceof Error ? error.name : "unknown" }));
    }
  }
}
