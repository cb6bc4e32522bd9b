import { type Taxonomy, termPath } from "./articles/terms.ts";
import { COMMENTS_PER_PAGE } from "./comments/comment.ts";
import { COMMENTS_PATH } from "./feeds/comment-feed.ts";
import { FEED_FILES } from "./feeds/feed-files.ts";
import { articlePath } from "./site.ts";
import { SITEMAP_PATHS } from "./sitemaps.ts";

/** What a write changed that the public sees, so the edge cache can forget exactly that. */
export type PublicChange =
  /** An article's approved comments: its pages, its comment feeds and list, the site's comment feeds. */
  | { kind: "comments"; article: ArticleRef }
  /** The article itself: all of the above, plus the front page, the article feeds, the sitemaps and its API reads. */
  | { kind: "article"; article: ArticleRef }
  /** A section or tag an article joined or left, or whose article changed: the term's page and feeds. */
  | { kind: "term"; term: { taxonomy: Taxonomy; slug: string } };

interface ArticleRef {
  slug: string;
  /** Approved comments, at least as many as any page still cached shows (it bounds the comment pages). */
  commentCount: number;
}

function articleCommentPaths({ slug, commentCount }: ArticleRef): string[] {
  const path = articlePath(slug);
  // Top-level threads never outnumber approved comments, so this covers every comment page.
  const pages = Math.max(1, Math.ceil(commentCount / COMMENTS_PER_PAGE));
  return [
    path,
    ...Array.from({ length: pages - 1 }, (_, i) => `${path}?cpage=${i + 2}`),
    ...FEED_FILES.map((file) => `${path}/${file}`),
    ...FEED_FILES.map((file) => `${COMMENTS_PATH}/${file}`),
    `/api/articles/${encodeURIComponent(slug)}/comments`,
  ];
}

/** The cached URLs (paths) that show what `change` changed. */
export function cachedPaths(change: PublicChange): string[] {
  if (change.kind === "term") {
    const path = termPath(change.term);
    return [path, ...FEED_FILES.map((file) => `${path}/${file}`)];
  }
  const comments = articleCommentPaths(change.article);
  if (change.kind === "comments") return comments;
  return [
    "/",
    ...FEED_FILES.map((file) => `/${file}`),
    ...SITEMAP_PATHS,
    "/api/articles",
    `/api/articles/${encodeURIComponent(change.article.slug)}`,
    ...comments,
  ];
}
