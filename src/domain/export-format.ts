import * as z from "zod/mini";
import { articleKinds, articleStatuses } from "./articles/article.ts";
import { isSlug } from "./articles/slugs.ts";
import { MAX_TERM_NAME, taxonomies } from "./articles/terms.ts";
import { commentStatuses } from "./comments/comment.ts";
import { imageTypes } from "./media/media-keys.ts";

export const EXPORT_FORMAT = "wirepost-export";

const date = z.pipe(
  z.iso.datetime(),
  z.transform((value: string) => new Date(value)),
);

/** An image of the media library (its bytes are in R2 under `key`, not in the export). */
const exportedMedia = z.object({
  key: z.string(),
  alt: z.string(),
  type: z.enum(imageTypes),
  bytes: z.number(),
  width: z.number(),
  height: z.number(),
});

/** One article in an export: everything needed to recreate it. Fields added since the format began are optional, so older exports still import. */
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
  author: z.optional(z.nullable(z.string())),
  featuredImage: z.optional(z.nullable(exportedMedia)),
  /** Its old slugs, which redirect to it. */
  formerSlugs: z.optional(z.array(z.string())),
  /** Its section and tags; absent in exports made before sections and tags existed. */
  terms: z.optional(
    z.array(
      z.object({
        taxonomy: z.enum(taxonomies),
        slug: z.string().check(z.refine(isSlug)),
        name: z.string().check(z.minLength(1), z.maxLength(MAX_TERM_NAME)),
      }),
    ),
  ),
  /** An outside page's thread (its slug `thread:<id>`), with that page's address; absent in older exports: an article. */
  kind: z.optional(z.enum(articleKinds)),
  pageUrl: z.optional(z.nullable(z.string())),
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
  /** The media library's records (the images themselves are in R2). */
  media: z.optional(z.array(z.extend(exportedMedia, { createdAt: date }))),
});

export type SiteExport = z.output<typeof siteExport>;
