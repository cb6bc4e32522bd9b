import type { CommenterRule } from "../db/schema.ts";
import { publicComment } from "../domain/comments/public.ts";
import type { OwnerComment } from "../services/owner-comments.ts";
import type { commenterSubscriptions } from "../services/subscriptions.ts";

/**
 * A comment as the admin API shows it: the public fields plus status, why it
 * was held or filed (`moderation`: the rule or the model's label and score),
 * source text, email and article.
 */
export function ownerCommentJson({ comment, article, email }: OwnerComment) {
  return {
    ...publicComment(comment),
    status: comment.status,
    moderation: comment.moderation ?? null,
    email,
    body: comment.body,
    updatedAt: comment.updatedAt.toISOString(),
    article: { slug: article.slug, title: article.title, pageUrl: article.pageUrl },
  };
}

/** A privacy export: everything stored about one commenter (comments, notification subscriptions), the same from the API and from /admin. */
export function commenterExportJson(email: string, rows: OwnerComment[], subscriptions: Awaited<ReturnType<typeof commenterSubscriptions>>) {
  return {
    email,
    comments: rows.map((row) => ({ ...ownerCommentJson(row), guid: row.comment.guid, clientAddressHash: row.comment.ipHash })),
    subscriptions,
  };
}

/** A block or trust as the owner sees it: no hash, only what they need to recognise the commenter. */
export const ruleJson = (rule: CommenterRule) => ({
  id: rule.id,
  kind: rule.kind,
  author: rule.author,
  address: rule.ipHash !== null,
  commentId: rule.commentId,
  createdAt: rule.createdAt.toISOString(),
});
