/** `unpublished` articles (and their comments) are hidden from every public route. */
export const articleStatuses = ["published", "unpublished"] as const;
type ArticleStatus = (typeof articleStatuses)[number];

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
  status?: ArticleStatus | undefined;
  publishedAt: Date;
  updatedAt?: Date | undefined;
  wpPostId?: number | null | undefined;
}
