/**
 * Cache tags: every public response names what it shows, so a write can
 * invalidate exactly what it changed, in one call whatever the number of URLs
 * (every comment page of an article, its feeds, its API reads…). The same
 * tags key the version counters that invalidate rendered responses kept in D1.
 * Tags are printable ASCII, as Cloudflare requires.
 */

/** The front page, the article feeds, the article list API, and 404s for articles not (or no longer) published. */
export const ARTICLES_TAG = "articles";
/** The site-wide comment feeds. */
export const COMMENTS_TAG = "comments";
/** One article: its page at every `?cpage`, its comment feeds, its API reads. */
export const articleTag = (articleId: number) => `${ARTICLE_TAG_PREFIX}${articleId}`;
export const ARTICLE_TAG_PREFIX = "article:";

/** What a write changed that the public sees. */
export type PublicChange =
  /** Approved comments of these articles appeared, changed or went: their pages and feeds, and the site's comment feeds. */
  | { kind: "comments"; articleIds: number[] }
  /** An article was published, edited or unpublished: also the front page and every feed and list that names it. */
  | { kind: "article"; articleId: number };

/** The tags whose responses `changes` made stale, each once. */
export function tagsOf(changes: PublicChange[]): string[] {
  const tags = new Set<string>();
  for (const change of changes) {
    if (change.kind === "comments") for (const id of change.articleIds) tags.add(articleTag(id));
    else tags.add(articleTag(change.articleId)).add(ARTICLES_TAG);
    tags.add(COMMENTS_TAG);
  }
  return [...tags];
}
