/** A comment's life: readers see only `approved`; `spam` and `trash` are kept for the moderator. */
export const commentStatuses = ["pending", "approved", "spam", "trash"] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/** How deep replies nest (WordPress's default); a reply to the deepest level attaches beside its parent. */
export const MAX_THREAD_DEPTH = 5;

/**
 * Comment pages (`?cpage=N`, 1 the oldest; the article's URL alone shows the
 * newest): a comment joins the newest page when it is approved, while that
 * page holds fewer than this many comments…
 */
export const COMMENTS_PER_PAGE = 50;
/** …and fewer than this many characters of comment HTML, so no page grows past a few hundred KB whatever is written. */
export const COMMENT_PAGE_CHARACTERS = 150_000;

/** What public pages, feeds and the public API may show of a comment: never its email or any hash. */
export interface PublicCommentRow {
  id: number;
  parentId: number | null;
  depth: number;
  /** The comment page showing it (null until approved). */
  page: number | null;
  author: string;
  url: string | null;
  bodyHtml: string;
  createdAt: Date;
}
