/** A comment's life: readers see only `approved`; `spam` and `trash` are kept for the moderator. */
export const commentStatuses = ["pending", "approved", "spam", "trash"] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/**
 * How deep replies nest by default (WordPress's), and the cap for imported
 * threads; the owner's `threadDepth` setting decides for new replies. A reply
 * to the deepest level attaches beside its parent.
 */
export const MAX_THREAD_DEPTH = 5;

/** No setting nests replies deeper than this. */
export const THREAD_DEPTH_LIMIT = 10;

/** WordPress's limits on a comment's fields, in characters (the form and the widget say so too). */
export const LIMITS = { author: 245, email: 100, url: 200, body: 65_525 } as const;

/** Top-level threads per article page (`?cpage=`). */
export const COMMENTS_PER_PAGE = 50;

/** What public pages, feeds and the public API may show of a comment: never its email or any hash. */
export interface PublicCommentRow {
  id: number;
  parentId: number | null;
  depth: number;
  author: string;
  url: string | null;
  bodyHtml: string;
  createdAt: Date;
}
