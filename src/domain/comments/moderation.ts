import type { CommentStatus } from "./comment.ts";

export const moderationModes = ["none", "first-time", "all"] as const;
export type ModerationMode = (typeof moderationModes)[number];

/** WordPress's default: a comment with more links than this waits for a moderator. */
const MAX_LINKS_BEFORE_HOLD = 2;

export interface ModerationFacts {
  mode: ModerationMode;
  /** Links in the body (the website field is not counted, as in WordPress). */
  linkCount: number;
  /** The same name and email (keyed hash) have a comment approved before. */
  previouslyApproved: boolean;
  /** The same text by the same email, sent before from another client: a moderator decides. */
  copiesAnother: boolean;
  /** Signs of a bot: the hidden honeypot field filled, or the form sent too fast, stale or forged. */
  looksAutomated: boolean;
}

/** The status a new comment is stored with. */
export function initialStatus(facts: ModerationFacts): CommentStatus {
  if (facts.looksAutomated) return "spam";
  if (facts.linkCount > MAX_LINKS_BEFORE_HOLD || facts.copiesAnother) return "pending";
  if (facts.mode === "none") return "approved";
  if (facts.mode === "all") return "pending";
  return facts.previouslyApproved ? "approved" : "pending";
}

/** What the commenter is told: spam is answered exactly as if it were pending. */
export function publicStatus(status: CommentStatus): "approved" | "pending" {
  return status === "approved" ? "approved" : "pending";
}
