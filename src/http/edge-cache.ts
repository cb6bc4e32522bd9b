import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { withEntityTag } from "./conditional-get.ts";
import { BOOKMARK_COOKIE } from "./database.ts";

// Only canonical URLs are cached, so a write knows every URL it must purge:
// no query string, or just an article page's `cpage`.
const CACHEABLE_QUERY = new Set(["cpage"]);

function cacheKey(c: Context<AppEnv>): Request | undefined {
  const url = new URL(c.req.url);
  if (url.pathname.startsWith("/admin") || url.pathname.startsWith("/api/admin")) return undefined;
  for (const name of url.searchParams.keys()) if (!CACHEABLE_QUERY.has(name)) return undefined;
  url.hash = "";
  return new Request(url.toString(), { method: "GET" });
}

/** How long a last-known-good copy is kept for when D1 is unreachable. */
const STALE_SECONDS = 3600;

/**
 * Where the last good copy of a URL is kept, to serve if D1 fails. It lives on
 * a host of its own, so it outlives the fresh copy's s-maxage.
 */
export function staleKey(url: string): Request {
  const { pathname, search, host } = new URL(url);
  return new Request(`https://stale.wirepost.internal/${host}${pathname}${search}`);
}

function isShareable(response: Response): boolean {
  const cacheControl = response.headers.get("Cache-Control") ?? "";
  return response.status === 200 && /\bpublic\b/.test(cacheControl) && !/no-store|private/.test(cacheControl) && !response.headers.has("Set-Cookie");
}

/**
 * Serves anonymous readers' pages, feeds and API reads from the Workers Cache
 * API, without touching D1. Responses are stored for their `s-maxage`; writes
 * delete what they change (see request-effects.ts). A reader who just wrote bypasses the
 * cache while their bookmark cookie lasts, so they see their own write.
 */
export const edgeCache = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const key = c.req.method === "GET" ? cacheKey(c) : undefined;
  if (!key) return next();
  const cache = caches.default;
  if (!getCookie(c, BOOKMARK_COOKIE)) {
    const hit = await cache.match(key);
    if (hit) return new Response(hit.body, hit);
  }
  await next();
  if (isShareable(c.res)) {
    c.res = await withEntityTag(c.res);
    const stale = new Response(c.res.clone().body, c.res);
    stale.headers.set("Cache-Control", `public, max-age=${STALE_SECONDS}`);
    await c.var.effects.defer(Promise.all([cache.put(key, c.res.clone()), cache.put(staleKey(key.url), stale)]));
  } else if (c.res.status === 503) {
    // D1 is unreachable: an older copy beats an error page.
    const stale = await cache.match(staleKey(key.url));
    if (stale) {
      c.res = undefined;
      c.res = new Response(stale.body, stale);
      c.res.headers.set("Cache-Control", "no-store");
      c.res.headers.set("Warning", '110 - "Response is stale"');
    }
  }
};
