import { escapeHtml, USER_LINK_REL } from "./html.ts";

// Bare http(s) URLs up to whitespace or an angle bracket; trailing punctuation
// that usually ends a sentence is trimmed off afterwards.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

function linkify(escapedLine: string, rawLine: string): string {
  // Work on the raw text so an escaped "&amp;" never ends up inside an href twice.
  let html = "";
  let last = 0;
  for (const match of rawLine.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, "");
    const start = match.index;
    html += escapeHtml(rawLine.slice(last, start));
    html += `<a href="${escapeHtml(url)}" rel="${USER_LINK_REL}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return last === 0 ? escapedLine : html + escapeHtml(rawLine.slice(last));
}

export interface PlainTextOptions {
  /** Turn bare http(s) URLs into nofollow links (reader-written text). */
  linkify?: boolean;
}

/**
 * Renders plain text as HTML: everything escaped, blank lines separate
 * paragraphs, single newlines become `<br>`.
 */
export function renderPlainText(text: string, options: PlainTextOptions = {}): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => {
      const lines = paragraph.split("\n").map((line) => {
        const escaped = escapeHtml(line);
        return options.linkify ? linkify(escaped, line) : escaped;
      });
      return `<p>${lines.join("<br>\n")}</p>`;
    })
    .join("\n");
}

/** Counts http(s) links in reader-written text (the moderation rule counts them). */
export function countLinks(text: string): number {
  return [...text.matchAll(URL_PATTERN)].length;
}
