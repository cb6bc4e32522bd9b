import { publicComment } from "../domain/comments/public.ts";
import type { OwnerComment } from "../services/owner-comments.ts";
import type { commenterSubscriptions } from "../services/subscriptions.ts";

/** A comment as the admin API shows it: the public fields plus status, source text, email and article. */
export function ownerCommentJson({ comment, article, email }: OwnerComment) {
  return {
    ...publicComment(comment),
    status: comment.status,
    email,
    body: comment.body,
    updatedAt: comment.updatedAt.toISOString(),
    article: { slug: article.slug, title: article.title },
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
