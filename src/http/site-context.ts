import type { MiddlewareHandler } from "hono";
import { SettingsError, settingsOf } from "../domain/settings.ts";
import { resolveSite } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { executionContextOf, workersCacheOf } from "./edge-cache.ts";
import { AppError } from "./errors.ts";

/**
 * The site (title, base URL…) and its settings, parsed from the bindings
 * once: every handler reads `c.var.site` and `c.var.settings`, never raw vars.
 * A var set to a value the site can't run with is one clear 503, logged.
 */
export const siteContext = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set("site", resolveSite(c.env, c.req.url));
  // Workers Cache keys on path and query only: a page cached with one host's links would be served on every host.
  if (!c.env.SITE_URL?.trim() && workersCacheOf(executionContextOf(c))) {
    console.error(JSON.stringify({ event: "configuration_error", message: "SITE_URL is not set" }));
    throw new AppError(503, "configuration_error", "The site is misconfigured: set SITE_URL (Workers Cache is on, and cached pages need absolute links).");
  }
  try {
    c.set("settings", settingsOf(c.env));
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(JSON.stringify({ event: "configuration_error", message: error.message }));
    throw new AppError(503, "configuration_error", `The site is misconfigured: ${error.message}`);
  }
  await next();
};
