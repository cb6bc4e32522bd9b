import { type AdminCommentQuery, commentsByEmailHash, commentsForAdmin, commentWithArticle } from "../db/admin-comments.ts";
import type { Database } from "../db/client.ts";
import type { Comment } from "../db/schema.ts";
import type { CommenterRuleKind } from "../domain/comments/discussion.ts";
import { decryptCommentEmail, emailKeyring, keyedHash } from "../domain/privacy.ts";
import type { Keys } from "../domain/settings.ts";

/** A comment as the site owner sees it: any status, with its article and the commenter's email. */
export interface OwnerComment {
  comment: Comment;
  /** Its article, or outside page's thread (`pageUrl`: the page it is on; null for an article). */
  article: { slug: string; title: string; commentCount: number; pageUrl: string | null };
  /** Null when it can't be read (see decryptCommentEmail). */
  email: string | null;
  /** Whether the owner blocked or trusted its commenter (in lists). */
  rule?: CommenterRuleKind | null;
}

async function withEmails(keys: Keys, rows: Omit<OwnerComment, "email">[]): Promise<OwnerComment[]> {
  if (rows.length === 0) return [];
  const keyring = await emailKeyring(keys.emailKey);
  return Promise.all(rows.map(async (row) => ({ ...row, email: await decryptCommentEmail(keyring, row.comment) })));
}

/** A page of comments for the owner, newest first, and the cursor of the next page. */
export async function listOwnerComments(db: Database, keys: Keys, query: AdminCommentQuery) {
  // One extra row says whether another page follows.
  const rows = await commentsForAdmin(db, { ...query, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return { comments: await withEmails(keys, page), nextCursor: rows.length > query.limit ? page[page.length - 1]!.comment.id : null };
}

export async function findOwnerComment(db: Database, keys: Keys, id: number): Promise<OwnerComment | undefined> {
  const row = await commentWithArticle(db, id);
  return row && (await withEmails(keys, [row]))[0];
}

/** The keyed hash a commenter's comments are found by: their email, case-insensitively. */
export const commenterHash = (keys: Keys, email: string) => keyedHash(keys.hashKey, "email", email.trim().toLowerCase());

/** A privacy request: everything stored about the commenter with this email, oldest first. */
export async function commenterComments(db: Database, keys: Keys, email: string): Promise<OwnerComment[]> {
  return withEmails(keys, await commentsByEmailHash(db, await commenterHash(keys, email)));
}
