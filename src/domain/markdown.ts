import { Marked, type Tokens } from "marked";
import { escapeHtml, isSafeUrl } from "./html.ts";
import { sanitizeHtml } from "./html-sanitizer.ts";
import { MAX_MARKDOWN_NESTING, MarkdownTooDeepError, markdownNesting, TOO_DEEP } from "./markdown-nesting.ts";

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
