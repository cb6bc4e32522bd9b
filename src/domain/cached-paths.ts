import { COMMENTS_PER_PAGE } from "./comments/comment.ts";
import { COMMENTS_PATH } from "./feeds/comment-feed.ts";
import { FEED_FILES } from "./feeds/feed-files.ts";
import { articlePath, threadPath } from "./site.ts";
import { threadIdOfSlug } from "./thread-ids.ts";

/** What a write changed that the public sees, so the edge cache can forget exactly that. */
export type PublicChange =
  /** An article's approved comments: its pages, its comment feeds and list, the site's comment feeds. */
  | { kind: "comments"; article: ArticleRef }
  /** The article itself: all of the above, plus the front page, the article feeds and its API reads. */
  | { kind: "article"; article: ArticleRef };

interface ArticleRef {
  slug: string;
  /** Approved comments, at least as many as any page still cached shows (it bounds the comment pages). */
  commentCount: number;
}

function articleCommentPaths({ slug, commentCount }: ArticleRef, perPage: number): string[] {
  // Top-level threads never outnumber approved comments, so this covers every comment page.
  const pages = Math.max(1, Math.ceil(commentCount / perPage));
  const threadId = threadIdOfSlug(slug);
  if (threadId !== undefined) {
    // An outside thread: its API reads (each comment page) and feeds.
    const api = `/api${threadPath(threadId)}`;
    return [
      api,
      ...Array.from({ length: pages - 1 }, (_, i) => `${api}?cpage=${i + 2}`),
      `${api}/comments`,
      ...FEED_FILES.map((file) => `${threadPath(threadId)}/${file}`),
      ...FEED_FILES.map((file) => `${COMMENTS_PATH}/${file}`),
    ];
  }
  const path = articlePath(slug);
  return [
    path,
    ...Array.from({ length: pages - 1 }, (_, i) => `${path}?cpage=${i + 2}`),
    ...FEED_FILES.map((file) => `${path}/${file}`),
    ...FEED_FILES.map((file) => `${COMMENTS_PATH}/${file}`),
    `/api/articles/${encodeURIComponent(slug)}/comments`,
  ];
}

/** The cached URLs (paths) that show what `change` changed, with `perPage` threads to a comment page. */
export function cachedPaths(change: PublicChange, perPage = COMMENTS_PER_PAGE): string[] {
  const comments = articleCommentPaths(change.article, perPage);
  if (change.kind === "comments") return comments;
  return ["/", ...FEED_FILES.map((file) => `/${file}`), "/api/articles", `/api/articles/${encodeURIComponent(change.article.slug)}`, ...comments];
}
