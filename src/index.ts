import { app } from "./app.tsx";
import { createDb } from "./db/client.ts";
import { dailyCleanup } from "./services/daily-cleanup.ts";

// The Worker's entry point: only handlers may be exported from here.
export default {
  fetch: app.fetch,
  scheduled: (controller, env) => dailyCleanup(createDb(env.DB), new Date(controller.scheduledTime)),
} satisfies ExportedHandler<Env>;
