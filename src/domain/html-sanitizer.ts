import xssModule from "xss";
import { isSafeUrl } from "./html.ts";

// xss is CommonJS: its default export is the module, whatever the typings say.
const { FilterXSS, escapeAttrValue } = xssModule as unknown as typeof import("xss");

const BLOCK = ["p", "br", "hr", "blockquote", "pre", "code", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption"];
const INLINE = ["strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "span", "abbr", "cite", "q", "del", "ins"];
const TABLE = ["table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"];

/**
 * An allow-list HTML sanitizer for article bodies (Markdown output and
 * imported WordPress HTML alike): known-harmless tags only, no event handlers
 * or styles, links and images only to http(s)/mailto or relative URLs;
 * `<script>` and `<style>` are dropped with their content.
 */
const filter = new FilterXSS({
  whiteList: {
    ...Object.fromEntries([...BLOCK, ...INLINE, ...TABLE].map((tag) => [tag, []])),
    a: ["href", "title"],
    img: ["src", "alt", "title", "width", "height", "loading"],
    h1: [],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan", "scope"],
    blockquote: ["cite"],
  },
  stripIgnoreTag: true,
  stripIgnoreTagBody: ["script", "style", "noscript", "template"],
  allowCommentTag: false,
  // A link to a forbidden scheme loses the attribute altogether, not just its value.
  onTagAttr(_tag: string, name: string, value: string) {
    if ((name === "href" || name === "src" || name === "cite") && !isSafeUrl(value)) return "";
    return undefined;
  },
  safeAttrValue(_tag: string, _name: string, value: string) {
    return escapeAttrValue(value);
  },
});

export function sanitizeHtml(html: string): string {
  return filter.process(html);
}
