import * as z from "zod/mini";
import { MAX_MARKDOWN_NESTING, markdownNesting, renderMarkdown, TOO_DEEP } from "../markdown.ts";
import { fieldErrors, maxLength, text, wellFormedString } from "../text-fields.ts";
import { slugify } from "./slugify.ts";
import { articleTerms, MAX_TAGS, MAX_TERM_NAME } from "./terms.ts";

/** Slugs are URL path segments: lower-case letters, digits and single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const required = (max: number, missing: string) =>
  text(
    missing,
    z.refine((value: string) => value !== "", missing),
    maxLength(max),
  );

const title = required(500, "Give the article a title.");
const summary = z.pipe(
  z.optional(wellFormedString("summary must be text.").check(maxLength(5_000))),
  z.transform((value) => value?.trim() ?? ""),
);
const source = z.pipe(
  z.nullish(wellFormedString("source must be text.").check(maxLength(200))),
  z.transform((value) => value?.trim() || null),
);
const author = z.pipe(
  z.nullish(wellFormedString("author must be text.").check(maxLength(200))),
  z.transform((value) => value?.trim() || null),
);

const importedArticleFields = z.object({ title, summary, source, author });

/**
 * An incoming article's title, summary, source and byline held to the editor's rules,
 * as every import path checks them (files, WordPress, wirepost exports): the
 * failing fields, or null when they pass.
 */
export function articleFieldProblems(article: {
  title: string;
  summary: string;
  source?: string | null | undefined;
  author?: string | null | undefined;
}): Record<string, string> | null {
  const checked = importedArticleFields.safeParse({
    title: article.title,
    summary: article.summary,
    source: article.source ?? null,
    author: article.author ?? null,
  });
  return checked.success ? null : fieldErrors(checked.error);
}

const termName = (field: string) =>
  text(
    `${field} must be a name (text).`,
    maxLength(MAX_TERM_NAME),
    z.refine((value: string) => slugify(value) !== "", `${field} needs a letter or digit (a-z, 0-9) for its URL.`),
  );

/** `PUT /api/admin/articles/:slug`: an article written by the site owner in Markdown. */
export const articleInput = z.object({
  title,
  summary,
  body: required(1_000_000, "Write the article's body (Markdown).").check(
    z.refine((value: string) => markdownNesting(value) <= MAX_MARKDOWN_NESTING, TOO_DEEP),
  ),
  source,
  guid: z.optional(z.uuid("guid must be a UUID.")),
  publishedAt: z.optional(z.iso.datetime({ offset: true, error: "publishedAt must be an RFC 3339 date-time." })),
  /** The byline; absent or null: none. */
  author,
  /** The section's name (absent or null: none) and the tags' names; a PUT replaces both. */
  section: z.nullish(termName("section")),
  tags: z.optional(z.array(termName("tags"), "tags must be an array of names.").check(z.maxLength(MAX_TAGS, `Give at most ${MAX_TAGS} tags.`))),
});

export type ArticleInput = z.output<typeof articleInput>;

/** Renders the Markdown once, at write time (throws MarkdownTooDeepError for nesting the parser can't take). */
export function articleRevision(input: ArticleInput) {
  return {
    title: input.title,
    summary: input.summary,
    body: input.body,
    bodyHtml: renderMarkdown(input.body),
    source: input.source,
    guid: input.guid?.toLowerCase() ?? crypto.randomUUID(),
    publishedAt: input.publishedAt ? new Date(input.publishedAt) : undefined,
    author: input.author,
    terms: articleTerms(
      input.section ? { name: input.section } : null,
      (input.tags ?? []).map((name) => ({ name })),
    ),
  };
}
