import { describe, expect, it } from "vitest";
import seedText from "../../../content/us-pakistan-security-cooperation.txt?raw";
import { slugify } from "../../../src/domain/articles/slugs.ts";
import { ArticleSourceError, parseArticleFile, parseMarkdownArticle, parseTextArticle } from "../../../src/domain/articles/source-files.ts";

describe("the collection's text format", () => {
  const article = parseTextArticle(seedText, "launch.txt");

  it("reads the title, guid, slug and date lines", () => {
    expect(article.title).toBe("Analyzing U.S.-Pakistan Security Cooperation: Observations from Recent Developments");
    expect(article.guid).toBe("3a597137-7805-49c0-896e-7ec2c42b4b05");
    expect(article.slug).toBe("us-pakistan-security-cooperation");
    expect(article.publishedAt?.toISOString()).toBe("2025-03-20T12:00:00.000Z");
  });

  it("takes the first paragraph as the summary and the rest as the body", () => {
    expect(article.summary).toMatch(/^Despite President Trump acknowledging Pakistan’s assistance/);
    expect(article.summary).toMatch(/amid economic recovery\.$/);
    expect(article.body).toMatch(/^In a recent speech, U\.S\. President Donald Trump/);
    expect(article.body).toMatch(/South Asia’s political landscape\.$/);
    expect(article.body.split("\n\n")).toHaveLength(7);
  });

  it("takes the attribution out of the body", () => {
    expect(article.source).toBe("foreignpolicy.com");
    expect(article.body).not.toContain("Original Source");
  });

  it("drops the trailing comment form", () => {
    expect(article.body).not.toContain("Leave a Reply");
    expect(article.body).not.toContain("Your email address will not be published");
  });

  it("renders the body once, as escaped paragraphs", () => {
    expect(article.bodyHtml.match(/<p>/g)).toHaveLength(7);
    expect(article.bodyHtml).toContain("<p>The apprehension of Mohammad Sharifullah");
  });

  it("reads the untouched collection file, deriving a slug and leaving the date open", () => {
    const original = seedText.replace(/^Slug:.*\n|^Published:.*\n/gm, "");
    const parsed = parseTextArticle(original, "article-000.txt");
    expect(parsed.slug).toBe("analyzing-u-s-pakistan-security-cooperation-observations-from-recent");
    expect(parsed.publishedAt).toBeNull();
    expect(parsed.body).toBe(article.body);
  });

  it("reads Author:, Section: and Tags: lines", () => {
    const text = "Title\n3a597137-7805-49c0-896e-7ec2c42b4b05\nAuthor: Jane Doe\nSection: Analysis\nTags: Pakistan, Security\n\nSummary.\n\nBody.\n";
    const parsed = parseTextArticle(text, "t.txt");
    expect(parsed.author).toBe("Jane Doe");
    expect(parsed.terms!.map((term) => `${term.taxonomy}:${term.slug}`)).toEqual(["section:analysis", "tag:pakistan", "tag:security"]);
    expect(article).not.toHaveProperty("terms");
  });

  it("refuses a file without a UUID", () => {
    expect(() => parseTextArticle("Title\n\n0\n\nSummary.\n\nBody.\n", "bad.txt")).toThrow(ArticleSourceError);
  });

  it("refuses a bad date with the file's name", () => {
    expect(() => parseTextArticle("Title\n3a597137-7805-49c0-896e-7ec2c42b4b05\nPublished: someday\n\nSummary.\n\nBody.\n", "bad.txt")).toThrow(
      /bad\.txt: "someday" is not a date/,
    );
  });
});

describe("Markdown with front matter", () => {
  const source = `---
title: "Markets & <Mayhem>"
slug: markets-and-mayhem
guid: 0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9
summary: A short summary.
source: example.com
author: "  Jane Doe "
published: 2025-04-01T09:30:00Z
---
# Heading

Some *emphasis* and a [link](https://example.com).

<script>alert(1)</script>
`;

  it("reads every front matter field", () => {
    const article = parseMarkdownArticle(source, "a.md");
    expect(article).toMatchObject({
      title: "Markets & <Mayhem>",
      slug: "markets-and-mayhem",
      guid: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      summary: "A short summary.",
      source: "example.com",
      author: "Jane Doe",
    });
    expect(article.publishedAt?.toISOString()).toBe("2025-04-01T09:30:00.000Z");
    // No byline in the file: none given, so a re-import keeps the one stored.
    expect(parseMarkdownArticle(source.replace(/^author:.*\n/m, ""), "a.md")).not.toHaveProperty("author");
  });

  it("reads the byline, the section and the tags (a list, or names separated by commas)", () => {
    const guid = crypto.randomUUID();
    const withTerms = (lines: string) => parseMarkdownArticle(`---\ntitle: T\nguid: ${guid}\n${lines}\n---\nBody`, "t.md");
    const listed = withTerms("author: Jane Doe\nsection: World News\ntags:\n  - Pakistan\n  - U.S. Policy");
    expect(listed.author).toBe("Jane Doe");
    expect(listed.terms).toEqual([
      { taxonomy: "section", slug: "world-news", name: "World News" },
      { taxonomy: "tag", slug: "pakistan", name: "Pakistan" },
      { taxonomy: "tag", slug: "u-s-policy", name: "U.S. Policy" },
    ]);
    expect(withTerms("tags: Pakistan, U.S. Policy").terms).toEqual(listed.terms!.slice(1));
    expect(withTerms("tags: []").terms).toEqual([]);
    // Naming neither: none given, so a re-import keeps the ones stored (as for the byline).
    expect(withTerms("")).not.toHaveProperty("terms");
    expect(withTerms("")).not.toHaveProperty("author");
  });

  it("refuses sections and tags it can't make a URL of, two sections, or too many tags", () => {
    const guid = crypto.randomUUID();
    const parse = (lines: string) => () => parseMarkdownArticle(`---\ntitle: T\nguid: ${guid}\n${lines}\n---\nBody`, "t.md");
    expect(parse("section: '!!!'")).toThrow(/t\.md: section "!!!" needs a letter or digit/);
    expect(parse("section: [A, B]")).toThrow(/one section/);
    expect(parse(`tags: [${Array.from({ length: 21 }, (_, i) => `t${i}`).join(", ")}]`)).toThrow(/at most 20 tags/);
    expect(parse("tags: [1, 2]")).toThrow(/tags must be names/);
  });

  it("renders Markdown, escaping raw HTML", () => {
    const { bodyHtml } = parseMarkdownArticle(source, "a.md");
    expect(bodyHtml).toContain("<h1>Heading</h1>");
    expect(bodyHtml).toContain('<a href="https://example.com">link</a>');
    expect(bodyHtml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(bodyHtml).not.toContain("<script>");
  });

  it("needs a title and a guid", () => {
    expect(() => parseMarkdownArticle("---\nguid: 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9\n---\nBody", "x.md")).toThrow(/needs a title/);
    expect(() => parseMarkdownArticle("---\ntitle: T\n---\nBody", "x.md")).toThrow(/needs a UUID/);
  });

  it("holds a file to the editor's field rules, naming the file and the field", () => {
    const long = `---\ntitle: ${"T".repeat(501)}\nguid: ${crypto.randomUUID()}\n---\nBody`;
    expect(() => parseArticleFile("long.md", long)).toThrow(ArticleSourceError);
    expect(() => parseArticleFile("long.md", long)).toThrow(/^long\.md: title: /);
    const nested = `---\ntitle: Deep\nguid: ${crypto.randomUUID()}\n---\n${">".repeat(20_000)} deep`;
    expect(() => parseArticleFile("deep.md", nested)).toThrow(/deep\.md: This Markdown nests too deeply/);
  });

  it("is chosen by file extension", () => {
    expect(parseArticleFile("story.md", source).slug).toBe("markets-and-mayhem");
    expect(parseArticleFile("story.txt", seedText).slug).toBe("us-pakistan-security-cooperation");
  });
});

describe("slugify", () => {
  it("makes URL-safe slugs from any title", () => {
    expect(slugify("Ça va? Émigrés & the U.S.")).toBe("ca-va-emigres-the-u-s");
    expect(slugify("  --  ")).toBe("");
  });
});
