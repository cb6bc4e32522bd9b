import type { Context, MiddlewareHandler } from "hono";
import { cachedPaths, type PublicChange } from "../domain/cached-paths.ts";
import type { Job } from "../domain/notifications/jobs.ts";
import type { Settings } from "../domain/settings.ts";
import type { AppEnv } from "../env.ts";
import type { Effects } from "../services/effects.ts";
import { discussionSettings } from "../services/site-discussion.ts";
import { staleKey } from "./edge-cache.ts";

/**
 * Runs `work` after the response is sent (`waitUntil`). Without an execution
 * context (the app called directly, as some tests do) it is awaited instead.
 */
async function afterResponse(c: Context, work: Promise<unknown>): Promise<void> {
  let ctx: { waitUntil(work: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(work);
  else await work;
}

/**
 * Forgets this location's cached copies (fresh and last-good) of what
 * `changes` made stale, under each of `origins`: the next request is fresh.
 * `perPage` (the owner's threads per comment page) bounds the comment pages.
 * Returns the URLs, for the global purge.
 */
export async function purgeThisLocation(origins: Iterable<string>, changes: PublicChange[], perPage?: number): Promise<string[]> {
  const paths = [...new Set(changes.flatMap((change) => cachedPaths(change, perPage)))];
  const urls = [...new Set(origins)].flatMap((origin) => paths.map((path) => `${origin}${path}`));
  await Promise.all(urls.flatMap((url) => [caches.default.delete(new Request(url)), caches.default.delete(staleKey(url))]));
  return urls;
}

const PURGE_BATCH = 30; // URLs per purge call, within Cloudflare's per-request limit

/** Purges URLs from every Cloudflare location through the cache-purge API, when a zone and token are configured. */
async function purgeGlobally(settings: Settings["globalPurge"], urls: string[]): Promise<void> {
  if (!settings) return;
  for (let start = 0; start < urls.length; start += PURGE_BATCH) {
    try {
      const response = await fetch(`https://api.cloudflare.com/client/v4/zones/${encodeURIComponent(settings.zoneId)}/purge_cache`, {
        method: "POST",
        headers: { Authorization: `Bearer ${settings.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ files: urls.slice(start, start + PURGE_BATCH) }),
      });
      if (!response.ok) console.warn(JSON.stringify({ event: "purge_failed", status: response.status }));
    } catch (error) {
      console.warn(JSON.stringify({ event: "purge_failed", error: error instanceof Error ? error.name : "unknown" }));
    }
  }
}

/**
 * Gives services their `Effects` for this request: purges delete the changed
 * URLs from this location's cache before the answer (under the request's
 * origin and `SITE_URL`), and from every location afterwards, if configured;
 * notification jobs go to the `NOTIFICATIONS` queue with the site's base URL.
 */
export const requestEffects = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const effects: Effects = {
    async purge(...changes) {
      const { commentsPerPage } = await discussionSettings(c.var.db, c.var.settings);
      const urls = await purgeThisLocation([new URL(c.req.url).origin, c.var.site.baseUrl], changes, commentsPerPage);
      await afterResponse(c, purgeGlobally(c.var.settings.globalPurge, urls));
    },
    defer: (work) => afterResponse(c, work),
    async enqueue(...jobs) {
      const { settings, site } = c.var;
      // With neither a sender nor a webhook nothing listens: spend no queue operation.
      if (!settings.email && !settings.notify) return;
      // A batch holds at most 100 messages.
      for (let start = 0; start < jobs.length; start += 100) {
        const batch = jobs.slice(start, start + 100);
        try {
          await c.env.NOTIFICATIONS.sendBatch(batch.map((job) => ({ body: { ...job, baseUrl: site.baseUrl } satisfies Job })));
        } catch (error) {
          console.warn(
            JSON.stringify({ event: "enqueue_failed", kind: batch[0]!.kind, count: batch.length, error: error instanceof Error ? error.name : "unknown" }),
          );
        }
      }
    },
  };
  c.set("effects", effects);
  await next();
};
