/**
 * Every public page has one URL, so the edge keeps one copy of it: any other
 * spelling (a zero-padded `?cpage=01`, an unknown parameter, parameters out of
 * order, a percent-encoded slug) is answered with a redirect to this one.
 */

const DIGITS = /^[0-9]{1,9}$/;

/**
 * The query string of an article page in canonical form: `cpage` and
 * `replyto` when they are positive whole numbers (written without leading
 * zeros), in that order; anything else dropped (a mangled link still lands on
 * the article).
 */
export function canonicalArticleQuery(query: URLSearchParams): string {
  const kept = ["cpage", "replyto"].flatMap((name) => {
    const value = query.get(name);
    return value !== null && DIGITS.test(value) && Number(value) > 0 ? [`${name}=${Number(value)}`] : [];
  });
  return kept.length > 0 ? `?${kept.join("&")}` : "";
}

/** Whether a query string is the author's private view of a held comment (never cached, so never redirected). */
export const isHeldCommentView = (query: URLSearchParams) => query.has("unapproved");

/**
 * The query string of a paged feed or list in canonical form: `page=N` when N
 * is a positive whole number (written without leading zeros), "" for the
 * page the bare URL shows (`bare`: 1 on a section's or tag's page; a feed's
 * bare URL is its current document, and `?page=1` its oldest archive page),
 * anything else dropped. Undefined when `page` is given but is no page
 * number: the route refuses that (400) rather than redirect it.
 */
export function canonicalPageQuery(query: URLSearchParams, bare: number | null): string | undefined {
  const value = query.get("page");
  if (value === null) return "";
  const page = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(page) || page < 1) return undefined;
  return page === bare ? "" : `?page=${page}`;
}
