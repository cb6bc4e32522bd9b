import xssModule from "xss";
import { isSafeUrl } from "./html.ts";

// The character references that can hide a URL's scheme from a naive check.
const NAMED: Record<string, string> = {
  colon: ":",
  tab: "\t",
  newline: "\n",
  sol: "/",
  lpar: "(",
  rpar: ")",
  period: ".",
  amp: "&",
  quot: '"',
  apos: "'",
  lt: "<",
  gt: ">",
};

/** An attribute value as the browser will read it: every numeric and the scheme-hiding named references decoded. */
function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (reference, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return NAMED[name.toLowerCase()] ?? reference;
  });
}

const quoteAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

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
  // URLs are checked as the browser will read them (`java&#115;cript:` is
  // javascript:), then written back exactly as checked. A forbidden scheme
  // loses the attribute altogether.
  onTagAttr(_tag: string, name: string, value: string) {
    if (name !== "href" && name !== "src" && name !== "cite") return undefined;
    const url = decodeAttribute(value);
    return isSafeUrl(url) ? `${name}="${quoteAttribute(url)}"` : "";
  },
  safeAttrValue(_tag: string, _name: string, value: string) {
    return escapeAttrValue(value);
  },
});

export function sanitizeHtml(html: string): string {
  return filter.process(html);
}
