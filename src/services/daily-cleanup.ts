import type { Database } from "../db/client.ts";
import { expireIdempotencyKeys, expireIpHashes } from "../db/comments.ts";
import { expireSubscriptions } from "../db/websub-subscriptions.ts";
import { IDEMPOTENCY_WINDOW_MS } from "./post-comment.ts";

/** Client address hashes are kept this long for abuse control, then forgotten. */
const IP_HASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The daily clean-up (cron): forgets client address hashes and idempotency keys past their retention, and WebSub subscriptions past their lease. */
export async function dailyCleanup(db: Database, now: Date): Promise<void> {
  await expireIpHashes(db, new Date(now.getTime() - IP_HASH_RETENTION_MS));
  await expireIdempotencyKeys(db, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS));
  await expireSubscriptions(db, now);
}
