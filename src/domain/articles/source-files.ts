import { parse as parseYaml } from "yaml";
import { renderMarkdown } from "../markdown.ts";
import { MarkdownTooDeepError } from "../markdown-nesting.ts";
import { renderPlainText } from "../plain-text.ts";
import { describeFieldErrors } from "../text-fields.ts";
import { articleFieldProblems } from "./admin-input.ts";
import type { ArticleContent } from "./article.ts";
import { slugify } from "./slugs.ts";
import { type ArticleTerm, articleTerms, MAX_TAGS, MAX_TERM_NAME } from "./terms.ts";

/** An article as read from a source file, rendered and ready to store. */
export interface ArticleDraft extends ArticleContent {
  source: string | null;
  /** The byline; undefined when the file names none (a stored one is then kept). */
  author?: string | undefined;
  /** Null when the file carries no date: a new article then gets the import time. */
  publishedAt: Date | null;
  /** Its section and tags; undefined when the file names neither (stored ones are then kept). */
  terms?: ArticleTerm[] | undefined;
}

export class ArticleSourceError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ATTRIBUTION = /^Original Source:\s*(\S.*)$/i;
const METADATA = /^(Slug|Published|Author|Section|Tags):\s*(\S.*)$/i;
// The WordPress page the text was taken from ends with its comment form.
const COMMENT_FORM_HEADING = /^\s*Leave a Reply\s*$/m;

function parseDate(value: unknown, file: string): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    throw new ArticleSourceError(`${file}: "${String(value)}" is not a date (use e.g. 2025-03-20T12:00:00Z)`);
  }
  return date;
}

function requireGuid(value: unknown, file: string): string {
  const guid = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (!UUID.test(guid)) {
    throw new ArticleSourceError(`${file}: needs a UUID as its permanent feed id (for example ${crypto.randomUUID()})`);
  }
  return guid;
}

/**
 * The section and tags a file gives (tags as a list, or names separated by
 * commas), held to the admin API's rules; undefined when it names neither.
 */
function termsOf(fields: { section?: unknown; tags?: unknown }, file: string): Pick<ArticleDraft, "terms"> {
  if (fields.section === undefined && fields.tags === undefined) return {};
  const names = (value: unknown, what: string): string[] => {
    const list = value == null ? [] : Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [value];
    return list.map((name) => {
      if (typeof name !== "string") throw new ArticleSourceError(`${file}: ${what} must be names (text)`);
      if (name.trim().length > MAX_TERM_NAME || !slugify(name)) {
        throw new ArticleSourceError(`${file}: ${what} "${name.trim()}" needs a letter or digit (a-z, 0-9) and at most ${MAX_TERM_NAME} characters`);
      }
      return name.trim();
    });
  };
  const [section, ...extra] = names(fields.section, "section");
  if (extra.length > 0) throw new ArticleSourceError(`${file}: an article has one section`);
  const tags = names(fields.tags, "tags");
  if (tags.length > MAX_TAGS) throw new ArticleSourceError(`${file}: at most ${MAX_TAGS} tags`);
  return {
    terms: articleTerms(
      section === undefined ? null : { name: section },
      tags.map((name) => ({ name })),
    ),
  };
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

/**
 * The collection's plain-text format: title; its number in the collection; its
 * UUID; optional `Slug:`, `Published:`, `Author:`, `Section:` and `Tags:`
 * lines; the summary paragraph; the body paragraphs; `Original Source:
 * <domain>`; then the page's "Leave a Reply" form.
 */
export function parseTextArticle(text: string, file = "article"): ArticleDraft {
  const withoutForm = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split(COMMENT_FORM_HEADING)[0]!;
  const lines = withoutForm.split("\n");
  const titleIndex = lines.findIndex((line) => line.trim() !== "");
  if (titleIndex < 0) throw new ArticleSourceError(`${file}: is empty`);
  const title = lines[titleIndex]!.trim();

  let guid: string | undefined;
  const meta: Record<string, string> = {};
  let cursor = titleIndex + 1;
  for (; cursor < lines.length; cursor++) {
    const line = lines[cursor]!.trim();
    const metadata = METADATA.exec(line);
    if (line === "" || /^\d+$/.test(line)) continue;
    if (UUID.test(line)) guid = line;
    else if (metadata) meta[metadata[1]!.toLowerCase()] = metadata[2]!.trim();
    else break;
  }

  let source: string | null = null;
  const content = paragraphs(lines.slice(cursor).join("\n")).filter((paragraph) => {
    const attribution = ATTRIBUTION.exec(paragraph);
    if (attribution) source = attribution[1]!.trim();
    return !attribution;
  });
  const [summary, ...bodyParagraphs] = content;
  if (!summary || bodyParagraphs.length === 0) {
    throw new ArticleSourceError(`${file}: needs a summary paragraph and at least one body paragraph`);
  }
  const body = bodyParagraphs.join("\n\n");
  return {
    guid: requireGuid(guid, file),
    slug: meta.slug ?? slugify(title),
    title,
    summary,
    body,
    bodyHtml: renderPlainText(body),
    source,
    ...(meta.author ? { author: meta.author } : {}),
    publishedAt: meta.published ? parseDate(meta.published, file) : null,
    ...termsOf(meta, file),
  };
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/;

function renderFileMarkdown(body: string, file: string): string {
  try {
    return renderMarkdown(body);
  } catch (error) {
    if (error instanceof MarkdownTooDeepError) throw new ArticleSourceError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Markdown with YAML front matter: title, slug, guid, summary, source, author, published, section, tags. */
export function parseMarkdownArticle(text: string, file = "article.md"): ArticleDraft {
  const match = FRONT_MATTER.exec(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"));
  if (!match) throw new ArticleSourceError(`${file}: must start with a --- front matter block`);
  const meta: unknown = parseYaml(match[1]!);
  if (typeof meta !== "object" || meta === null) {
    throw new ArticleSourceError(`${file}: front matter must be key: value pairs`);
  }
  const fields = meta as Record<string, unknown>;
  const title = typeof fields.title === "string" ? fields.title.trim() : "";
  if (!title) throw new ArticleSourceError(`${file}: front matter needs a title`);
  const body = match[2]!.trim();
  if (!body) throw new ArticleSourceError(`${file}: has no body`);
  return {
    guid: requireGuid(fields.guid, file),
    slug: typeof fields.slug === "string" && fields.slug.trim() ? fields.slug.trim() : slugify(title),
    title,
    summary: typeof fields.summary === "string" ? fields.summary.trim() : "",
    body,
    bodyHtml: renderFileMarkdown(body, file),
    source: typeof fields.source === "string" && fields.source.trim() ? fields.source.trim() : null,
    ...(typeof fields.author === "string" && fields.author.trim() ? { author: fields.author.trim() } : {}),
    publishedAt: fields.published == null ? null : parseDate(fields.published, file),
    ...termsOf(fields, file),
  };
}

/**
 * Picks the parser by file name (`.md`/`.markdown` are Markdown, anything
 * else the text format), then holds the article to the editor's field rules.
 */
export function parseArticleFile(name: string, text: string): ArticleDraft {
  const draft = /\.(md|markdown)$/i.test(name) ? parseMarkdownArticle(text, name) : parseTextArticle(text, name);
  const problems = articleFieldProblems(draft);
  if (problems) throw new ArticleSourceError(`${name}: ${describeFieldErrors(problems)}`);
  return draft;
}
