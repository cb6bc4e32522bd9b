import type { Context, MiddlewareHandler } from "hono";
import { markPublic } from "./edge-cache.ts";

/**
 * Answers a request for anything but `canonical(c)` (a path and query string)
 * with a permanent redirect there, kept by browsers and the edge alike: a page
 * is cached, and purged, under one URL only.
 */
export const canonicalUrl =
  (canonical: (c: Context) => string | undefined): MiddlewareHandler =>
  async (c, next) => {
    const target = canonical(c);
    const { pathname, search } = new URL(c.req.url);
    if (target === undefined || target === `${pathname}${search}`) return next();
    const response = c.redirect(target, 301);
    markPublic(response.headers, "moved", []);
    return response;
  };
