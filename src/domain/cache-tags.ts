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
/** Every article page: what the owner's discussion settings change (comment order, the page the bare URL shows, comments closing with age). */
export const ARTICLE_PAGES_TAG = "article-pages";
/** Every read of the embed API (answered per origin, see embedCors): what a change of the sites allowed to embed changes. */
export const EMBED_TAG = "embed";
/** The not-found answer for a media key nothing is stored under yet (what is stored never changes, so needs no tag). */
export const mediaTag = (key: string) => `media:${key}`;

/** What a write changed that the public sees. */
export type PublicChange =
  /** Approved comments of these articles appeared, changed or went: their pages and feeds, and the site's comment feeds. */
  | { kind: "comments"; articleIds: number[] }
  /** An article was published, edited, scheduled or unpublished: also the front page and every feed and list that names it. */
  | { kind: "article"; articleId: number }
  /** An article's comments were opened or closed: its pages. */
  | { kind: "article-page"; articleId: number }
  /** The discussion settings every article page follows. */
  | { kind: "discussion" }
  /** The sites allowed to embed comments. */
  | { kind: "embed" }
  /** An image was stored under `key`. */
  | { kind: "media"; key: string };

/** The tags whose responses `changes` made stale, each once. */
export function tagsOf(changes: PublicChange[]): string[] {
  const tags = new Set<string>();
  for (const change of changes) {
    switch (change.kind) {
      case "comments":
        for (const id of change.articleIds) tags.add(articleTag(id));
        tags.add(COMMENTS_TAG);
        break;
      case "article":
        tags.add(articleTag(change.articleId)).add(ARTICLES_TAG).add(COMMENTS_TAG);
        break;
      case "article-page":
        tags.add(articleTag(change.articleId));
        break;
      case "discussion":
        tags.add(ARTICLE_PAGES_TAG);
        break;
      case "embed":
        tags.add(EMBED_TAG);
        break;
      case "media":
        tags.add(mediaTag(change.key));
        break;
    }
  }
  return [...tags];
}
