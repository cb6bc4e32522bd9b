import type { MiddlewareHandler } from "hono";

/**
 * What a 304 keeps of the 200 it stands for (RFC 9110 §15.4.5, plus
 * Last-Modified, the caching headers the edge reads, and the embed API's
 * CORS headers, without which another site's browser can't use its copy).
 */
const KEPT_ON_304 = [
  "access-control-allow-origin",
  "access-control-expose-headers",
  "cache-control",
  "cloudflare-cdn-cache-control",
  "cache-tag",
  "content-location",
  "date",
  "etag",
  "expires",
  "vary",
  "last-modified",
  "server-timing",
];

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A strong ETag: a SHA-1 digest of `content`, computed once when it is rendered. */
export async function entityTagOf(content: string): Promise<string> {
  return `"${hex(await crypto.subtle.digest("SHA-1", new TextEncoder().encode(content)))}"`;
}

function matchesIfNoneMatch(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === bare);
}

/** The 304 standing for `response`: only the validators and caching headers. */
export function notModified(response: Response): Response {
  const headers = new Headers();
  for (const [key, value] of response.headers) if (KEPT_ON_304.includes(key)) headers.set(key, value);
  return new Response(null, { status: 304, headers });
}

/**
 * Whether a request's copy is still good: `If-None-Match` against the
 * response's ETag (set when it was rendered), or `If-Modified-Since` against
 * its `Last-Modified` (ignored when `If-None-Match` is present, per RFC 9110).
 */
export function isNotModified(request: Request, response: Response): boolean {
  if ((request.method !== "GET" && request.method !== "HEAD") || response.status !== 200) return false;
  const etag = response.headers.get("ETag");
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch !== null) return etag !== null && matchesIfNoneMatch(ifNoneMatch, etag);
  const ifModifiedSince = request.headers.get("If-Modified-Since");
  const lastModified = response.headers.get("Last-Modified");
  if (!ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

/** Conditional GET for every successful GET/HEAD that carries a validator. */
export const conditionalGet = (): MiddlewareHandler => async (c, next) => {
  await next();
  if (!isNotModified(c.req.raw, c.res)) return;
  const response = c.res;
  c.res = undefined; // replace, don't merge: a 304 carries only the validators
  c.res = notModified(response);
};
