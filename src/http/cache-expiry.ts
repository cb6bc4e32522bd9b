/** The cache-lifetime headers a response may carry, for browsers, Cloudflare's cache and other CDNs. */
const LIFETIME_HEADERS = ["Cache-Control", "CDN-Cache-Control", "Cloudflare-CDN-Cache-Control"];

/**
 * Caps every cache lifetime (`max-age`, `s-maxage`) of `response` so no copy
 * outlives `at`: a list cached before a scheduled article's time is fresh
 * exactly until then, at every location and in browsers, so the first request
 * after it renders the list with the article, with no job needed to purge it.
 */
export function expiresBy(response: Response, at: Date | undefined, now = new Date()): Response {
  if (!at) return response;
  const seconds = Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000));
  for (const name of LIFETIME_HEADERS) {
    const value = response.headers.get(name);
    if (value)
      response.headers.set(
        name,
        value.replace(/\b(max-age|s-maxage)=(\d+)/g, (_, directive: string, current: string) => `${directive}=${Math.min(Number(current), seconds)}`),
      );
  }
  return response;
}
