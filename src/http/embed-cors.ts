import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { discussionSettings } from "../services/site-discussion.ts";
import { originNotAllowed } from "./refusals.ts";

/** The sites whose pages may embed comments now: the owner's `allowedOrigins` (by default `EMBED_ORIGINS`). */
async function embedOrigins(c: Context<AppEnv>): Promise<string[]> {
  return (await discussionSettings(c.var.db, c.var.settings)).allowedOrigins;
}

const PREFLIGHT_HEADERS = {
  "Access-Control-Allow-Methods": "GET, POST",
  "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key, cf-turnstile-response",
  "Access-Control-Max-Age": "86400",
};

const isOwn = (c: Context<AppEnv>, origin: string | undefined) => origin === undefined || origin === new URL(c.req.url).origin || origin === c.var.site.baseUrl;

/**
 * CORS for the embed API (the widget's reads and posts, and counts): a
 * cross-origin request is answered only for an allowed site, by exact
 * origin, with no credentials. Its preflight gets the methods and headers
 * the widget sends; a refused origin gets 403 (so the server refuses it too,
 * not only the browser). Every answer says `Vary: Origin`: a cache in front
 * keeps one copy per origin, so no site is handed a copy naming another.
 * Two middlewares: the outer sets the headers on whatever answered (a
 * cached copy, a refusal, an error), the inner refuses or answers preflights.
 */
export const embedCors = (): MiddlewareHandler<AppEnv>[] => [
  async (c, next) => {
    await next();
    c.res.headers.append("Vary", "Origin");
    const origin = c.req.header("Origin");
    if (!isOwn(c, origin) && (await embedOrigins(c)).includes(origin!)) {
      c.res.headers.set("Access-Control-Allow-Origin", origin!);
      c.res.headers.set("Access-Control-Expose-Headers", "Location, Retry-After");
    }
  },
  async (c, next) => {
    const origin = c.req.header("Origin");
    if (!isOwn(c, origin) && !(await embedOrigins(c)).includes(origin!)) throw originNotAllowed();
    if (c.req.method === "OPTIONS") return c.body(null, 204, PREFLIGHT_HEADERS);
    await next();
  },
];
