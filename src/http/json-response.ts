import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { markPublic } from "./edge-cache.ts";
import { bytesOf, type Rendition, renderOnce } from "./render-once.ts";

/** A public JSON read, rendered once per change (see renderOnce). */
export async function jsonResponse(c: Context<AppEnv>, render: () => Promise<Rendition>, options?: { keep?: boolean }): Promise<Response> {
  const served = await renderOnce(c, render, options);
  const response = c.body(bytesOf(served), 200, { "Content-Type": "application/json", ETag: served.etag });
  markPublic(response.headers, "page", [served.tag]);
  return response;
}
