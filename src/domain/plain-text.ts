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

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", "#039": "'" };

/** The character a numeric reference names; the reference itself where it names none (`&#abc;`, `&#x110000;`, a surrogate, NUL). */
const character = (entity: string, code: number) =>
  Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : entity;

const decodeEntities = (text: string) =>
  text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (entity, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return character(entity, parseInt(name.slice(2), 16));
    if (name.startsWith("#") && name !== "#039") return character(entity, Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });

/**
 * A link as plain text: its address where the text is (a shortened form of)
 * it, as Disqus writes links ("example.com/long-pa..."), else the text and
 * the address after it, so no destination is lost (the address is linked again when shown).
 */
function linkAsText(attributes: string, inner: string): string {
  // Still HTML: the whole text is decoded once, afterwards.
  const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attributes);
  const rawUrl = (href?.[1] ?? href?.[2] ?? "").trim();
  const rawText = inner.replace(/<[^>]*>/g, "").trim();
  const url = decodeEntities(rawUrl);
  if (!/^https?:\/\//i.test(url)) return inner;
  const shown = decodeEntities(rawText)
    .replace(/(\.\.\.|…)$/, "")
    .replace(/^https?:\/\//i, "");
  return shown === "" || url.replace(/^https?:\/\//i, "").startsWith(shown) ? rawUrl : `${rawText} (${rawUrl})`;
}

/**
 * An imported comment (a little HTML, as WordPress and Disqus store them) as
 * the plain text wirepost comments are: line and paragraph breaks kept, tags
 * dropped, entities decoded. With `links`, each link's address is kept too.
 */
export function plainTextFromHtml(html: string, { links = false } = {}): string {
  const text = html
    .replace(/\r\n?/g, "\n")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p[^>]*>/gi, "\n\n");
  return decodeEntities(
    (links ? text.replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi, (_, attributes: string, inner: string) => linkAsText(attributes, inner)) : text).replace(
      /<[^>]*>/g,
      "",
    ),
  )
    .normalize("NFC")
    .trim();
}
