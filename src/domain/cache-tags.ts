import { type ArticleStatus, articleState } from "./articles/article.ts";
import { type ArticleTerm, type Taxonomy, termsOfBoth } from "./articles/terms.ts";

/**
 * Cache tags: every public response names what it shows, so a write can
 * invalidate exactly what it changed, in one call whatever the number of URLs
 * (every comment page of an article, its feeds, its API reads…). The same
 * tags key the version counters that invalidate rendered responses kept in D1.
 * Tags are printable ASCII, as Cloudflare requires.
 */

/** The front page, `/api/articles`, the sitemaps, and 404s for articles not (or no longer) published. */
export const ARTICLES_TAG = "articles";
/**
 * What any comment activity changes beyond the article's own tag: the
 * site-wide comment feeds, and the current article feeds (the site's and
 * each section's and tag's), whose items carry their comment counts. Every
 * article change bumps and purges it too.
 */
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
/** A section's or tag's page, its feeds, and its 404 before it exists. Slugs are made by slugify: lower-case ASCII. */
export const termTag = (term: { taxonomy: Taxonomy; slug: string }) => `${TERM_TAG_PREFIX}${term.taxonomy}:${term.slug}`;
export const TERM_TAG_PREFIX = "term:";
/**
 * Every feed's complete archive pages (`?page=N`, RFC 5005): immutable to
 * browsers and kept long at the edge, so only what can change a page already
 * written purges them: an already public article edited, moved or taken down
 * (or one published with an earlier date, which shifts the pages after it),
 * and comments moderated (approved late, held, spammed, trashed, deleted,
 * erased). A comment approved as posted only adds to the current documents.
 */
export const ARCHIVES_TAG = "archives";

/** A section or tag, by what names it in URLs and tags. */
type TermRef = { taxonomy: Taxonomy; slug: string };

/** What an article's write changes beyond the article itself: the sections and tags it left and joined, and whether the feeds' archive pages. */
export interface ArticleReach {
  terms: TermRef[];
  archives: boolean;
}

type ArticleAsWritten = { status: ArticleStatus; publishedAt: Date; terms: ArticleTerm[] };

/**
 * What writing an article (`before` it, undefined for a new one) reaches, if
 * it was or becomes public (published, or scheduled: the lists' lifetimes
 * follow its time); undefined for a draft that stays one. Archive pages
 * change when an article already live changes (edited, moved, taken down) or
 * one goes live dated before now (it takes its place among older ones).
 */
export function articleReach(before: ArticleAsWritten | undefined, after: ArticleAsWritten, now: Date): ArticleReach | undefined {
  if (before?.status !== "published" && after.status !== "published") return undefined;
  const live = (article: ArticleAsWritten | undefined) => article !== undefined && articleState(article, now) === "published";
  return {
    terms: termsOfBoth(before?.terms ?? [], after.terms).map(({ taxonomy, slug }) => ({ taxonomy, slug })),
    archives: live(before) || (live(after) && after.publishedAt.getTime() < now.getTime()),
  };
}

/** The tags an article's write makes stale beside the article's own: every list and feed that names it, its sections' and tags', maybe the archives. */
export function listTags(reach: ArticleReach): string[] {
  return [ARTICLES_TAG, COMMENTS_TAG, ...reach.terms.map(termTag), ...(reach.archives ? [ARCHIVES_TAG] : [])];
}

/** What a write changed that the public sees. */
export type PublicChange =
  /**
   * Approved comments of these articles appeared, changed or went: their
   * pages and feeds, the site's comment feeds, the article feeds' counts;
   * unless `onlyAdded` (comments approved as posted, the newest of all), the
   * feeds' archive pages too.
   */
  | { kind: "comments"; articleIds: number[]; onlyAdded?: boolean }
  /**
   * An article was published, edited, scheduled or unpublished: also the
   * front page, every feed and list that names it, the sections and tags it
   * left and joined (`terms`), and the feeds' archive pages if `archives`.
   */
  | ({ kind: "article"; articleId: number } & ArticleReach)
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
        if (!change.onlyAdded) tags.add(ARCHIVES_TAG);
        break;
      case "article":
        for (const tag of [articleTag(change.articleId), ...listTags(change)]) tags.add(tag);
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
