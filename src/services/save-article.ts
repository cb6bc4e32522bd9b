import type { Database } from "../db/client.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import { type ArticleKey, articleOfAnyStatus, insertArticle, revisionOf, slugsLike, updateArticle } from "../db/desk-articles.ts";
import { mediaByKey } from "../db/media-library.ts";
import type { Article } from "../db/schema.ts";
import { articleState } from "../domain/articles/article.ts";
import { type ArticleEdit, applyEdit, blankArticle, type EditableArticle, type RevisionSource } from "../domain/articles/editing.ts";
import { slugify } from "../domain/articles/slugs.ts";
import { editedTerms } from "../domain/articles/terms.ts";
import { articleReach } from "../domain/cache-tags.ts";
import { MarkdownTooDeepError } from "../domain/markdown-nesting.ts";
import { type FeaturedImage, mediaKeyOf } from "../domain/media/media-keys.ts";
import type { Effects } from "./effects.ts";

export type SaveResult =
  | { outcome: "saved"; article: Article; created: boolean }
  | { outcome: "not_found" }
  | { outcome: "slug_taken" }
  | { outcome: "guid_taken" }
  /** `featuredImage` is not an image in the media library. */
  | { outcome: "unknown_image" }
  /** The body is Markdown the renderer refuses (nested too deeply). */
  | { outcome: "invalid"; fields: Record<string, string> }
  /** Someone saved the article since the editor opened it: theirs is `article`. */
  | { outcome: "conflict"; article: Article };

/**
 * A change as the desk and the API send it: the featured image as a media URL
 * (null removes it), the section as a name (null removes it), the tags as
 * names (the list replaces them); each absent one is kept.
 */
export type ArticleChanges = Omit<ArticleEdit, "featuredImage" | "terms"> & {
  featuredImage?: string | null | undefined;
  section?: string | null | undefined;
  tags?: string[] | undefined;
};

export interface SaveOptions {
  via: Exclude<RevisionSource, "earlier">;
  now: Date;
  /** When the article was last saved as the editor saw it: saving over a newer version is a conflict. */
  expectedUpdatedAt?: Date | undefined;
}

const contentOf = (article: Article): EditableArticle => ({
  title: article.title,
  summary: article.summary,
  body: article.body,
  source: article.source,
  author: article.author,
  slug: article.slug,
  status: article.status,
  publishedAt: article.publishedAt,
  featuredImage: article.featuredImage,
  terms: article.termsJson,
});

interface Resolved {
  edit: ArticleEdit;
  /** The section and tags as sent, applied to the article's own when it is read. */
  terms: Pick<ArticleChanges, "section" | "tags">;
}

/** The featured image's media record, copied onto the article. */
async function resolveImage(db: Database, changes: ArticleChanges): Promise<Resolved | { outcome: "unknown_image" }> {
  const { featuredImage, section, tags, ...rest } = changes;
  const terms = { section, tags };
  if (featuredImage === undefined) return { edit: rest, terms };
  if (featuredImage === null) return { edit: { ...rest, featuredImage: null }, terms };
  const key = mediaKeyOf(featuredImage);
  const [record] = key ? await mediaByKey(db, key) : [];
  if (!record) return { outcome: "unknown_image" };
  const image: FeaturedImage = { key: record.key, alt: record.alt, type: record.type, bytes: record.bytes, width: record.width, height: record.height };
  return { edit: { ...rest, featuredImage: image }, terms };
}

/** The article after the change: `resolved` applied to `before` (its section and tags included). */
function edited(before: EditableArticle, resolved: Resolved, now: Date) {
  const { section, tags } = resolved.terms;
  const terms = section === undefined && tags === undefined ? {} : { terms: editedTerms(before.terms, section, tags) };
  return applyEdit(before, { ...resolved.edit, ...terms }, now);
}

/**
 * Pages, feeds and caches that showed the article (under its old slug too:
 * its tag names them all; the sections and tags it left and joined) must
 * forget it, unless it never was public; its renderings were made stale by
 * the write itself (see desk-articles.ts).
 */
async function purgeChanged(effects: Effects, articleId: number, reach: ReturnType<typeof articleReach>) {
  if (reach) await effects.purge({ kind: "article", articleId, ...reach });
}

/** An article that has just gone live is an event for the owner's webhook (a scheduled one goes live later, by its time alone). */
async function announceLive(effects: Effects, before: Article | undefined, after: Article, now: Date) {
  const live = (article: Article | undefined) => article !== undefined && articleState(article, now) === "published";
  if (live(after) && !live(before)) await effects.enqueue({ kind: "event", event: "article.published", article: { slug: after.slug, title: after.title } });
}

/**
 * An article body's HTML. The Markdown parser and the sanitizer are loaded
 * only here, when an article is written: every cold start would otherwise pay
 * for building their rules, and only writes use them.
 */
async function bodyHtmlOf(body: string): Promise<string> {
  const { renderMarkdown } = await import("../domain/markdown.ts");
  return renderMarkdown(body);
}

/** What a write can be refused for after the checks: a taken slug or guid, or Markdown too deep to render. */
function refusalFor(error: unknown): SaveResult | undefined {
  if (isUniqueViolation(error, "articles.slug")) return { outcome: "slug_taken" };
  if (isUniqueViolation(error, "articles.guid")) return { outcome: "guid_taken" };
  if (error instanceof MarkdownTooDeepError) return { outcome: "invalid", fields: { body: error.message } };
  return undefined;
}

/** A slug for a new article from its title, unique among current and former slugs (`-2`, `-3`… as needed). */
export async function suggestSlug(db: Database, title: string): Promise<string> {
  const base = slugify(title) || "article";
  const taken = await slugsLike(db, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Creates an article (its first version starts the history). A new article is a draft unless `changes.status` says otherwise. */
export async function createArticle(
  db: Database,
  effects: Effects,
  changes: ArticleChanges & { slug: string },
  guid: string | undefined,
  options: SaveOptions,
): Promise<SaveResult> {
  const resolved = await resolveImage(db, changes);
  if ("outcome" in resolved) return resolved;
  const { next, changed } = edited(blankArticle(changes.slug, options.now), resolved, options.now);
  const reach = articleReach(undefined, next, options.now);
  try {
    const article = await insertArticle(db, guid?.toLowerCase() ?? crypto.randomUUID(), {
      next: { ...next, bodyHtml: await bodyHtmlOf(next.body) },
      changed,
      via: options.via,
      now: options.now,
      reach,
    });
    await purgeChanged(effects, article.id, reach);
    await announceLive(effects, undefined, article, options.now);
    return { outcome: "saved", article, created: true };
  } catch (error) {
    const refusal = refusalFor(error);
    if (refusal) return refusal;
    throw error;
  }
}

const ATTEMPTS = 3;

/**
 * Changes the article named by `where`: the new version joins its history
 * when title, summary or body changed, an old slug keeps redirecting, and
 * caches forget what showed it. A write that crossed another is read and
 * applied again (or, for the desk, reported as a conflict).
 */
export async function editArticle(db: Database, effects: Effects, where: ArticleKey, changes: ArticleChanges, options: SaveOptions): Promise<SaveResult> {
  const resolved = await resolveImage(db, changes);
  if ("outcome" in resolved) return resolved;
  for (let attempt = 1; ; attempt++) {
    const [before] = await articleOfAnyStatus(db, where);
    if (!before) return { outcome: "not_found" };
    if (options.expectedUpdatedAt && options.expectedUpdatedAt.getTime() !== before.updatedAt.getTime()) return { outcome: "conflict", article: before };
    const current = contentOf(before);
    const { next, changed } = edited(current, resolved, options.now);
    const reach = articleReach(current, next, options.now);
    let after: Article | undefined;
    try {
      after = await updateArticle(db, before, {
        next: { ...next, bodyHtml: next.body === before.body ? before.bodyHtml : await bodyHtmlOf(next.body) },
        changed,
        via: options.via,
        now: options.now,
        reach,
      });
    } catch (error) {
      const refusal = refusalFor(error);
      if (refusal) return refusal;
      throw error;
    }
    if (after) {
      await purgeChanged(effects, after.id, reach);
      await announceLive(effects, before, after, options.now);
      return { outcome: "saved", article: after, created: false };
    }
    if (options.expectedUpdatedAt || attempt === ATTEMPTS) {
      const [current] = await articleOfAnyStatus(db, where);
      return current ? { outcome: "conflict", article: current } : { outcome: "not_found" };
    }
  }
}

/**
 * `PUT /api/admin/articles/:slug`: creates the article at `slug`, or replaces
 * the content of the one there (its guid never changes once set).
 */
export async function putArticle(
  db: Database,
  effects: Effects,
  slug: string,
  changes: Required<Omit<ArticleChanges, "slug" | "publishedAt">> & Pick<ArticleChanges, "publishedAt">,
  guid: string | undefined,
  now: Date,
): Promise<SaveResult> {
  const options = { via: "api" as const, now };
  const edited = await editArticle(db, effects, { slug }, changes, options);
  if (edited.outcome !== "not_found") return edited;
  const created = await createArticle(db, effects, { ...changes, slug }, guid, options);
  // Created by someone else between our read and our write: replace it, as if it had been there.
  return created.outcome === "slug_taken" ? editArticle(db, effects, { slug }, changes, options) : created;
}

/** Makes a version from the article's history its current title, summary and body (the restore is a new version). */
export async function restoreRevision(
  db: Database,
  effects: Effects,
  where: ArticleKey,
  revisionId: number,
  options: SaveOptions,
): Promise<SaveResult | { outcome: "revision_not_found" }> {
  const [[article], [revision]] = await db.batch([articleOfAnyStatus(db, where), revisionOf(db, where, revisionId)]);
  if (!article) return { outcome: "not_found" };
  if (!revision) return { outcome: "revision_not_found" };
  return editArticle(db, effects, { id: article.id }, { title: revision.title, summary: revision.summary, body: revision.body }, options);
}

/**
 * The article as it would be published with `changes` (on top of the stored
 * one, if any), rendered exactly as the page renders it; nothing is saved.
 */
export async function previewArticle(
  db: Database,
  before: Article | undefined,
  changes: ArticleChanges,
  now: Date,
): Promise<{ outcome: "preview"; article: EditableArticle & { bodyHtml: string } } | Extract<SaveResult, { outcome: "unknown_image" | "invalid" }>> {
  const resolved = await resolveImage(db, changes);
  if ("outcome" in resolved) return resolved;
  const { next } = edited(before ? contentOf(before) : blankArticle("", now), resolved, now);
  try {
    return { outcome: "preview", article: { ...next, bodyHtml: await bodyHtmlOf(next.body) } };
  } catch (error) {
    if (error instanceof MarkdownTooDeepError) return { outcome: "invalid", fields: { body: error.message } };
    throw error;
  }
}
