import { adminFetch } from "./helpers.ts";

/** `GET /api/admin/settings` on a fresh database: the contract, plus the Workers AI settings. */
export const DEFAULT_SETTINGS = {
  commentsOpenByDefault: true,
  closeCommentsAfterDays: 0,
  moderation: "first-time",
  maxLinks: 2,
  moderationKeys: [],
  disallowedKeys: [],
  threadDepth: 5,
  commentsPerPage: 50,
  defaultCommentsPage: "newest",
  commentOrder: "oldest-first",
  notifyOnComment: false,
  notifyOnHeld: true,
  notifyEmails: [],
  aiSpamCheck: true,
  aiAbuseCheck: true,
  aiTimeBudgetMs: 300,
  aiWhenLate: "rules",
  aiSpamThreshold: 0.8,
  // EMBED_ORIGINS as tests/vitest.config.ts sets it.
  allowedOrigins: ["https://blog.example.com", "https://news.example.org:8443"],
} as const;

export type DiscussionJson = {
  -readonly [K in keyof typeof DEFAULT_SETTINGS]: (typeof DEFAULT_SETTINGS)[K] extends readonly string[] ? string[] : (typeof DEFAULT_SETTINGS)[K];
};

/** Changes discussion settings through the admin API (storage is shared by a file's tests: reset them after). */
export async function patchDiscussion(patch: Partial<Record<keyof typeof DEFAULT_SETTINGS, unknown>>): Promise<DiscussionJson> {
  const response = await adminFetch("/settings", { method: "PATCH", json: patch });
  if (response.status !== 200) throw new Error(`settings PATCH failed: ${response.status} ${await response.text()}`);
  return (await response.json<{ settings: DiscussionJson }>()).settings;
}

/** Puts every discussion setting back to its default. */
export const resetDiscussion = () => patchDiscussion(DEFAULT_SETTINGS);
