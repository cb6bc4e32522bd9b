import { app } from "./app.tsx";
import { createDb } from "./db/client.ts";
import { settingsOf } from "./domain/settings.ts";
import type { WebSubJob } from "./domain/websub.ts";
import { dailyCleanup } from "./services/daily-cleanup.ts";
import { processWebSubJobs } from "./services/websub-delivery.ts";

// The Worker's entry point: only handlers may be exported from here.
export default {
  fetch: app.fetch,
  scheduled: (controller, env) => dailyCleanup(createDb(env.DB), new Date(controller.scheduledTime)),
  // WebSub announcements and deliveries (wrangler.toml [[queues.consumers]]).
  queue: (batch, env) =>
    processWebSubJobs(batch, {
      db: createDb(env.DB),
      settings: settingsOf(env).websub,
      queue: env.WEBSUB_QUEUE,
      siteVars: env,
      now: new Date(),
    }),
} satisfies ExportedHandler<Env, WebSubJob>;
