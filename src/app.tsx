import { type Context, Hono, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { isDatabaseError } from "./db/database-errors.ts";
import type { AppEnv } from "./env.ts";
import { conditionalGet } from "./http/conditional-get.ts";
import { database } from "./http/database.ts";
import { markPublic, PRIVATE } from "./http/edge-cache.ts";
import { AppError, errorBody, notFound } from "./http/errors.ts";
import { renderPage } from "./http/render.ts";
import { type PurgesMade, requestEffects } from "./http/request-effects.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { siteContext } from "./http/site-context.ts";
import { ErrorPage } from "./views/error-page.tsx";

/** What one of the site's two Workers mounts (src/reader-app.ts, src/admin-app.ts). */
export interface AppOptions {
  /** Where the writes' purges are made (see `requestEffects`). */
  purges: PurgesMade;
  /**
   * Middleware of some paths only, run after the effects and before the
   * conditional GET (so it also sees a 304 and a cached copy's answer).
   */
  middleware?: [path: string, handlers: MiddlewareHandler<AppEnv>[]][];
  /** Route groups and their paths, in matching order. */
  routes: [path: string, routes: Hono<AppEnv>][];
}

/**
 * One Worker's app: the middleware every request passes, its routes, and one
 * error handler. Both Workers are built from it, so they answer alike.
 */
export function createApp({ purges, middleware = [], routes }: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Silence would let Workers Cache keep a response for hours: what no route marked public is private.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", PRIVATE);
  });
  app.use(securityHeaders());
  app.use(siteContext());
  app.use(database());
  app.use(requestEffects(purges));
  for (const [path, handlers] of middleware) app.use(path, ...handlers);
  app.use(conditionalGet());

  for (const [path, group] of routes) app.route(path, group);

  app.notFound((c) => respondWithError(c, notFound()));
  app.onError(handleError);
  return app;
}

const ERROR_TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Forbidden",
  404: "Page not found",
  413: "Too large",
  415: "Unsupported content type",
  422: "Please check your comment",
  429: "Slow down",
  503: "Temporarily unavailable",
};

/**
 * One place turns every failure into the right shape: JSON on /api, an HTML
 * page elsewhere. Errors are private, but for a GET answered the same for
 * everyone until its cache tags change (a 404 for an unknown article).
 */
async function respondWithError(c: Context<AppEnv>, error: AppError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const title = ERROR_TITLES[error.status] ?? "Something went wrong";
  const response =
    c.req.path === "/api" || c.req.path.startsWith("/api/")
      ? c.json(errorBody(error), error.status)
      : await renderPage(c, <ErrorPage site={c.var.site} title={title} message={error.message} />, error.status);
  const shared = error.cacheTags !== undefined && (c.req.method === "GET" || c.req.method === "HEAD");
  if (shared) markPublic(response.headers, "missing", error.cacheTags, error.expiresAt);
  else response.headers.set("Cache-Control", PRIVATE);
  return response;
}

function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof AppError) return respondWithError(c, error);
  // Database failures are the service being briefly unavailable, not the reader's fault.
  if (isDatabaseError(error)) {
    console.error(JSON.stringify({ event: "database_unavailable", method: c.req.method, route: c.req.routePath }));
    return respondWithError(
      c,
      new AppError(503, "unavailable", "We can't reach our database right now. Please try again in a few seconds.", { headers: { "Retry-After": "5" } }),
    );
  }
  if (error instanceof HTTPException && error.status < 500) {
    return respondWithError(c, new AppError(error.status, "bad_request", error.message || "Bad request."));
  }
  // Only the error's name and the route: messages can quote SQL parameters, and those hold readers' data.
  console.error(JSON.stringify({ event: "unhandled_error", error: error.name, method: c.req.method, route: c.req.routePath }));
  return respondWithError(c, new AppError(500, "internal_error", "Something went wrong on our side. Please try again."));
}
