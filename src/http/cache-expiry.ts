/** The cache-lifetime headers a response may carry, for browsers, Cloudflare's cache and other CDNs. */
const LIFETIME_HEADERS = ["Cache-Control", "CDN-Cache-Control", "Cloudflare-CDN-Cache-Control"];

function capped(cacheControl: string, seconds: number): string {
  const capFresh = cacheControl.replace(/\b(max-age|s-maxage)=(\d+)/g, (_, name: string, value: string) => `${name}=${Math.min(Number(value), seconds)}`);
  // A stale copy may be served after the fresh life ends (some caches do): only until `seconds` too.
  const fresh = Number(/\bs-maxage=(\d+)/.exec(capFresh)?.[1] ?? /\bmax-age=(\d+)/.exec(capFresh)?.[1] ?? 0);
  return capFresh.replace(
    /\b(stale-while-revalidate|stale-if-error)=(\d+)/g,
    (_, name: string, value: string) => `${name}=${Math.max(0, Math.min(Number(value), seconds - fresh))}`,
  );
}

/**
 * Caps every cache lifetime in `headers` (fresh and stale) so no copy
 * outlives `at`: a list cached before a scheduled article's time (or a page
 * before its comments close with age) is served exactly until then, at every
 * location (Workers Cache reads `Cloudflare-CDN-Cache-Control`) and in
 * browsers, so the first request after it renders it anew, with no job
 * needed to purge it. Used through `markPublic` (edge-cache.ts).
 */
export function capLifetimes(headers: Headers, at: Date | undefined, now = new Date()): void {
  if (!at) return;
  // Rounded down: a copy may end a little early (one more render), never late.
  const seconds = Math.max(0, Math.floor((at.getTime() - now.getTime()) / 1000));
  for (const name of LIFETIME_HEADERS) {
    const value = headers.get(name);
    if (value) headers.set(name, capped(value, seconds));
  }
}
