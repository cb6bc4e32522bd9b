import type { PublicCommentRow } from "./comment.ts";

/** A comment as anyone may see it: never the email or any hash of it. */
export function publicComment(comment: PublicCommentRow) {
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth: comment.depth,
    author: comment.author,
    url: comment.url,
    bodyHtml: comment.bodyHtml,
    createdAt: comment.createdAt.toISOString(),
  };
}

export interface CommentThread {
  comment: PublicCommentRow;
  replies: CommentThread[];
}

/** Nests comments (given oldest first) under their parents; orphans become top-level. */
export function threadComments(flat: PublicCommentRow[]): CommentThread[] {
  const nodes = new Map(flat.map((comment) => [comment.id, { comment, replies: [] as CommentThread[] }]));
  const roots: CommentThread[] = [];
  for (const node of nodes.values()) {
    const parent = node.comment.parentId === null ? undefined : nodes.get(node.comment.parentId);
    (parent ? parent.replies : roots).push(node);
  }
  return roots;
}
