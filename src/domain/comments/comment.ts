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

/**
 * Comment pages (`?cpage=N`, 1 the oldest; the article's URL alone shows the
 * newest): a comment joins the newest page when it is approved, while that
 * page holds fewer than this many comments (the default of the owner's
 * `commentsPerPage` setting)…
 */
export const COMMENTS_PER_PAGE = 50;
/** The owner's `commentsPerPage` may be set from 10 to 200 (it places the comments approved from then on; fuller pages keep what they hold). */
export const MIN_COMMENTS_PER_PAGE = 10;
export const MAX_COMMENTS_PER_PAGE = 200;
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

/** A comment in a shape any source can give: WordPress, Disqus, or a wirepost export. */
export interface ImportedCommentFields {
  guid: string;
  parentGuid: string | null;
  author: string;
  email: string;
  url: string | null;
  body: string;
  status: CommentStatus;
  createdAt: Date;
}
