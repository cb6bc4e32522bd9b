import { Marked, type Tokens } from "marked";
import { escapeHtml, isSafeUrl } from "./html.ts";

function titleAttribute(title: string | null | undefined): string {
  return title ? ` title="${escapeHtml(title)}"` : "";
}

/**
 * Markdown with safety built into the renderer rather than scrubbed afterwards:
 * raw HTML is shown as text, and links or images with a scheme other than
 * http(s)/mailto are reduced to their text.
 */
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      if (!isSafeUrl(href)) return text;
      return `<a href="${escapeHtml(href)}"${titleAttribute(title)}>${text}</a>`;
    },
    image({ href, title, text }: Tokens.Image) {
      if (!isSafeUrl(href)) return escapeHtml(text);
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${titleAttribute(title)} loading="lazy">`;
    },
  },
});

/** Renders article Markdown to HTML that is safe to serve as is. */
export function renderMarkdown(source: string): string {
  return (markdown.parse(source) as string).trim();
}
