import type { Context, MiddlewareHandler } from "hono";
import { tagsOf } from "../domain/cache-tags.ts";
import type { Job } from "../domain/notifications/jobs.ts";
import type { AppEnv } from "../env.ts";
import type { Effects } from "../services/effects.ts";
import { announceChanges } from "../services/websub-delivery.ts";
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
 * request is a miss), with the feeds among what changed announced to the
 * WebSub hub after it; work deferred past the response; and notification
 * jobs for the `NOTIFICATIONS` queue, with the site's base URL.
 */
export const requestEffects = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const effects: Effects = {
    async purge(...changes) {
      const outcome = await purgeTags(c.env, executionContextOf(c), tagsOf(changes));
      // WebSub: wirepost's own hub, or WEBSUB_HUB_URL, hears which feeds changed.
      await afterResponse(c, announceChanges(c.env.WEBSUB_QUEUE, c.var.db, c.var.site, changes));
      return outcome;
    },
    defer: (work) => afterResponse(c, work),
    async enqueue(...jobs) {
      const { settings, site } = c.var;
      // With neither a sender nor a webhook nothing listens: spend no queue operation.
      if (!settings.email && !settings.notify) return;
      // A batch holds at most 100 messages.
      for (let start = 0; start < jobs.length; start += 100) {
        const batch = jobs.slice(start, start + 100);
        try {
          await c.env.NOTIFICATIONS.sendBatch(batch.map((job) => ({ body: { ...job, baseUrl: site.baseUrl } satisfies Job })));
        } catch (error) {
          console.warn(
            JSON.stringify({ event: "enqueue_failed", kind: batch[0]!.kind, count: batch.length, error: error instanceof Error ? error.name : "unknown" }),
          );
        }
      }
    },
  };
  c.set("effects", effects);
  await next();
};
