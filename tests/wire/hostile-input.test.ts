import { env } from "cloudflare:workers";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app.tsx";
import { adminFetch, type CreatedComment, fetchWorker, newComment, nextClientIp, postApprovedComment, postComment, seedArticle } from "../helpers.ts";
import { type HtmlDocument, parseDocument } from "../parse-html.ts";

afterEach(() => vi.restoreAllMocks());

const XSS = [
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

/** What the app itself writes as links: its own pages, feeds and people's websites. */
function unsafeMarkup(document: HtmlDocument): string[] {
  const problems: string[] = [];
  // The one script element allowed is the article's JSON-LD: a data block, never run, and it must stay whole JSON.
  if (document.querySelectorAll('script:not([type="application/ld+json"])').length > 0) problems.push("a <script> element");
  for (const data of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      JSON.parse(data.textContent ?? "");
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

// Names are stored without invisible and bidi control characters (they would disguise a name in feeds and labels).
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u115F\u1160\u3164\uFFA0]/gu;
const storedName = (typed: string) => typed.normalize("NFC").trim().replace(INVISIBLE, "").trim();

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  trimValues: false,
  isArray: (n) => n === "item" || n === "entry",
});

describe("hostile input in every field", () => {
  it("is shown exactly as typed, and never becomes markup, in the page, the feeds and the API", async () => {
    const { slug } = await seedArticle();
    const posted: { id: number; author: string; body: string }[] = [];
    for (const [index, text] of XSS.entries()) {
      const author = `${text}`.slice(0, 245);
      const body = `${text} #${index}`;
      const comment = await postApprovedComment(slug, newComment({ author, body, url: `https://example.com/${index}?q="><script>alert(1)</script>` }));
      posted.push({ id: comment.id, author: storedName(author), body: body.normalize("NFC").trim() });
    }
    // A website that isn't http(s) is refused, not rendered.
    for (const url of ["javascript:alert(1)", "data:text/html,x", "vbscript:x", " javascript:alert(1)"]) {
      expect((await postComment(slug, newComment({ url }))).status).toBe(422);
    }

    const page = parseDocument(await (await fetchWorker(`/articles/${slug}`)).text());
    expect(unsafeMarkup(page)).toEqual([]);
    for (const { id, author, body } of posted) {
      const item = page.querySelector(`#comment-${id}`)!;
      expect(item.querySelector(".comment-author")!.textContent).toBe(author);
      expect(item.querySelector(".comment-content")!.textContent).toBe(body);
      expect(item.querySelector(".comment-author a")!.getAttribute("href")!.startsWith("https://example.com/")).toBe(true);
    }

    for (const path of [`/articles/${slug}/feed.xml`, `/articles/${slug}/feed.atom`, "/comments/feed.xml"]) {
      const text = await (await fetchWorker(path)).text();
      expect(XMLValidator.validate(text), path).toBe(true);
      const document = xml.parse(text);
      const entries: Record<string, unknown>[] = document.rss ? document.rss.channel.item : document.feed.entry;
      for (const { id, author, body } of posted) {
        const entry = entries.find((candidate) => JSON.stringify(candidate).includes(`#comment-${id}"`));
        if (!entry) continue; // the site-wide feed holds the latest 50 only
        const name = document.rss ? entry["dc:creator"] : (entry.author as { name: string }).name;
        expect(name).toBe(author);
        const html = String(document.rss ? entry["content:encoded"] : (entry.content as { "#text": string })["#text"]);
        const content = parseDocument(`<div>${html}</div>`);
        expect(unsafeMarkup(content)).toEqual([]);
        expect(content.querySelector("div")!.textContent).toBe(body);
      }
    }

    const feed = await (await fetchWorker(`/articles/${slug}/feed.json`)).json<{
      items: { url: string; authors: { name: string }[]; content_html: string }[];
    }>();
    for (const { id, author, body } of posted) {
      const item = feed.items.find((candidate) => candidate.url.endsWith(`#comment-${id}`))!;
      expect(item.authors[0]!.name).toBe(author);
      expect(parseDocument(`<div>${item.content_html}</div>`).querySelector("div")!.textContent).toBe(body);
    }
  });

  it("in article Markdown through the admin API, renders text and safe links only", async () => {
    const slug = `hostile-${crypto.randomUUID().slice(0, 8)}`;
    const title = `</title><script>alert(1)</script> & "quotes"`;
    const body = [
      ...XSS,
      "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](data:text/html,x) ![i](javascript:x)",
      '<a href="javascript:alert(1)" onclick="x">raw</a>',
      "[ok](https://example.com/ok)",
    ].join("\n\n");
    expect((await adminFetch(`/articles/${slug}`, { method: "PUT", json: { title, summary: XSS[1], body } })).status).toBe(201);
    const response = await fetchWorker(`/articles/${slug}`);
    const page = parseDocument(await response.text());
    expect(unsafeMarkup(page)).toEqual([]);
    expect(page.querySelector("title")!.textContent).toBe(`${title} – Wirepost`);
    expect(page.querySelector("h1")!.textContent).toBe(title);
    expect(page.querySelector(".standfirst")!.textContent).toBe(XSS[1]);
    expect(page.querySelector('.article-body a[href="https://example.com/ok"]')!.textContent).toBe("ok");
    const rss = await (await fetchWorker("/feed.xml")).text();
    expect(XMLValidator.validate(rss)).toBe(true);
  });
});

describe("properties", () => {
  it("any JSON posted to the comment API gets a 2xx, or a 4xx with the error shape — never a 5xx", async () => {
    const { slug } = await seedArticle();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            { author: fc.jsonValue(), email: fc.jsonValue(), body: fc.jsonValue(), url: fc.jsonValue(), parentId: fc.jsonValue() },
            { requiredKeys: [] },
          ),
        ),
        async (payload) => {
          const response = await postComment(slug, payload);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            const body = await response.json<{ error: { code: unknown; message: unknown } }>();
            expect(typeof body.error.code).toBe("string");
            expect(typeof body.error.message).toBe("string");
          } else await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("whatever a reader types as name and comment comes back as exactly that text", async () => {
    const { slug } = await seedArticle();
    const line = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 80 })
      .filter(
        (s) =>
          !/[\u0000-\u001F\u007F-\u009F]/.test(s) &&
          !/https?:\/\//.test(s) &&
          s.trim() !== "" &&
          storedName(s) !== "" &&
          s.replace(INVISIBLE, "").trim() !== "",
      );
    await fc.assert(
      fc.asyncProperty(line, line, async (author, body) => {
        const response = await app.request(
          `/api/articles/${slug}/comments`,
          {
            method: "POST",
            headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
            body: JSON.stringify(newComment({ author, body })),
          },
          { ...env, COMMENT_MODERATION: "none" },
        );
        if (response.status === 409) return; // the generator repeated itself
        expect(response.status).toBe(201);
        const { comment } = await response.json<CreatedComment>();
        expect(parseDocument(`<div>${comment.bodyHtml}</div>`).querySelector("div")!.textContent).toBe(body.normalize("NFC").trim());
        expect(comment.author).toBe(storedName(author));
      }),
      { numRuns: 40 },
    );
  });

  it("keyset pagination returns every approved comment exactly once, in order, while comments are being added", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 6 }),
        async (initial, limit, addedPerPage) => {
          const { slug } = await seedArticle();
          const expected: number[] = [];
          for (let i = 0; i < initial; i++) expected.push((await postApprovedComment(slug)).id);
          const seen: number[] = [];
          let cursor: string | null = null;
          let page = 0;
          do {
            const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
            const result: { comments: { id: number }[]; nextCursor: string | null } = await (
              await fetchWorker(`/api/articles/${slug}/comments${query}`)
            ).json();
            seen.push(...result.comments.map((c) => c.id));
            cursor = result.nextCursor;
            for (let i = 0; i < (addedPerPage[page] ?? 0); i++) expected.push((await postApprovedComment(slug)).id);
            page += 1;
          } while (cursor);
          // Comments added after the last page was read may be missed; none is ever seen twice or out of order.
          expect(seen).toEqual(expected.slice(0, seen.length));
          expect(seen.length).toBeGreaterThanOrEqual(initial);
        },
      ),
      { numRuns: 8 },
    );
  });
});
