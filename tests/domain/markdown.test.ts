import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/domain/markdown.ts";
import { MAX_MARKDOWN_NESTING, MarkdownTooDeepError, markdownNesting } from "../../src/domain/markdown-nesting.ts";

describe("renderMarkdown", () => {
  it("renders common Markdown", () => {
    expect(renderMarkdown("Hello **world**")).toBe("<p>Hello <strong>world</strong></p>");
  });

  it.each([
    ["[x](javascript:alert(1))", "javascript:"],
    ["[x](JaVaScRiPt:alert(1))", "alert(1)</a>"],
    ["[x](java\tscript:alert(1))", "<a"],
    ["![x](data:text/html,<script>alert(1)</script>)", "<img"],
    ['<a href="javascript:alert(1)">x</a>', "<a href"],
    ["<img src=x onerror=alert(1)>", "<img"],
    ["<script>alert(1)</script>", "<script"],
  ])("neutralizes %s", (source, forbidden) => {
    expect(renderMarkdown(source)).not.toContain(forbidden);
  });

  it("keeps safe links and images", () => {
    expect(renderMarkdown('[a](https://example.com "T") ![b](/img.png)')).toBe(
      '<p><a href="https://example.com" title="T">a</a> <img src="/img.png" alt="b" loading="lazy"></p>',
    );
  });
});

describe("nesting", () => {
  it("counts quotes and list markers at the start of lines", () => {
    expect(markdownNesting("plain\n\n> quoted\n> > twice")).toBe(2);
    expect(markdownNesting("- a\n  - b\n1. > - c")).toBe(3);
  });

  it("refuses runaway nesting with its own error rather than overflowing the stack", () => {
    expect(() => renderMarkdown(`${">".repeat(20_000)} deep`)).toThrow(MarkdownTooDeepError);
    expect(() => renderMarkdown(`${"> ".repeat(MAX_MARKDOWN_NESTING)}fine`)).not.toThrow();
  });
});
