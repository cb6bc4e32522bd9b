import { keyedHash, timingSafeEqualStrings } from "../domain/privacy.ts";

/** How long the author of a held comment may see it on the page (WordPress's window): the link can't be shared for good. */
export const HELD_VIEW_MS = 10 * 60 * 1000;

interface HeldComment {
  id: number;
  createdAt: Date;
}

/**
 * WordPress-style `?unapproved=<id>&moderation-hash=<hash>`: lets the person who
 * just posted a held comment see it with its notice, for ten minutes, and
 * nobody else. The hash signs the comment's creation time with its id.
 */
export async function moderationHash(hashKey: string | undefined, comment: HeldComment): Promise<string> {
  return (await keyedHash(hashKey, "moderation", `${comment.id}:${comment.createdAt.getTime()}`)).slice(0, 32);
}

/** The `unapproved` id of a held-comment link, if it is one (the hash is checked against the comment itself). */
export function heldCommentLink(unapproved: string | undefined, hash: string | undefined): { id: number; hash: string } | null {
  const id = Number(unapproved);
  return Number.isSafeInteger(id) && id > 0 && hash ? { id, hash } : null;
}

/** Whether `hash` is this held comment's, and its ten minutes haven't passed. */
export async function mayShowHeldComment(hashKey: string | undefined, comment: HeldComment, hash: string, now: Date): Promise<boolean> {
  if (now.getTime() - comment.createdAt.getTime() > HELD_VIEW_MS) return false;
  return timingSafeEqualStrings(hash, await moderationHash(hashKey, comment));
}
