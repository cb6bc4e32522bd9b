import type { CommentStatus } from "./comment.ts";

export const moderationModes = ["none", "first-time", "all"] as const;
export type ModerationMode = (typeof moderationModes)[number];

/** Why a new comment was not published as it came, for the moderator (never the poster). */
export type ModerationReason =
  | "bot_signs"
  | "blocked"
  | "disallowed_key"
  | "repeated_elsewhere"
  | "moderation_key"
  | "links"
  | "moderate_all"
  | "first_time"
  | "ai_spam"
  | "ai_abuse"
  | "ai_unavailable";

/** A moderation decision's reason: the rule or model, what it saw (a key, a category) and the model's score. */
export interface ModerationNote {
  reason: ModerationReason;
  label: string | null;
  score: number | null;
}

export interface ModerationFacts {
  mode: ModerationMode;
  /** The most links a comment may carry and still be published (`comment_max_links`). */
  maxLinks: number;
  /** Links in the body (the website field is not counted, as in WordPress). */
  linkCount: number;
  /** The same name and email (keyed hash) have a comment approved before. */
  previouslyApproved: boolean;
  /** The same text by the same email, sent before from another client: a moderator decides. */
  copiesAnother: boolean;
  /** Signs of a bot: the hidden honeypot field filled, or the form sent too fast, stale or forged. */
  looksAutomated: boolean;
  /** What the owner said about this commenter (by email, or address for a block). */
  commenter: "blocked" | "trusted" | null;
  /** The first disallowed key the comment contains, if any. */
  disallowedKey: string | undefined;
  /** The first moderation key the comment contains, if any. */
  moderationKey: string | undefined;
}

export interface ModerationDecision {
  status: CommentStatus;
  note: ModerationNote | null;
}

const decided = (status: CommentStatus, reason: ModerationReason | null, label: string | null = null): ModerationDecision => ({
  status,
  note: reason && { reason, label, score: null },
});

/**
 * The status a new comment is stored with, and why. Bots and blocked
 * commenters go to spam, disallowed keys to the trash; a trusted commenter
 * skips the rest of moderation (but not a copy of their words sent from
 * elsewhere); then moderation keys, links and the moderation mode.
 */
export function moderationDecision(facts: ModerationFacts): ModerationDecision {
  if (facts.looksAutomated) return decided("spam", "bot_signs");
  if (facts.commenter === "blocked") return decided("spam", "blocked");
  if (facts.disallowedKey !== undefined) return decided("trash", "disallowed_key", facts.disallowedKey);
  if (facts.copiesAnother) return decided("pending", "repeated_elsewhere");
  if (facts.commenter === "trusted") return decided("approved", null);
  if (facts.moderationKey !== undefined) return decided("pending", "moderation_key", facts.moderationKey);
  if (facts.linkCount > facts.maxLinks) return decided("pending", "links", `${facts.linkCount} links`);
  if (facts.mode === "none") return decided("approved", null);
  if (facts.mode === "all") return decided("pending", "moderate_all");
  return facts.previouslyApproved ? decided("approved", null) : decided("pending", "first_time");
}

/** What the commenter is told: spam and trash are answered exactly as if pending. */
export function publicStatus(status: CommentStatus): "approved" | "pending" {
  return status === "approved" ? "approved" : "pending";
}
