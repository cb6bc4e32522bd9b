import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "../../src/domain/html-sanitizer.ts";

describe("sanitizeHtml", () => {
  it.each([
    ["<script>alert(1)</script><p>ok</p>", "<p>ok</p>"],
    ['<img src="x" onerror="alert(1)">', '<img src="x">'],
    ['<a href="javascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="data:text/html,x">x</a>', "<a>x</a>"],
    ['<p style="color:red" class="x">y</p>', "<p>y</p>"],
    ["<iframe src=https://evil.example></iframe>z", "z"],
    ["<style>body{}</style>text", "text"],
    ['<a href="https://example.com/" title="t">ok</a>', '<a href="https://example.com/" title="t">ok</a>'],
    ['<svg onload="alert(1)"><circle/></svg>', ""],
    ['<a href="javascript&colon;alert(1)">x</a>', "<a>x</a>"],
    ['<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="&#x6A;avascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="java&Tab;script:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="java&NewLine;script:alert(1)">x</a>', "<a>x</a>"],
    ['<img src="jav&#x09;ascript:alert(1)">', "<img>"],
    ['<a href="https://example.com/?a=1&amp;b=2">q</a>', '<a href="https://example.com/?a=1&amp;b=2">q</a>'],
  ])("%s → %s", (input, output) => {
    expect(sanitizeHtml(input)).toBe(output);
  });

  it("is idempotent on its own output", () => {
    const once = sanitizeHtml('<p>a <strong>b</strong> <a href="/x">c</a></p><ul><li>d</li></ul><script>e</script>');
    expect(sanitizeHtml(once)).toBe(once);
  });
});
