import type { FeaturedImage } from "../media/media-keys.ts";
import type { ArticleStatus } from "./article.ts";
import type { ArticleTerm } from "./terms.ts";

/** What an article's revision history keeps of each version. */
const revisionFields = ["title", "summary", "body"] as const;
export type RevisionField = (typeof revisionFields)[number];

/** Versions kept per article, newest first; older ones are forgotten as new ones are saved. */
export const MAX_REVISIONS = 20;

/**
 * Who saved a version. There is one owner (one admin token), so "who" is how
 * they wrote: in the desk (/admin) or through the API; "earlier" is the
 * version an article had before its history began (an imported article's first edit).
 */
export const revisionSources = ["desk", "api", "earlier"] as const;
export type RevisionSource = (typeof revisionSources)[number];

/** Everything about an article an editor can change. */
export interface EditableArticle {
  title: string;
  summary: string;
  body: string;
  source: string | null;
  author: string | null;
  slug: string;
  status: ArticleStatus;
  publishedAt: Date;
  featuredImage: FeaturedImage | null;
  /** Its section and tags. */
  terms: ArticleTerm[];
}

/** A change to an article: each field given is set (null clears), each absent one is kept. */
export type ArticleEdit = Partial<EditableArticle>;

/**
 * When the article is (or goes) live. An explicit time wins (a future one
 * schedules it). Otherwise a draft that is published goes live now, unless it
 * already holds a future time (its planned one): a draft's stored time is
 * only when it was started. Anything else keeps its time, so unpublishing and
 * republishing doesn't move an article.
 */
function nextPublishedAt(before: Pick<EditableArticle, "status" | "publishedAt">, edit: ArticleEdit, now: Date): Date {
  if (edit.publishedAt) return edit.publishedAt;
  const goesLive = before.status === "draft" && edit.status === "published";
  return goesLive && before.publishedAt.getTime() <= now.getTime() ? now : before.publishedAt;
}

/** A new article before its first edit: an empty draft started `now`. */
export const blankArticle = (slug: string, now: Date): EditableArticle => ({
  title: "",
  summary: "",
  body: "",
  source: null,
  author: null,
  slug,
  status: "draft",
  publishedAt: now,
  featuredImage: null,
  terms: [],
});

/** The article after `edit`, and which of the fields the history keeps it changed. */
export function applyEdit(before: EditableArticle, edit: ArticleEdit, now: Date): { next: EditableArticle; changed: RevisionField[] } {
  const next: EditableArticle = { ...before };
  for (const [field, value] of Object.entries(edit) as [keyof EditableArticle, never][]) {
    if (value !== undefined) next[field] = value;
  }
  next.publishedAt = nextPublishedAt(before, edit, now);
  return { next, changed: revisionFields.filter((field) => next[field] !== before[field]) };
}
