import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { el, escapeXmlText, renderXmlDocument } from "../../../src/domain/feeds/xml.ts";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, trimValues: false });

describe("the XML builder", () => {
  it("writes empty elements self-closed and escapes attributes", () => {
    expect(renderXmlDocument(el("a", { href: `x"&<y>` }))).toBe('<?xml version="1.0" encoding="utf-8"?>\n<a href="x&quot;&amp;&lt;y&gt;"/>\n');
  });

  it("drops characters XML cannot carry", () => {
    expect(escapeXmlText("a\u0000b\u0007c\uFFFFd\uD800e")).toBe("abcde");
  });

  it("round-trips any text through a real parser", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (text, attribute) => {
        const xml = renderXmlDocument(el("root", { value: attribute }, el("t", {}, text)));
        expect(XMLValidator.validate(xml)).toBe(true);
        const parsed = parser.parse(xml);
        const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/\r\n?/g, "\n");
        expect(parsed.root["@value"] ?? "").toBe(clean(attribute).replace(/\n/g, "\n"));
        expect(String(parsed.root.t ?? "")).toBe(clean(text));
      }),
    );
  });
});
