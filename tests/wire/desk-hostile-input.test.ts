import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { normalizeText } from "../../src/domain/text-fields.ts";
import { adminFormPost, fetchWorker, signInToAdmin } from "../helpers.ts";
import { IMAGES, imageFile } from "../images.ts";
import { type HtmlDocument, parseDocument, textareaValue } from "../parse-html.ts";
import { unsafeMarkup, XSS } from "../xss.ts";

let cookie: string;
beforeAll(async () => {
  cookie = await signInToAdmin();
});

const post = (path: string, fields: Record<string, string | File>) => adminFormPost(path, fields, { Cookie: cookie });
const open = async (path: string) => parseDocument(await (await fetchWorker(path, { headers: { Cookie: cookie } })).text());
const csrfOf = (document: HtmlDocument) => document.querySelector('input[name="csrf"]')!.getAttribute("value")!;
const exactly = (text: string) => normalizeText(text);

/** Each corpus string in every field the editor has (cut to the field's limit), as an editor would type them. */
function fieldsFor(text: string, index: number) {
  return {
    title: `${text.slice(0, 480)} #${index}`,
    summary: `${text} summary`,
    body: `${text}\n\n[link](${text}) ![image](${text})`,
    author: text.slice(0, 200),
    source: text.slice(0, 200),
  };
}

describe("the corpus of hostile strings through the desk's editor", () => {
  it.each(XSS.map((text, index) => [index, text] as const))(
    "#%i is shown as typed, never as markup: editor, preview, list, page, feeds",
    async (index, text) => {
      const csrf = csrfOf(await open("/admin/articles/new"));
      const fields = fieldsFor(text, index);

      // The preview, and the editor holding the text exactly.
      const preview = await post("/admin/articles", { csrf, ...fields, publishedAt: "", featuredImage: "", action: "preview" });
      expect(preview.status).toBe(200);
      const editor = parseDocument(await preview.text());
      expect(unsafeMarkup(editor)).toEqual([]);
      expect(editor.querySelector("#article-title")!.getAttribute("value")).toBe(exactly(fields.title));
      expect(textareaValue(editor.querySelector("#article-body")!)).toBe(exactly(fields.body));
      expect(editor.querySelector("#article-author")!.getAttribute("value")).toBe(exactly(fields.author));
      expect(editor.querySelector(".preview h1")!.textContent).toBe(exactly(fields.title));
      expect(editor.querySelector(".preview .standfirst")!.textContent).toBe(exactly(fields.summary));

      // A slug or a time made of it is refused, and shown back as text.
      const refused = await post("/admin/articles", { csrf, ...fields, slug: text.slice(0, 200), publishedAt: text.slice(0, 40), action: "publish" });
      expect(refused.status).toBe(422);
      const refusedPage = parseDocument(await refused.text());
      expect(unsafeMarkup(refusedPage)).toEqual([]);
      expect(refusedPage.querySelector("#article-slug")!.getAttribute("value")).toBe(text.slice(0, 200));

      // Published: the list, the page and the feeds.
      const saved = await post("/admin/articles", { csrf, ...fields, publishedAt: "", featuredImage: "", action: "publish" });
      expect(saved.status).toBe(303);
      const id = /\/admin\/articles\/(\d+)/.exec(saved.headers.get("Location")!)![1];
      const edit = await open(`/admin/articles/${id}`);
      expect(unsafeMarkup(edit)).toEqual([]);
      expect(edit.querySelector(".revisions pre")!.textContent).toBe(exactly(fields.body));
      const slug = edit.querySelector("#article-slug")!.getAttribute("value")!;
      const list = await open(`/admin/articles?q=${encodeURIComponent(`#${index}`)}`);
      expect(unsafeMarkup(list)).toEqual([]);
      expect([...list.querySelectorAll(".article-table tbody th")].map((th) => th.textContent)).toContain(exactly(fields.title));

      const page = parseDocument(await (await fetchWorker(`/articles/${slug}`)).text());
      expect(unsafeMarkup(page)).toEqual([]);
      expect(page.querySelector("article h1")!.textContent).toBe(exactly(fields.title));
      expect(page.querySelector(".byline")?.textContent ?? "").toBe(exactly(fields.author));
      expect(page.querySelector('meta[property="og:title"]')!.getAttribute("content")).toBe(exactly(fields.title));
      if (exactly(fields.source)) expect(page.querySelector(".attribution")!.textContent).toBe(`Original Source: ${exactly(fields.source)}`);

      const rss = await (await fetchWorker(`/feed.xml?after=${slug}`)).text();
      expect(XMLValidator.validate(rss)).toBe(true);
      const items: { title: string; "dc:creator"?: string; "content:encoded": string }[] = new XMLParser({
        parseTagValue: false,
        trimValues: false,
        isArray: (n) => n === "item",
      }).parse(rss).rss.channel.item;
      const item = items.find((candidate) => candidate.title === exactly(fields.title).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, ""))!;
      expect(item["dc:creator"] ?? "").toBe(exactly(fields.author));
      expect(unsafeMarkup(parseDocument(`<div>${item["content:encoded"]}</div>`))).toEqual([]);
      const json = await (await fetchWorker(`/feed.json?after=${slug}`)).json<{ items: { title: string; content_html: string }[] }>();
      expect(json.items.map((entry) => entry.title)).toContain(exactly(fields.title));
    },
  );

  it("as an image's alt text: kept exactly, in the library, the Markdown to paste and the page", async () => {
    const csrf = csrfOf(await open("/admin/articles/new"));
    for (const [index, text] of XSS.slice(0, 15).entries()) {
      const alt = text.slice(0, 1000);
      const uploaded = await post("/admin/articles", {
        csrf,
        title: `Alt ${index}`,
        body: "x",
        file: imageFile(IMAGES.gif, "a.gif"),
        alt,
        setFeatured: "1",
        action: "upload",
      });
      expect(uploaded.status).toBe(200);
      const editor = parseDocument(await uploaded.text());
      expect(unsafeMarkup(editor)).toEqual([]);
      const chosen = editor.querySelector('input[name="featuredImage"][checked]')!.closest("label")!;
      expect(chosen.textContent!.trim()).toBe(exactly(alt));
      const markdown = editor.querySelector("#uploaded-markdown")!.getAttribute("value")!;
      const saved = await post("/admin/articles", {
        csrf,
        title: `Alt ${index} ${crypto.randomUUID().slice(0, 6)}`,
        body: `Before.\n\n${markdown}`,
        featuredImage: editor.querySelector('input[name="featuredImage"][checked]')!.getAttribute("value")!,
        action: "publish",
      });
      const id = /\/admin\/articles\/(\d+)/.exec(saved.headers.get("Location")!)![1];
      const slug = (await open(`/admin/articles/${id}`)).querySelector("#article-slug")!.getAttribute("value")!;
      const page = parseDocument(await (await fetchWorker(`/articles/${slug}`)).text());
      expect(unsafeMarkup(page)).toEqual([]);
      expect(page.querySelector(".featured-image img")!.getAttribute("alt")).toBe(exactly(alt));
      expect(page.querySelector(".article-body img")!.getAttribute("alt")).toBe(exactly(alt));
    }
  });
});
