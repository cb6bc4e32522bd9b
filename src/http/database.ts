import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createDb } from "../db/client.ts";
import { InstrumentedD1 } from "../db/instrumented-d1.ts";
import type { AppEnv } from "../env.ts";

/**
 * Carries a reader's D1 bookmark after they write, so their next requests
 * read at least what they wrote (read-your-writes with read replicas).
 */
const BOOKMARK_COOKIE = "wirepost_bookmark";
const BOOKMARK_SECONDS = 60;
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const READS = new Set(["GET", "HEAD"]);

function openSession(db: D1Database, bookmark: string | undefined, start: D1SessionConstraint): D1DatabaseSession {
  if (bookmark && /^[\w-]{1,200}$/.test(bookmark)) {
    try {
      return db.withSession(bookmark);
    } catch {
      // a stale or foreign bookmark: start as if there were none
    }
  }
  return db.withSession(start);
}

/**
 * Drizzle over a D1 session per request, with its round trips counted into
 * `Server-Timing`. A GET or HEAD may be stored at the edge, right after a
 * purge: it reads from the primary (or from a replica at least as recent as
 * the reader's bookmark), so a lagging replica can never put a page older than
 * the purge back into the cache. Other requests' reads may go to any replica
 * (their writes go to the primary). Reads retry once on D1's transient errors.
 */
export const database = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const session = openSession(c.env.DB, getCookie(c, BOOKMARK_COOKIE), READS.has(c.req.method) ? "first-primary" : "first-unconstrained");
  const d1 = new InstrumentedD1({ retryTransient: READS.has(c.req.method) });
  c.set("db", createDb(d1.wrap(session)));
  await next();
  c.res.headers.append("Server-Timing", `d1;desc="D1 round trips: ${d1.count}"`);
  const bookmark = session.getBookmark();
  if (WRITES.has(c.req.method) && d1.count > 0 && bookmark && c.res.status < 400) {
    setCookie(c, BOOKMARK_COOKIE, bookmark, { path: "/", httpOnly: true, secure: true, sameSite: "Lax", maxAge: BOOKMARK_SECONDS });
  }
};
