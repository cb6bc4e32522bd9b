import { keyedHash, timingSafeEqualStrings } from "../domain/privacy.ts";

/**
 * WordPress-style `?unapproved=<id>&moderation-hash=<hash>`: lets the person who
 * just posted a held comment see it with its notice, and nobody else.
 */
export async function moderationHash(hashKey: string | undefined, commentId: number): Promise<string> {
  return (await keyedHash(hashKey, "moderation", String(commentId))).slice(0, 32);
}

export async function heldCommentIdFromQuery(hashKey: string | undefined, unapproved: string | undefined, hash: string | undefined): Promise<number | null> {
  const id = Number(unapproved);
  if (!Number.isSafeInteger(id) || id <= 0 || !hash) return null;
  return timingSafeEqualStrings(hash, await moderationHash(hashKey, id)) ? id : null;
}
