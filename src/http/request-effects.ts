import type { Context, MiddlewareHandler } from "hono";
import { tagsOf } from "../domain/cache-tags.ts";
import type { AppEnv } from "../env.ts";
import type { Effects } from "../services/effects.ts";
import { executionContextOf, purgeTags } from "./edge-cache.ts";

/**
 * Runs `work` after the response is sent (`waitUntil`). Without an execution
 * context (the app called directly, as some tests do) it is awaited instead.
 */
async function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): Promise<void> {
  const ctx = executionContextOf(c);
  if (ctx) ctx.waitUntil(work);
  else await work;
}

/**
 * Gives services their `Effects` for this request: purges of the tags a
 * write changed, made before the answer goes out (so the writer's next
 * request is a miss), and work deferred past the response.
 */
export const requestEffects = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const effects: Effects = {
    purge: (...changes) => purgeTags(c.env, executionContextOf(c), tagsOf(changes)),
    defer: (work) => afterResponse(c, work),
  };
  c.set("effects", effects);
  await next();
};
