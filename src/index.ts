import { app } from "./app.tsx";
import { createDb } from "./db/client.ts";
import { expireIdempotencyKeys, expireIpHashes } from "./db/comments.ts";
import { IDEMPOTENCY_WINDOW_MS } from "./services/post-comment.ts";

/** Client address hashes are kept this long for abuse control, then forgotten. */
const IP_HASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

// The Worker's entry point: only handlers may be exported from here.
export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    const db = createDb(env.DB);
    await expireIpHashes(db, new Date(controller.scheduledTime - IP_HASH_RETENTION_MS));
    await expireIdempotencyKeys(db, new Date(controller.scheduledTime - IDEMPOTENCY_WINDOW_MS));
  },
} satisfies ExportedHandler<Env>;
