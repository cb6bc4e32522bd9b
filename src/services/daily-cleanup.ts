import type { Database } from "../db/client.ts";
import { expireIdempotencyKeys, expireIpHashes } from "../db/comments.ts";
import { placeUnplacedComments } from "../db/imports.ts";
import { expireNotificationData } from "../db/notifications.ts";
import { forgetEmptyOutsideThreads } from "../db/outside-threads.ts";
import { bumpAllVersions } from "../db/rendered-responses.ts";
import { expireSubscriptions } from "../db/websub-subscriptions.ts";
import { DAY_MS, LINK_DAYS } from "../domain/notifications/jobs.ts";
import { IDEMPOTENCY_WINDOW_MS } from "./post-comment.ts";

/** Client address hashes are kept this long for abuse control, then forgotten. */
const IP_HASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The daily clean-up (cron): forgets client address hashes, idempotency keys
 * and notification data past their retention, WebSub subscriptions past
 * their lease, and puts on a comment page any
 * approved comment that has none (approved before comment pages existed,
 * after an upgrade).
 */
export async function dailyCleanup(db: Database, now: Date): Promise<void> {
  await expireIpHashes(db, new Date(now.getTime() - IP_HASH_RETENTION_MS));
  await expireIdempotencyKeys(db, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS));
  await expireNotificationData(db, now, new Date(now.getTime() - LINK_DAYS * DAY_MS));
  await expireSubscriptions(db, now);
  await forgetEmptyOutsideThreads(db, new Date(now.getTime() - DAY_MS));
  // On D1 (not the importers' statement recorder), a run reports how many rows changed.
  const placed = (await placeUnplacedComments(db)) as D1Result;
  if (placed.meta.changes > 0) await bumpAllVersions(db);
}
