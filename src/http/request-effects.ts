import type { Context, MiddlewareHandler } from "hono";
import { tagsOf } from "../domain/cache-tags.ts";
import type { Job } from "../domain/notifications/jobs.ts";
import type { AppEnv } from "../env.ts";
import type { Effects, PurgeOutcome } from "../services/effects.ts";
import { announceChanges } from "../services/websub-delivery.ts";
import { executionContextOf, PURGE_HEADER, purgeTags } from "./edge-cache.ts";

/**
 * Where a Worker's writes purge the cached copies they made stale: `here`, in
 * the reader (its own Workers Cache); `by-reader`, in the admin Worker, whose
 * purges could not reach the reader's cache (a purge only reaches the cache
 * of the Worker making it): the tags go back with the answer, in
 * `X-Wirepost-Purge`, and the reader purges them before passing it on
 * (src/http/admin-gateway.ts).
 */
export type PurgesMade = "here" | "by-reader";

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
export const requestEffects =
  (purges: PurgesMade): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const relayed = new Set<string>();
    let answered = false;
    const relay = async (tags: string[]): Promise<PurgeOutcome> => {
      // Once the answer has left, nothing carries tags to the reader (no admin use case purges after it).
      if (answered) console.error(JSON.stringify({ event: "purge_not_relayed", tags: tags.length }));
      for (const tag of tags) relayed.add(tag);
      // The reader purges them before the owner sees the answer, unless its purge budget makes them wait.
      return "deferred";
    };
    const effects: Effects = {
      async purge(...changes) {
        const tags = tagsOf(changes);
        const outcome = await (purges === "here" ? purgeTags(c.env, executionContextOf(c), tags) : relay(tags));
        // WebSub: wirepost's own hub, or WEBSUB_HUB_URL, hears which feeds changed (both Workers send to its queue).
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
    answered = true;
    if (relayed.size > 0) c.res.headers.set(PURGE_HEADER, [...relayed].join(","));
  };
