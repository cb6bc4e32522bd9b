import type { Context, MiddlewareHandler } from "hono";
import { cachedPaths, type PublicChange } from "../domain/cached-paths.ts";
import type { Settings } from "../domain/settings.ts";
import type { AppEnv } from "../env.ts";
import type { Effects } from "../services/effects.ts";
import { announceChanges } from "../services/websub-delivery.ts";
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
 * Returns the URLs, for the global purge.
 */
export async function purgeThisLocation(origins: Iterable<string>, changes: PublicChange[]): Promise<string[]> {
  const paths = [...new Set(changes.flatMap(cachedPaths))];
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
 * changed feeds are then announced to WebSub subscribers.
 */
export const requestEffects = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const effects: Effects = {
    async purge(...changes) {
      const urls = await purgeThisLocation([new URL(c.req.url).origin, c.var.site.baseUrl], changes);
      await afterResponse(c, purgeGlobally(c.var.settings.globalPurge, urls));
      // WebSub: the feeds among what changed are announced to the hub (wirepost's own, or WEBSUB_HUB_URL).
      await afterResponse(c, announceChanges(c.env.WEBSUB_QUEUE, c.var.site, changes));
    },
    defer: (work) => afterResponse(c, work),
  };
  c.set("effects", effects);
  await next();
};
