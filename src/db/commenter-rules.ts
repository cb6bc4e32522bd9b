import { and, desc, eq, or, type Placeholder, sql } from "drizzle-orm";
import type { CommenterRuleKind } from "../domain/comments/discussion.ts";
import type { Database } from "./client.ts";
import { commenterRules, comments } from "./schema.ts";

/** The rules that may apply to a new comment: its email's, and any block on its client address (a query to batch). */
export const rulesFor = (db: Database, emailHash: string | Placeholder, ipHash: string | Placeholder) =>
  db
    .select({ kind: commenterRules.kind, author: commenterRules.author, emailHash: commenterRules.emailHash })
    .from(commenterRules)
    .where(or(eq(commenterRules.emailHash, emailHash), and(eq(commenterRules.ipHash, ipHash), eq(commenterRules.kind, "block"))));

/**
 * Blocks or trusts the commenter of comment `commentId` (replacing any rule
 * they had), from the comment's own hashes: nothing plain is read or stored.
 * A block covers their client address too when `withAddress` (if the comment
 * still has its address hash). Undefined if there is no such comment.
 */
export async function addCommenterRule(db: Database, commentId: number, kind: CommenterRuleKind, withAddress: boolean, now: Date) {
  const [rule] = await db
    .insert(commenterRules)
    .select(
      db
        .select({
          id: sql<null>`NULL`.as("id"),
          kind: sql<CommenterRuleKind>`${kind}`.as("kind"),
          emailHash: comments.emailHash,
          ipHash: sql<string | null>`CASE WHEN ${kind === "block" && withAddress ? 1 : 0} THEN ${comments.ipHash} END`.as("ip_hash"),
          author: comments.author,
          commentId: comments.id,
          createdAt: sql<Date>`${now.getTime()}`.as("created_at"),
        })
        .from(comments)
        .where(eq(comments.id, commentId)),
    )
    .onConflictDoUpdate({
      target: commenterRules.emailHash,
      set: {
        kind: sql`excluded.kind`,
        ipHash: sql`excluded.ip_hash`,
        author: sql`excluded.author`,
        commentId: sql`excluded.comment_id`,
        createdAt: sql`excluded.created_at`,
      },
    })
    .returning();
  return rule;
}

/** Lifts a block or trust from the commenter of comment `commentId`; how many rules went (0 or 1). */
export async function removeCommenterRule(db: Database, commentId: number, kind: CommenterRuleKind): Promise<number> {
  const removed = await db
    .delete(commenterRules)
    .where(
      and(
        eq(commenterRules.kind, kind),
        eq(commenterRules.emailHash, sql`(SELECT ${comments.emailHash} FROM ${comments} WHERE ${comments.id} = ${commentId})`),
      ),
    )
    .returning({ id: commenterRules.id });
  return removed.length;
}

export async function deleteCommenterRule(db: Database, id: number): Promise<boolean> {
  return (await db.delete(commenterRules).where(eq(commenterRules.id, id)).returning({ id: commenterRules.id })).length > 0;
}

/** The owner's list: every blocked and trusted commenter, newest rule first. */
export function listCommenterRules(db: Database) {
  return db.select().from(commenterRules).orderBy(desc(commenterRules.id)).limit(1000);
}
