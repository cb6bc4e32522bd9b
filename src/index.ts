import { createDb } from "./db/client.ts";
import type { Job } from "./domain/notifications/jobs.ts";
import type { WebSubJob } from "./domain/websub.ts";
import { withAdminWorker } from "./http/admin-gateway.ts";
import { behindEdgeCache } from "./http/edge-cache.ts";
import { readerApp } from "./reader-app.ts";
import { dailyCleanup } from "./services/daily-cleanup.ts";
import { consumeNotifications, isNotificationQueue } from "./services/notification-queue.ts";
import { consumeWebSub, isWebSubQueue } from "./services/websub-delivery.ts";

export { CachePurges } from "./http/cache-purges.ts";

// The reader Worker's entry point (wrangler.toml): only handlers may be exported from here.
export default {
  fetch: behindEdgeCache(withAdminWorker(readerApp.fetch)),
  scheduled: (controller, env) => dailyCleanup(createDb(env.DB), new Date(controller.scheduledTime)),
  // Each queue's consumer lives in its service: dispatch by the queue's name.
  async queue(batch, env) {
    if (isNotificationQueue(batch.queue)) return consumeNotifications(batch as MessageBatch<Job>, env);
    if (isWebSubQueue(batch.queue)) return consumeWebSub(batch as MessageBatch<WebSubJob>, env);
    throw new Error(`No consumer for queue ${batch.queue}`);
  },
} satisfies ExportedHandler<Env>;
