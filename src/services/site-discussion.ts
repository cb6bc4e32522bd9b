import type { Database } from "../db/client.ts";
import { saveDiscussionSettings, storedDiscussionSettings } from "../db/discussion-settings.ts";
import { type DiscussionPatch, type DiscussionSettings, defaultDiscussion, resolveDiscussion } from "../domain/comments/discussion.ts";
import type { ModerationMode } from "../domain/comments/moderation.ts";
import { remembered } from "../domain/remembered.ts";
import type { Settings } from "../domain/settings.ts";

/**
 * How long an isolate trusts its copy of the stored settings. A change made
 * in /admin applies at once in the isolate that saved it and within this
 * long everywhere else; posting a comment always reads them afresh.
 */
export const DISCUSSION_CACHE_MS = 30_000;

type StoredSettings = readonly { name: string; value: unknown }[];

interface IsolateCopy {
  until: number;
  /** The settings in effect, per default moderation mode (the one var they depend on). */
  resolved: Map<ModerationMode, DiscussionSettings>;
  stored: StoredSettings;
}

let copy: IsolateCopy | undefined;

const inEffect = ({ resolved, stored }: IsolateCopy, { moderation }: Pick<Settings, "moderation">) =>
  remembered(resolved, moderation, () => resolveDiscussion(stored, defaultDiscussion(moderation)));

/**
 * The settings in effect from `stored`, just read from or written to D1, over
 * the defaults (the vars parsed in `settings`); kept as this isolate's copy.
 */
export function discussionFrom(stored: StoredSettings, settings: Pick<Settings, "moderation">): DiscussionSettings {
  copy = { until: Date.now() + DISCUSSION_CACHE_MS, resolved: new Map(), stored };
  return inEffect(copy, settings);
}

/**
 * The discussion settings for reads that need them (the article page):
 * this isolate's copy while it is fresh, so most requests add no D1 round
 * trip; one small query when it is not. Treat the result as read-only.
 */
export async function discussionSettings(db: Database, settings: Pick<Settings, "moderation">): Promise<DiscussionSettings> {
  if (copy && copy.until > Date.now()) return inEffect(copy, settings);
  return discussionFrom(await storedDiscussionSettings(db), settings);
}

/** Stores the changed settings and answers the settings now in effect (this isolate sees them at once). */
export async function updateDiscussion(db: Database, settings: Pick<Settings, "moderation">, patch: DiscussionPatch, now: Date): Promise<DiscussionSettings> {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return discussionFrom(await saveDiscussionSettings(db, changes, now), settings);
}
