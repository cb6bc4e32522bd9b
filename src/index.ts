import { app } from "./app.tsx";
import { createDb } from "./db/client.ts";
import { expireIpHashes } from "./db/comments.ts";

/** Client address hashes are kept this long for abuse control, then forgotten. */
const IP_HASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

// The Worker's entry point: only handlers may be exported from here.
export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    await expireIpHashes(createDb(env.DB), new Date(controller.scheduledTime - IP_HASH_RETENTION_MS));
  },
} satisfies ExportedHandler<Env>;
