import type { FeaturedImage } from "../media/media-keys.ts";
import type { ArticleTerm } from "./terms.ts";

/**
 * `published` articles are public from their `publishedAt` on (a future one is
 * scheduled); `draft` ones are being written; `unpublished` ones were taken
 * down. Only published articles past their time, and their comments, are public.
 */
export const articleStatuses = ["published", "unpublished", "draft"] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

/**
 * What a row of `articles` is: one of our `article`s, or an `outside` page's
 * thread (a page on an allowed site that embeds comments). An outside
 * thread shares every comment rule with articles, but is no article: it is
 * in no page, list, article feed or sitemap of ours.
 */
export const articleKinds = ["article", "outside"] as const;

/** What the desk and the admin API call an article's situation: its status, with "scheduled" told apart. */
export const articleStates = ["published", "scheduled", "draft", "unpublished"] as const;
export type ArticleState = (typeof articleStates)[number];

export function articleState(article: { status: ArticleStatus; publishedAt: Date }, now: Date): ArticleState {
  if (article.status !== "published") return article.status;
  return article.publishedAt.getTime() > now.getTime() ? "scheduled" : "published";
}

/** What every way of writing an article gives: its identity and text, rendered once. */
export interface ArticleContent {
  /** Permanent feed id (a UUID). */
  guid: string;
  slug: string;
  title: string;
  summary: string;
  /** The source text as written (plain text, Markdown or WordPress HTML). */
  body: string;
  bodyHtml: string;
}

/** An article arriving from another system (a WordPress export, a wirepost export), ready to store. */
export interface IncomingArticle extends ArticleContent {
  source?: string | null | undefined;
  author?: string | null | undefined;
  featuredImage?: FeaturedImage | null | undefined;
  status?: ArticleStatus | undefined;
  publishedAt: Date;
  updatedAt?: Date | undefined;
  wpPostId?: number | null | undefined;
  /** Its section and tags; absent: none. */
  terms?: ArticleTerm[] | undefined;
  kind?: (typeof articleKinds)[number] | undefined;
  pageUrl?: string | null | undefined;
}
