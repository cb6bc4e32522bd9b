import { slugify } from "./slugs.ts";

/** WordPress's two taxonomies as wirepost names them: an article's one section (category) and its tags. */
export const taxonomies = ["section", "tag"] as const;
export type Taxonomy = (typeof taxonomies)[number];

/** A section or tag, as an article carries it. */
export interface ArticleTerm {
  taxonomy: Taxonomy;
  slug: string;
  name: string;
}

export const MAX_TAGS = 20;
/** Articles per section or tag page. */
export const TERM_PAGE_SIZE = 20;
export const MAX_TERM_NAME = 100;

export const TAXONOMY_LABEL: Record<Taxonomy, string> = { section: "Section", tag: "Tag" };

/** Where each taxonomy's pages and feeds live. */
export const TERM_BASE: Record<Taxonomy, string> = { section: "/sections", tag: "/tags" };

export const termPath = (term: { taxonomy: Taxonomy; slug: string }) => `${TERM_BASE[term.taxonomy]}/${encodeURIComponent(term.slug)}`;

/**
 * An article's terms from a section name and tag names (WordPress nicenames
 * as slugs where given): slugged, without repeats or names no slug can be made
 * of (no letter or digit), the section first.
 */
export function articleTerms(
  section: { name: string; slug?: string } | null | undefined,
  tags: readonly { name: string; slug?: string }[] = [],
): ArticleTerm[] {
  const named = [...(section ? [{ taxonomy: "section" as const, ...section }] : []), ...tags.map((tag) => ({ taxonomy: "tag" as const, ...tag }))];
  const terms = new Map<string, ArticleTerm>();
  for (const { taxonomy, name, slug } of named) {
    const term = { taxonomy, name: name.trim(), slug: slugify(slug ?? "") || slugify(name) };
    if (term.slug && term.name && !terms.has(`${taxonomy}:${term.slug}`)) terms.set(`${taxonomy}:${term.slug}`, term);
  }
  return [...terms.values()];
}

/** An article's section (if any) and tags, from its terms. */
export function sectionAndTags(terms: ArticleTerm[]) {
  return { section: terms.find((term) => term.taxonomy === "section"), tags: terms.filter((term) => term.taxonomy === "tag") };
}

/**
 * An article's terms after an edit: the section (a name; null removes it) and
 * the tags (names, replacing them all) where given, its current ones where not.
 */
export function editedTerms(current: ArticleTerm[], section: string | null | undefined, tags: readonly string[] | undefined): ArticleTerm[] {
  const kept = sectionAndTags(current);
  return articleTerms(
    section === undefined ? kept.section : section === null ? null : { name: section },
    tags === undefined ? kept.tags : tags.map((name) => ({ name })),
  );
}

const termKey = (term: { taxonomy: Taxonomy; slug: string }) => `${term.taxonomy}:${term.slug}`;

/** Whether two lists name the same sections and tags (by slug: a term keeps the name it was first written with). */
export function sameTerms(a: readonly ArticleTerm[], b: readonly ArticleTerm[]): boolean {
  const keys = new Set(a.map(termKey));
  return a.length === b.length && b.every((term) => keys.has(termKey(term)));
}

/** Every term of both lists, each once: what an article left and joined (and stayed in). */
export function termsOfBoth(a: readonly ArticleTerm[], b: readonly ArticleTerm[]): ArticleTerm[] {
  const all = new Map<string, ArticleTerm>();
  for (const term of [...a, ...b]) all.set(termKey(term), term);
  return [...all.values()];
}
