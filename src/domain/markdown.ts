import { Marked, type Tokens } from "marked";
import { escapeHtml, isSafeUrl } from "./html.ts";
import { sanitizeHtml } from "./html-sanitizer.ts";

/**
 * Markdown for articles. Raw HTML in the source is shown as text (an author
 * writing `<b>` in Markdown means the characters), and the rendered output
 * goes through the same allow-list sanitizer as imported WordPress HTML.
 */
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    // A link or image to a scheme we don't allow keeps its text rather than becoming an empty shell.
    link({ href, title, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      return isSafeUrl(href) ? `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ""}>${text}</a>` : text;
    },
    image({ href, title, text }: Tokens.Image) {
      if (!isSafeUrl(href)) return escapeHtml(text);
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ""} loading="lazy">`;
    },
  },
});

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

/** Renders article Markdown to HTML that is safe to serve as is; throws MarkdownTooDeepError for runaway nesting. */
export function renderMarkdown(source: string): string {
  if (markdownNesting(source) > MAX_MARKDOWN_NESTING) throw new MarkdownTooDeepError(TOO_DEEP);
  try {
    return sanitizeHtml((markdown.parse(source) as string).trim());
  } catch (error) {
    // Inline nesting the line check can't see still ends here, not in a 500.
    if (error instanceof RangeError) throw new MarkdownTooDeepError(TOO_DEEP);
    throw error;
  }
}
