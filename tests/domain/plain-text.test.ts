import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countLinks, plainTextFromHtml, renderPlainText } from "../../src/domain/plain-text.ts";

describe("renderPlainText", () => {
  it("makes paragraphs from blank lines and <br> from single newlines", () => {
    expect(renderPlainText("one\ntwo\n\n\nthree\r\n")).toBe("<p>one<br>\ntwo</p>\n<p>three</p>");
  });

  it("escapes markup", () => {
    expect(renderPlainText(`<img src=x onerror="alert(1)"> & 'q'`)).toBe("<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;</p>");
  });

  it("links bare URLs with a nofollow rel when asked, leaving sentence punctuation out", () => {
    expect(renderPlainText("See https://example.com/a?b=1&c=2.", { linkify: true })).toBe(
      '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>.</p>',
    );
    expect(renderPlainText("javascript:alert(1)", { linkify: true })).toBe("<p>javascript:alert(1)</p>");
  });

  it("never lets a tag through, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const html = renderPlainText(text, { linkify: true });
        const withoutOwnTags = html.replace(/<\/?p>|<br>|<a href="[^"<>]*" rel="nofollow ugc noopener">|<\/a>/g, "");
        expect(withoutOwnTags).not.toMatch(/[<>]/);
      }),
    );
  });

  it("counts links", () => {
    expect(countLinks("a http://x.test b https://y.test/z c")).toBe(2);
  });
});

describe("plainTextFromHtml (imported comments)", () => {
  it("decodes character references, and keeps as text the ones that name no character", () => {
    expect(plainTextFromHtml("caf&#233; &#x263A; &amp; &lt;b&gt;")).toBe("café ☺ & <b>");
    // An old export's mangled references must not lose the whole comment (fromCodePoint would throw).
    expect(plainTextFromHtml("a &#abc; b &#x110000; c &#xD800; d &#0;")).toBe("a &#abc; b &#x110000; c &#xD800; d &#0;");
  });
});
