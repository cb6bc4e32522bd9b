import type { Database } from "../db/client.ts";
import type { DiscussionDefaults } from "../domain/comments/discussion.ts";
import type { OwnerNotificationSettings } from "../domain/settings.ts";
import { discussionSettings } from "./site-discussion.ts";

/**
 * The owner's notification choices: whether they are emailed each comment
 * published as posted and each held one, and at which addresses. The one
 * place they are read: the discussion settings (/admin/settings,
 * `PATCH /api/admin/settings`), whose defaults on a fresh database are the
 * vars `NOTIFY_ON_COMMENT`, `NOTIFY_ON_HELD` and `NOTIFY_EMAILS`.
 */
export async function ownerNotificationSettings(db: Database, settings: DiscussionDefaults): Promise<OwnerNotificationSettings> {
  const { notifyOnComment, notifyOnHeld, notifyEmails } = await discussionSettings(db, settings);
  return { notifyOnComment, notifyOnHeld, notifyEmails };
}
