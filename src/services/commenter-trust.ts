import type { Database } from "../db/client.ts";
import { addCommenterRule, deleteCommenterRule, listCommenterRules, removeCommenterRule } from "../db/commenter-rules.ts";
import type { CommenterRule } from "../db/schema.ts";
import type { CommenterRuleKind } from "../domain/comments/discussion.ts";

/**
 * Blocks (their next comments go to spam) or trusts (they skip moderation)
 * the commenter who wrote comment `commentId`, by the keyed hash of their
 * email and, for a block `withAddress`, of their client address. Undefined
 * when there is no such comment.
 */
export function ruleFromComment(db: Database, commentId: number, kind: CommenterRuleKind, withAddress: boolean, now: Date): Promise<CommenterRule | undefined> {
  return addCommenterRule(db, commentId, kind, withAddress, now);
}

/** Undoes a block or trust made from any of the commenter's comments; how many rules went (0 or 1). */
export const liftRuleFromComment = (db: Database, commentId: number, kind: CommenterRuleKind) => removeCommenterRule(db, commentId, kind);

/** The owner's list of blocked and trusted commenters, and its unblock button. */
export const commenterRules = (db: Database) => listCommenterRules(db);
export const liftRule = (db: Database, id: number) => deleteCommenterRule(db, id);
