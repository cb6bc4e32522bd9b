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
