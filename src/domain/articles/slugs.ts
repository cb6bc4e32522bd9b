/** Slugs are URL path segments: lower-case letters, digits and single hyphens. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 200;
export const SLUG_RULE = "Use lower-case letters, digits and single hyphens.";

export const isSlug = (value: string) => SLUG.test(value) && value.length <= MAX_SLUG_LENGTH;

/** Slugs made from titles stop at a word boundary near here. */
const MAX_MADE_LENGTH = 80;

/** A URL-safe slug from a title, cut at a word boundary. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= MAX_MADE_LENGTH) return slug;
  const cut = slug.slice(0, MAX_MADE_LENGTH + 1);
  return cut.slice(0, cut.lastIndexOf("-") > 0 ? cut.lastIndexOf("-") : MAX_MADE_LENGTH);
}
