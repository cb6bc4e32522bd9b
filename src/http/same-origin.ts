import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "./errors.ts";

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery guard for browser form posts: the `Origin`
 * header (or, when a browser sends none, the `Referer`) must be this site.
 */
export const requireSameOrigin = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const allowed = new Set([new URL(c.req.url).origin, originOf(c.env.SITE_URL)]);
  const origin = c.req.header("Origin");
  const claimed = origin !== undefined ? originOf(origin) : originOf(c.req.header("Referer"));
  if (claimed === null || !allowed.has(claimed)) {
    throw new AppError(403, "cross_site_request", "This form can only be sent from the site's own pages. Please go back, reload the page and try again.");
  }
  await next();
};
