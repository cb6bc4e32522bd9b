import * as z from "zod/mini";
import { articleCommentStatuses } from "../comments/discussion.ts";
import { MAX_MARKDOWN_NESTING, markdownNesting, TOO_DEEP } from "../markdown-nesting.ts";
import { fieldErrors, maxLength, text, wellFormedString } from "../text-fields.ts";
import { isSlug, SLUG_RULE, slugify } from "./slugs.ts";
import { MAX_TAGS, MAX_TERM_NAME } from "./terms.ts";

const required = (max: number, missing: string) =>
  text(
    missing,
    z.refine((value: string) => value !== "", missing),
    maxLength(max),
  );

const title = required(500, "Give the article a title.");
const body = required(1_000_000, "Write the article's body (Markdown).").check(
  z.refine((value: string) => markdownNesting(value) <= MAX_MARKDOWN_NESTING, TOO_DEEP),
);
const summary = z.pipe(
  wellFormedString("summary must be text.").check(maxLength(5_000)),
  z.transform((value) => value.trim()),
);
/** Text that may be absent: trimmed, and empty is null. */
const optionalText = (name: string, max: number) =>
  z.pipe(
    z.nullable(wellFormedString(`${name} must be text.`).check(maxLength(max))),
    z.transform((value) => value?.trim() || null),
  );
const source = optionalText("source", 200);
const author = optionalText("author", 200);
const publishedAt = z.pipe(
  z.iso.datetime({ offset: true, error: "publishedAt must be an RFC 3339 date-time." }),
  z.transform((value) => new Date(value)),
);
const status = z.enum(["draft", "published"], 'status must be "draft" or "published".');
/** A media URL (absolute or a path) from `POST /api/admin/media`; null removes it. */
const featuredImage = z.nullable(z.string("featuredImage must be a media URL from POST /api/admin/media, or null."));
const slug = z.string("slug must be text.").check(z.refine(isSlug, SLUG_RULE));
const termName = (field: string) =>
  text(
    `${field} must be a name (text).`,
    maxLength(MAX_TERM_NAME),
    z.refine((value: string) => slugify(value) !== "", `${field} needs a letter or digit (a-z, 0-9) for its URL.`),
  );
/** The section's name; null: none. */
const section = z.nullable(termName("section"));
/** The tags' names (the whole list: it replaces the article's tags). */
const tags = z.array(termName("tags"), "tags must be an array of names.").check(z.maxLength(MAX_TAGS, `Give at most ${MAX_TAGS} tags.`));

const importedArticleFields = z.object({ title, summary, source: z._default(source, null), author: z._default(author, null) });

/**
 * An incoming article's title, summary, source and byline held to the
 * editor's rules, as every import path checks them (files, WordPress,
 * wirepost exports): the failing fields, or null when they pass.
 */
export function articleFieldProblems(article: {
  title: string;
  summary: string;
  source?: string | null | undefined;
  author?: string | null | undefined;
}): Record<string, string> | null {
  const checked = importedArticleFields.safeParse({ title: article.title, summary: article.summary, source: article.source, author: article.author });
  return checked.success ? null : fieldErrors(checked.error);
}

/**
 * `PUT /api/admin/articles/:slug` (and `POST /api/admin/preview`): the whole
 * article, written in Markdown. Without `status` it is published, as before
 * drafts existed; a future `publishedAt` schedules it.
 */
export const articleInput = z.object({
  title,
  summary: z._default(summary, ""),
  body,
  source: z._default(source, null),
  author: z._default(author, null),
  featuredImage: z._default(featuredImage, null),
  /** A PUT replaces both: absent, the article has no section, no tags. */
  section: z._default(section, null),
  tags: z._default(tags, []),
  status: z._default(status, "published"),
  guid: z.optional(z.uuid("guid must be a UUID.")),
  publishedAt: z.optional(publishedAt),
});

/** `PATCH /api/admin/articles/:slug`: any of the fields, the slug included; null clears source, author, featuredImage and section. */
export const articlePatch = z.object({
  title: z.optional(title),
  slug: z.optional(slug),
  summary: z.optional(summary),
  body: z.optional(body),
  source: z.optional(source),
  author: z.optional(author),
  featuredImage: z.optional(featuredImage),
  /** Each given one is set (null removes the section; a list replaces the tags), each absent one kept. */
  section: z.optional(section),
  tags: z.optional(tags),
  status: z.optional(status),
  publishedAt: z.optional(publishedAt),
  /** Open or close the article's comments (WordPress's per-post `comment_status`). */
  commentStatus: z.optional(z.enum(articleCommentStatuses, 'commentStatus must be "open" or "closed".')),
});
