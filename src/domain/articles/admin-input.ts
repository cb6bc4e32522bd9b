import * as z from "zod/mini";
import { maxLength, text } from "../text-fields.ts";

/** Slugs are URL path segments: lower-case letters, digits and single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const required = (max: number, missing: string) =>
  text(
    missing,
    z.refine((value: string) => value !== "", missing),
    maxLength(max),
  );

/** `PUT /api/admin/articles/:slug`: an article written by the site owner in Markdown. */
export const articleInput = z.object({
  title: required(500, "Give the article a title."),
  summary: z.pipe(
    z.optional(z.string("summary must be text.").check(maxLength(5_000))),
    z.transform((value) => value?.trim() ?? ""),
  ),
  body: required(1_000_000, "Write the article's body (Markdown)."),
  source: z.pipe(
    z.nullish(z.string("source must be text.").check(maxLength(200))),
    z.transform((value) => value?.trim() || null),
  ),
  guid: z.optional(z.uuid("guid must be a UUID.")),
  publishedAt: z.optional(z.iso.datetime({ offset: true, error: "publishedAt must be an RFC 3339 date-time." })),
});

export type ArticleInput = z.output<typeof articleInput>;

/**
 * Renders the Markdown once, at write time. The Markdown parser and the
 * sanitizer are loaded only here: every cold start would pay for building
 * their rules, and only article writes use them.
 */
export async function articleRevision(input: ArticleInput) {
  const { renderMarkdown } = await import("../markdown.ts");
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
