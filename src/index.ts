import { app } from "./app.tsx";
import { createDb } from "./db/client.ts";
import { behindEdgeCache } from "./http/edge-cache.ts";
import { dailyCleanup } from "./services/daily-cleanup.ts";

export { CachePurges } from "./http/cache-purges.ts";

// The Worker's entry point: only handlers may be exported from here.
export default {
  fetch: behindEdgeCache(app.fetch),
  scheduled: (controller, env) => dailyCleanup(createDb(env.DB), new Date(controller.scheduledTime)),
} satisfies ExportedHandler<Env>;
