import { type ArticleTerm, sectionAndTags } from "./articles/terms.ts";
import type { PublicCommentRow } from "./comments/comment.ts";
import { textOfRenderedHtml } from "./html.ts";
import { type FeaturedImage, mediaPath } from "./media/media-keys.ts";
import { absoluteUrl, articlePath, commentPath, type Site } from "./site.ts";

interface LinkedArticle {
  slug: string;
  title: string;
  summary: string;
  author: string | null;
  source: string | null;
  termsJson: ArticleTerm[];
  featuredImage: FeaturedImage | null;
  commentCount: number;
  publishedAt: Date;
  updatedAt: Date;
}

/** The original source an article names: a URL, a bare domain ("foreignpolicy.com") as its home page, or else just a name. */
function basedOn(source: string | null) {
  if (!source) return undefined;
  if (/^https?:\/\//i.test(source)) return source;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(source) ? `https://${source}/` : { "@type": "CreativeWork", name: source };
}

/**
 * schema.org `NewsArticle` for an article page (JSON-LD), with the comments
 * of the comment page its URL alone shows (the newest, unless the owner's
 * `defaultCommentsPage` says the oldest), each linked to its own page.
 */
export function newsArticleJsonLd(site: Site, article: LinkedArticle, comments: PublicCommentRow[]) {
  const url = absoluteUrl(site, articlePath(article.slug));
  const publisher = { "@type": "Organization", name: site.title, url: absoluteUrl(site, "/") };
  const { section, tags } = sectionAndTags(article.termsJson);
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description: article.summary || undefined,
    url,
    mainEntityOfPage: url,
    image: article.featuredImage ? absoluteUrl(site, mediaPath(article.featuredImage.key)) : undefined,
    inLanguage: site.language,
    datePublished: article.publishedAt.toISOString(),
    dateModified: article.updatedAt.toISOString(),
    author: article.author ? { "@type": "Person", name: article.author } : publisher,
    publisher,
    articleSection: section?.name,
    keywords: tags.length > 0 ? tags.map((tag) => tag.name) : undefined,
    isBasedOn: basedOn(article.source),
    commentCount: article.commentCount,
    comment: comments.map((comment) => ({
      "@type": "Comment",
      url: absoluteUrl(site, commentPath(article.slug, comment)),
      author: { "@type": "Person", name: comment.author },
      dateCreated: comment.createdAt.toISOString(),
      text: textOfRenderedHtml(comment.bodyHtml),
    })),
  };
}

/**
 * JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&`
 * written as `\u` escapes, so no text (a title with `</script>`) can end the
 * element, and U+2028/U+2029 too, for older JavaScript parsers. JSON readers
 * see the same strings.
 */
export const jsonForScript = (value: unknown) =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
