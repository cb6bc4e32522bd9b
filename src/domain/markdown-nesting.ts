/*
 * How deeply Markdown nests, counted without parsing it: what the editor's
 * validation needs, kept apart from the parser and the sanitizer (see
 * markdown.ts), which are loaded only when an article is written.
 */

/** Quotes and lists nest this deep at most: real articles never come close, and the parser recurses per level. */
export const MAX_MARKDOWN_NESTING = 32;

export const TOO_DEEP = `This Markdown nests too deeply (more than ${MAX_MARKDOWN_NESTING} levels of quotes or lists).`;

/** Markdown the renderer refuses: nested past what it can parse. */
export class MarkdownTooDeepError extends Error {
  override name = "MarkdownTooDeepError";
}

// A line's leading block markers: `>` quotes and list bullets or numbers, each one level deeper.
const LEADING_MARKERS = /^(?:\s*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)))+/;

/** How deep the source's quotes and lists nest, counted cheaply before parsing (indentation not counted). */
export function markdownNesting(source: string): number {
  let deepest = 0;
  for (const line of source.split("\n")) {
    const markers = LEADING_MARKERS.exec(line)?.[0].match(/>|[-*+]|\d+[.)]/g)?.length ?? 0;
    if (markers > deepest) deepest = markers;
  }
  return deepest;
}
