import { anonymizeCommenter, commentsByEmailHash } from "../db/admin-comments.ts";
import type { Database } from "../db/client.ts";
import { forgetSubscriber } from "../db/notifications.ts";
import type { Keys } from "../domain/settings.ts";
import type { Effects } from "./effects.ts";
import { commenterHash } from "./owner-comments.ts";

/**
 * A privacy request: anonymizes every comment of the commenter with this
 * email, as WordPress's eraser does, removes their notification address and
 * subscriptions, and purges the pages that showed them. Returns how many
 * comments were changed.
 */
export async function eraseCommenter(db: Database, effects: Effects, keys: Keys, email: string, now: Date): Promise<number> {
  const hash = await commenterHash(keys, email);
  const affected = await commentsByEmailHash(db, hash);
  const erased = await anonymizeCommenter(db, hash, now);
  await forgetSubscriber(db, hash);
  if (affected.length > 0) await effects.purge({ kind: "comments", articleIds: [...new Set(affected.map(({ comment }) => comment.articleId))] });
  return erased;
}
