import type { MiddlewareHandler } from "hono";

/** What a 304 keeps of the 200 it stands for (RFC 9110 §15.4.5, plus Last-Modified). */
const KEPT_ON_304 = ["cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified", "server-timing"];

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A strong ETag: a SHA-1 digest of `content`. */
export async function entityTagOf(content: string | ArrayBuffer): Promise<string> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return `"${hex(await crypto.subtle.digest("SHA-1", bytes))}"`;
}

/** The response with an ETag of its body, unless it has one or isn't a 200. */
export async function withEntityTag(response: Response): Promise<Response> {
  if (response.status !== 200 || response.headers.has("ETag")) return response;
  const body = await response.arrayBuffer();
  const tagged = new Response(body, response);
  tagged.headers.set("ETag", await entityTagOf(body));
  return tagged;
}

function matchesIfNoneMatch(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === bare);
}

function notModified(response: Response): Response {
  const headers = new Headers();
  for (const [key, value] of response.headers) if (KEPT_ON_304.includes(key)) headers.set(key, value);
  return new Response(null, { status: 304, headers });
}

/**
 * Conditional GET for every successful GET/HEAD: a strong ETag (a digest of
 * the body, or one the route set) answering `If-None-Match`, and
 * `If-Modified-Since` against a `Last-Modified` the route set (ignored when
 * `If-None-Match` is present, per RFC 9110).
 */
export const conditionalGet = (): MiddlewareHandler => async (c, next) => {
  await next();
  if ((c.req.method !== "GET" && c.req.method !== "HEAD") || c.res.status !== 200) return;
  // Never-stored answers (the admin side, the export stream) are not revalidated, nor read whole to hash.
  if (/no-store/.test(c.res.headers.get("Cache-Control") ?? "")) return;
  const response = await withEntityTag(c.res);
  const etag = response.headers.get("ETag")!;
  const ifNoneMatch = c.req.header("If-None-Match");
  const ifModifiedSince = c.req.header("If-Modified-Since");
  const lastModified = response.headers.get("Last-Modified");
  let fresh: boolean;
  if (ifNoneMatch !== undefined) fresh = matchesIfNoneMatch(ifNoneMatch, etag);
  else if (ifModifiedSince && lastModified) {
    const since = Date.parse(ifModifiedSince);
    fresh = !Number.isNaN(since) && Date.parse(lastModified) <= since;
  } else fresh = false;
  c.res = undefined; // replace, don't merge: a 304 carries only the validators
  c.res = fresh ? notModified(response) : response;
};
