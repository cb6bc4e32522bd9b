import type { ArticleTerm } from "./terms.ts";

/** `unpublished` articles (and their comments) are hidden from every public route. */
export const articleStatuses = ["published", "unpublished"] as const;
type ArticleStatus = (typeof articleStatuses)[number];

/** An article arriving from another system (a WordPress export, a wirepost export), ready to store. */
export interface IncomingArticle {
  guid: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  bodyHtml: string;
  source?: string | null | undefined;
  status?: ArticleStatus | undefined;
  publishedAt: Date;
  updatedAt?: Date | undefined;
  wpPostId?: number | null | undefined;
  author?: string | null | undefined;
  /** Its section and tags; absent: none. */
  terms?: ArticleTerm[] | undefined;
}
