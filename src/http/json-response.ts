import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { markPublic } from "./edge-cache.ts";
import { bytesOf, type Rendition, renderOnce } from "./render-once.ts";

/**
 * A public JSON read, rendered once per change (see renderOnce). API URLs
 * aren't redirected to one spelling, so only the plain one (no query string:
 * no cursor, no limit) is kept rendered: no query string adds a row to D1.
 */
export async function jsonResponse(c: Context<AppEnv>, render: () => Promise<Rendition>): Promise<Response> {
  const served = await renderOnce(c, render, { keep: new URL(c.req.url).search === "" });
  const response = c.body(bytesOf(served), 200, { "Content-Type": "application/json", ETag: served.etag });
  markPublic(response.headers, "page", [served.tag], served.expiresAt);
  return response;
}
