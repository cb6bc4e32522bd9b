import { z } from "zod";
import { renderMarkdown } from "../markdown.ts";

/** Slugs are URL path segments: lower-case letters, digits and single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (max: number, missing: string) =>
  z
    .string(missing)
    .transform((value) => value.replace(/\r\n?/g, "\n").normalize("NFC").trim())
    .refine((value) => value !== "", missing)
    .refine((value) => value.length <= max, `Keep this under ${max.toLocaleString("en")} characters.`);

/** `PUT /api/admin/articles/:slug`: an article written by the site owner in Markdown. */
export const articleInput = z.object({
  title: text(500, "Give the article a title."),
  summary: z
    .string("summary must be text.")
    .max(5_000, "Keep the summary under 5,000 characters.")
    .optional()
    .transform((value) => value?.trim() ?? ""),
  body: text(1_000_000, "Write the article's body (Markdown)."),
  source: z
    .string("source must be text.")
    .max(200, "Keep the source under 200 characters.")
    .nullish()
    .transform((value) => value?.trim() || null),
  guid: z.uuid("guid must be a UUID.").optional(),
  publishedAt: z.iso.datetime({ offset: true, message: "publishedAt must be an RFC 3339 date-time." }).optional(),
});

export type ArticleInput = z.output<typeof articleInput>;

/** Renders the Markdown once, at write time. */
export function articleRevision(input: ArticleInput) {
  return {
    title: input.title,
    summary: input.summary,
    body: input.body,
    bodyHtml: renderMarkdown(input.body),
    source: input.source,
    guid: input.guid?.toLowerCase() ?? crypto.randomUUID(),
    publishedAt: input.publishedAt ? new Date(input.publishedAt) : undefined,
  };
}
