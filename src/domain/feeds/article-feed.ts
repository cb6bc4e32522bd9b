import { type ArticleTerm, TAXONOMY_LABEL, termPath } from "../articles/terms.ts";
import { type FeaturedImage, mediaPath } from "../media/media-keys.ts";
import { absoluteUrl, articlePath, commentFeedBase, type Site } from "../site.ts";
import { documentDate, type Feed, type FeedWindow } from "./feed.ts";
import { feedUrlsUnder } from "./feed-files.ts";

/** What an article feed shows of an article. */
export interface FeedArticle {
  guid: string;
  slug: string;
  title: string;
  summary: string;
  bodyHtml: string;
  author: string | null;
  featuredImage: FeaturedImage | null;
  commentCount: number;
  publishedAt: Date;
  updatedAt: Date;
}

/**
 * Article HTML with its root-relative links and images (pasted media, links
 * to other articles) made absolute: feed readers show it away from the site.
 */
function withAbsoluteUrls(html: string, site: Site): string {
  return html.replace(/<(?:a|img)\s[^>]*>/gi, (tag) => tag.replace(/\s(href|src)="\/(?!\/)/gi, (_, name: string) => ` ${name}="${site.baseUrl}/`));
}

/** The site's article feeds: at the root. */
export const siteFeedUrls = (site: Site) => feedUrlsUnder(site.baseUrl);

/** An article's comment feeds: under its page's URL (an outside thread's: under `/threads/<id>`). */
export const articleCommentFeedUrls = (site: Site, slug: string) => feedUrlsUnder(commentFeedBase(site, slug));

/**
 * The site's article feed, or a section's or tag's (`term`). `lastChange`:
 * when any article last changed, unpublishing included, so the feed's date
 * never goes back. Items carry their comments as WordPress's feeds do; the
 * count only in the current document, since archive pages never change.
 */
export function articleFeed(site: Site, articles: FeedArticle[], lastChange: Date, window: FeedWindow, term?: ArticleTerm): Feed {
  const home = term ? termPath(term) : "";
  return {
    title: term ? `${term.name} – ${site.title}` : site.title,
    description: term ? `${TAXONOMY_LABEL[term.taxonomy]} “${term.name}” on ${site.title}` : site.description,
    language: site.language,
    homePageUrl: absoluteUrl(site, home || "/"),
    urls: feedUrlsUnder(absoluteUrl(site, home)),
    updated: documentDate(window, lastChange, articles),
    ...window,
    items: articles.map((article) => {
      const url = absoluteUrl(site, articlePath(article.slug));
      return {
        id: article.guid,
        url,
        title: article.title,
        summary: article.summary || undefined,
        contentHtml: withAbsoluteUrls(article.bodyHtml, site),
        authorName: article.author,
        image: article.featuredImage ? { ...article.featuredImage, url: absoluteUrl(site, mediaPath(article.featuredImage.key)) } : undefined,
        published: article.publishedAt,
        updated: article.updatedAt,
        replies: { url: `${url}#respond`, feeds: feedUrlsUnder(url), count: window.page === null ? article.commentCount : undefined },
      };
    }),
  };
}
