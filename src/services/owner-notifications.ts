import type { OwnerNotificationSettings, Settings } from "../domain/settings.ts";

/**
 * The owner's notification choices: whether they hear of every published
 * comment and of held ones, and at which addresses. The one place they are
 * read. For now they come from vars (`NOTIFY_ON_COMMENT`, `NOTIFY_ON_HELD`,
 * `NOTIFY_EMAILS`); once /admin's settings store keeps them, from there.
 */
export function ownerNotificationSettings(settings: Pick<Settings, "ownerNotifications">): OwnerNotificationSettings {
  return settings.ownerNotifications;
}
