import { MODERATION_SCRIPT, REMEMBER_SCRIPT } from "../src/views/scripts.ts";
import type { HtmlDocument } from "./parse-html.ts";

/** Strings that try to become markup, script or something else than text wherever they are shown. */
export const XSS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  '<a href="javascript:alert(1)">click</a>',
  "javascript:alert(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "&lt;script&gt;alert(1)&lt;/script&gt; &#x3C;script&#x3E; &amp;amp;",
  "]]><script>alert(1)</script><![CDATA[",
  "</title><script>alert(1)</script>",
  "</textarea><script>alert(1)</script>",
  "<!-- --><style>body{display:none}</style>",
  "\u202Egnp.exe\u202C and \u2067isolate\u2069",
  "＜script＞fullwidth＜/script＞",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  "{{constructor.constructor('alert(1)')()}} ${alert(1)}",
  "a".repeat(3000),
];

const OWN_SCRIPTS = [REMEMBER_SCRIPT, MODERATION_SCRIPT];

/** Script elements, event handlers and script URLs in a document: none may come from what anyone typed. */
export function unsafeMarkup(document: HtmlDocument): string[] {
  const problems: string[] = [];
  // The site's own inline scripts (allowed by their CSP hashes) are the only ones a page may carry,
  // beside an article's JSON-LD: a data block, never run, which must stay whole JSON.
  for (const script of document.querySelectorAll("script")) {
    const text = script.textContent ?? "";
    if (script.getAttribute("type") !== "application/ld+json") {
      if (!OWN_SCRIPTS.includes(text)) problems.push("a <script> element");
      continue;
    }
    try {
      JSON.parse(text);
    } catch {
      problems.push("JSON-LD that isn't JSON");
    }
  }
  for (const element of document.querySelectorAll("*")) {
    for (const { name, value } of [...element.attributes]) {
      if (/^on/i.test(name)) problems.push(`${element.tagName} ${name}=`);
      if (/^(href|src|action|formaction)$/i.test(name) && /^\s*(javascript|data|vbscript):/i.test(value)) problems.push(`${name}=${value}`);
    }
  }
  return problems;
}
