import type { Database } from "../db/client.ts";
import { saveDiscussionSettings, storedDiscussionSettings } from "../db/discussion-settings.ts";
import type { PublicChange } from "../domain/cache-tags.ts";
import { type DiscussionDefaults, type DiscussionPatch, type DiscussionSettings, defaultDiscussion, resolveDiscussion } from "../domain/comments/discussion.ts";
import { remembered } from "../domain/remembered.ts";
import type { Effects } from "./effects.ts";

/**
 * How long an isolate trusts its copy of the stored settings. A change made
 * in /admin applies at once in the isolate that saved it and in the reader's
 * that passed the owner's write on (`forgetDiscussionCopy`), and within this
 * long everywhere else; posting a comment always reads them afresh.
 */
export const DISCUSSION_CACHE_MS = 30_000;

type StoredSettings = readonly { name: string; value: unknown }[];

/** Stored settings as read, with the settings in effect from them per set of defaults (the parsed vars, one object per isolate). */
export interface ReadSettings {
  resolved: WeakMap<DiscussionDefaults, DiscussionSettings>;
  stored: StoredSettings;
}

interface IsolateCopy extends ReadSettings {
  until: number;
}

let copy: IsolateCopy | undefined;

/** The settings in effect from `read` over `defaults`, worked out once per set of defaults. */
export const inEffect = ({ resolved, stored }: ReadSettings, defaults: DiscussionDefaults) =>
  remembered(resolved, defaults, () => resolveDiscussion(stored, defaultDiscussion(defaults)));

/**
 * The settings in effect from `stored`, just read from or written to D1, over
 * the defaults (the vars parsed in `settings`); kept as this isolate's copy.
 */
export function discussionFrom(stored: StoredSettings, settings: DiscussionDefaults): DiscussionSettings {
  copy = { until: Date.now() + DISCUSSION_CACHE_MS, resolved: new WeakMap(), stored };
  return inEffect(copy, settings);
}

/**
 * Drops this isolate's copy, so the next read takes the stored settings: the
 * reader does when it passes on a write of the owner's, which the admin
 * Worker made in an isolate of its own.
 */
export function forgetDiscussionCopy(): void {
  copy = undefined;
}

/**
 * The discussion settings for reads that need them (the article page):
 * this isolate's copy while it is fresh, so most requests add no D1 round
 * trip; one small query when it is not. Treat the result as read-only.
 */
export async function discussionSettings(db: Database, settings: DiscussionDefaults): Promise<DiscussionSettings> {
  if (copy && copy.until > Date.now()) return inEffect(copy, settings);
  return discussionFrom(await storedDiscussionSettings(db), settings);
}

/**
 * Stores the changed settings and answers the settings now in effect (this
 * isolate sees them at once). A change to how article pages show their
 * discussion (comment order, the page the bare URL shows, closing with age)
 * purges every article page; saving the allowed sites purges the embed API's reads.
 */
export async function updateDiscussion(
  db: Database,
  effects: Effects,
  settings: DiscussionDefaults,
  patch: DiscussionPatch,
  now: Date,
): Promise<DiscussionSettings> {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const { stored, pagesChanged } = await saveDiscussionSettings(db, changes, now);
  const purged: PublicChange[] = [];
  if (pagesChanged) purged.push({ kind: "discussion" });
  // A site no longer allowed must not keep reading copies the edge keeps for it.
  if (patch.allowedOrigins !== undefined) purged.push({ kind: "embed" });
  if (purged.length > 0) await effects.purge(...purged);
  return discussionFrom(stored, settings);
}
