import * as z from "zod/mini";
import { articleStatuses } from "./articles/article.ts";
import { taxonomies } from "./articles/terms.ts";
import { commentStatuses } from "./comments/comment.ts";

export const EXPORT_FORMAT = "wirepost-export";

const date = z.pipe(
  z.iso.datetime(),
  z.transform((value: string) => new Date(value)),
);

/** One article in an export: everything needed to recreate it. */
const exportedArticle = z.object({
  guid: z.uuid(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  bodyHtml: z.string(),
  source: z.nullable(z.string()),
  status: z.enum(articleStatuses),
  publishedAt: date,
  updatedAt: date,
  wpPostId: z.nullable(z.number()),
  /** Absent in exports made before bylines, sections and tags existed. */
  author: z.optional(z.nullable(z.string())),
  terms: z.optional(z.array(z.object({ taxonomy: z.enum(taxonomies), slug: z.string(), name: z.string() }))),
});

/** One comment in an export; `email` only when the owner asked for emails. */
const exportedComment = z.object({
  /** Kept so `#comment-<id>` links survive a move into an empty instance. */
  id: z.optional(z.number()),
  guid: z.uuid(),
  articleGuid: z.uuid(),
  parentGuid: z.nullable(z.uuid()),
  author: z.string(),
  email: z.optional(z.string()),
  url: z.nullable(z.string()),
  body: z.string(),
  status: z.enum(commentStatuses),
  createdAt: date,
  updatedAt: date,
});

/** `GET /api/admin/export` and `npm run export`: the whole site as one JSON document. */
export const siteExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  includesEmails: z.boolean(),
  articles: z.array(exportedArticle),
  comments: z.array(exportedComment),
  /** With emails: the comments whose email could not be decrypted (they are exported without one). */
  emailsUnavailable: z.optional(z.array(z.object({ id: z.number(), guid: z.uuid() }))),
});

export type SiteExport = z.output<typeof siteExport>;
