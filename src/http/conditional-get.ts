import type { MiddlewareHandler } from "hono";
import { etag, RETAINED_304_HEADERS } from "hono/etag";

const RETAINED = new Set([...RETAINED_304_HEADERS, "last-modified"]);

function notModified(response: Response): Response {
  const headers = new Headers();
  for (const [key, value] of response.headers) if (RETAINED.has(key)) headers.set(key, value);
  return new Response(null, { status: 304, headers });
}

/**
 * The ETag `entityTag()` would give `content`: for responses whose body holds
 * a per-request part (a form's signed timestamp) that must not defeat caching.
 */
export async function entityTagOf(content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(content));
  return `"${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}"`;
}

/** A strong ETag (a digest of the body) on every successful GET/HEAD, answering `If-None-Match`. */
export const entityTag = (): MiddlewareHandler => etag({ retainedHeaders: [...RETAINED] });

/**
 * Answers `If-Modified-Since` from the `Last-Modified` a route set. Per RFC 9110
 * it is ignored when the request also carries `If-None-Match`. Register it
 * before `entityTag()` so the 304 keeps the ETag.
 */
export const ifModifiedSince = (): MiddlewareHandler => async (c, next) => {
  await next();
  const since = c.req.header("If-Modified-Since");
  const lastModified = c.res.headers.get("Last-Modified");
  if (!since || !lastModified || c.req.header("If-None-Match") !== undefined) return;
  if (c.res.status !== 200 || (c.req.method !== "GET" && c.req.method !== "HEAD")) return;
  const sinceTime = Date.parse(since);
  if (!Number.isNaN(sinceTime) && Date.parse(lastModified) <= sinceTime) {
    const original = c.res;
    await original.body?.cancel();
    c.res = undefined; // replace rather than merge: a 304 carries only the validators
    c.res = notModified(original);
  }
};
