import type { MiddlewareHandler } from "hono";
import { createDb } from "../db/client.ts";
import { InstrumentedD1 } from "../db/instrumented-d1.ts";
import type { AppEnv } from "../env.ts";

const READS = new Set(["GET", "HEAD"]);

/**
 * Drizzle over D1 for this request, with its round trips counted into
 * `Server-Timing`. Every query goes to the primary (D1 without the Sessions
 * API does): what a miss renders is stored at the edge right after a purge,
 * so it must never come from a replica that hasn't caught up with the write
 * that caused the purge; and a writer's next request, a miss, reads their
 * write. Reads (GET/HEAD, which never write) retry once on D1's transient errors.
 */
export const database = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const d1 = new InstrumentedD1({ retryTransient: READS.has(c.req.method) });
  c.set("db", createDb(d1.wrap(c.env.DB)));
  await next();
  c.res.headers.append("Server-Timing", `d1;desc="D1 round trips: ${d1.count}"`);
};
