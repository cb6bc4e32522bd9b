import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { adminFetch, fetchWorker } from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => ["item", "entry"].includes(name) });

interface PublishedArticle {
  slug: string;
  author: string | null;
  section: { slug: string; name: string } | null;
  tags: { slug: string; name: string }[];
}

const unique = () => crypto.randomUUID().slice(0, 8);

async function publish(slug: string, fields: Record<string, unknown>) {
  const response = await adminFetch(`/articles/${slug}`, { method: "PUT", json: { title: `Story ${slug}`, body: "Body.", ...fields } });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json<{ article: PublishedArticle }>()).article;
}

const itemTitles = async (path: string) => {
  const text = await (await fetchWorker(path)).text();
  expect(XMLValidator.validate(text)).toBe(true);
  const document = parser.parse(text);
  return ((document.rss ? document.rss.channel.item : document.feed.entry) ?? []).map((entry: { title: string }) => entry.title);
};

describe("sections and tags through the admin API", () => {
  it("are set by name, answered with their slugs, and shown on the article page with its byline", async () => {
    const tag = `Pakistan ${unique()}`;
    const article = await publish(`terms-${unique()}`, { section: "World News", tags: [tag, "Security", "security"], author: "Jane Doe" });
    expect(article.author).toBe("Jane Doe");
    expect(article.section).toEqual({ slug: "world-news", name: "World News" });
    expect(article.tags.map((t) => t.name).sort()).toEqual([tag, "Security"].sort());

    const page = parseDocument(await (await fetchWorker(`/articles/${article.slug}`)).text());
    expect(page.querySelector("header .meta")!.textContent).toContain("By Jane Doe");
    expect(page.querySelector('header .meta a[href="/sections/world-news"]')!.textContent).toBe("World News");
    const tagLinks = [...page.querySelectorAll('a[rel="tag"]')].map((link) => link.getAttribute("href"));
    expect(tagLinks.sort()).toEqual(article.tags.map((t) => `/tags/${t.slug}`).sort());
  });

  it("are replaced by the next PUT, and the pages and feeds they left forget the article at once", async () => {
    const slug = `moving-${unique()}`;
    const from = `From ${unique()}`;
    await publish(slug, { section: from, tags: ["Moving"] });
    const fromPath = `/sections/${from.toLowerCase().replace(" ", "-")}`;
    expect(await (await fetchWorker(fromPath)).text()).toContain(`/articles/${slug}`);
    expect(await itemTitles(`${fromPath}/feed.xml`)).toContain(`Story ${slug}`);

    const moved = await publish(slug, { section: "Elsewhere" });
    expect(moved.tags).toEqual([]);
    expect(await (await fetchWorker(fromPath)).text()).not.toContain(`/articles/${slug}`);
    expect(await itemTitles(`${fromPath}/feed.xml`)).not.toContain(`Story ${slug}`);
    expect(await (await fetchWorker("/sections/elsewhere")).text()).toContain(`/articles/${slug}`);
  });

  it("are changed one at a time by PATCH: a section alone keeps the tags, null removes it, a list replaces the tags", async () => {
    const slug = `patched-${unique()}`;
    await publish(slug, { section: "World", tags: ["Pakistan", "Security"] });
    const patch = async (json: Record<string, unknown>) => {
      const response = await adminFetch(`/articles/${slug}`, { method: "PATCH", json });
      expect(response.status).toBe(200);
      return (await response.json<{ article: PublishedArticle }>()).article;
    };
    const sectioned = await patch({ section: "Analysis" });
    expect(sectioned.section).toEqual({ slug: "analysis", name: "Analysis" });
    expect(sectioned.tags.map((tag) => tag.slug).sort()).toEqual(["pakistan", "security"]);
    expect(await (await fetchWorker("/sections/world")).text()).not.toContain(`/articles/${slug}`);
    expect(await (await fetchWorker("/sections/analysis")).text()).toContain(`/articles/${slug}`);
    const retagged = await patch({ section: null, tags: ["Elections"] });
    expect(retagged).toMatchObject({ section: null, tags: [{ slug: "elections", name: "Elections" }] });
    expect(await (await fetchWorker("/tags/security")).text()).not.toContain(`/articles/${slug}`);
    expect((await patch({ title: "Renamed" })).tags).toEqual([{ slug: "elections", name: "Elections" }]);
  });

  it("refuse names without a letter or digit, more than 20 tags, and tags that aren't a list (422)", async () => {
    for (const [json, field] of [
      [{ section: "!!!" }, "section"],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "tags"],
      [{ tags: "one, two" }, "tags"],
      [{ tags: ["ok", "日本"] }, "tags"],
      [{ author: 42 }, "author"],
    ] as const) {
      const response = await adminFetch(`/articles/bad-${unique()}`, { method: "PUT", json: { title: "T", body: "B", ...json } });
      expect(response.status, JSON.stringify(json)).toBe(422);
      expect((await response.json<{ error: { fields: Record<string, string> } }>()).error.fields).toHaveProperty(field);
    }
  });
});

describe("section and tag pages and feeds", () => {
  const tag = `paged-${unique()}`;

  it("list the term's articles newest first, 20 a page, with rel=prev/next and feed autodiscovery", async () => {
    for (let day = 1; day <= 21; day++) {
      await publish(`${tag}-${day}`, { tags: [tag], publishedAt: `2024-02-${String(day).padStart(2, "0")}T12:00:00Z` });
    }
    const first = parseDocument(await (await fetchWorker(`/tags/${tag}`)).text());
    expect(first.querySelector("h1")!.textContent).toBe(tag);
    expect(first.querySelectorAll(".article-list li")).toHaveLength(20);
    expect(first.querySelector(".article-list a")!.getAttribute("href")).toBe(`/articles/${tag}-21`);
    expect(first.querySelector('link[rel="next"]')!.getAttribute("href")).toBe(`/tags/${tag}?page=2`);
    expect([...first.querySelectorAll('link[rel="alternate"]')].map((link) => link.getAttribute("href"))).toEqual(
      ["feed.xml", "feed.atom", "feed.json"].map((file) => `http://wirepost.test/tags/${tag}/${file}`),
    );

    const second = parseDocument(await (await fetchWorker(`/tags/${tag}?page=2`)).text());
    expect([...second.querySelectorAll(".article-list a")].map((link) => link.getAttribute("href"))).toEqual([`/articles/${tag}-1`]);
    expect(second.querySelector('link[rel="prev"]')!.getAttribute("href")).toBe(`/tags/${tag}`);
    expect(second.querySelector('link[rel="canonical"]')!.getAttribute("href")).toBe(`http://wirepost.test/tags/${tag}?page=2`);
    expect((await fetchWorker(`/tags/${tag}?page=3`)).status).toBe(404);
    expect((await fetchWorker(`/tags/${tag}?page=zero`)).status).toBe(400);
  });

  it("have one URL per page: `?page=1` is the bare page, other spellings are sent to theirs (301)", async () => {
    for (const [asked, canonical] of [
      [`/tags/${tag}?page=1`, `/tags/${tag}`],
      [`/tags/${tag}?page=002`, `/tags/${tag}?page=2`],
      [`/tags/${tag}?ref=x&page=2`, `/tags/${tag}?page=2`],
    ]) {
      const response = await fetchWorker(asked!, { redirect: "manual" });
      expect(response.status, asked).toBe(301);
      expect(response.headers.get("Location"), asked).toBe(canonical);
    }
  });

  it("have RSS, Atom and JSON feeds of their own, titled with the term", async () => {
    expect((await itemTitles(`/tags/${tag}/feed.atom`)).slice(0, 2)).toEqual([`Story ${tag}-21`, `Story ${tag}-20`]);
    const json = await (await fetchWorker(`/tags/${tag}/feed.json`)).json<{ title: string; feed_url: string; home_page_url: string; items: unknown[] }>();
    expect(json).toMatchObject({
      title: `${tag} – Wirepost`,
      feed_url: `http://wirepost.test/tags/${tag}/feed.json`,
      home_page_url: `http://wirepost.test/tags/${tag}`,
    });
    expect(json.items).toHaveLength(20);
    // 21 articles: one complete archive page.
    expect(await itemTitles(`/tags/${tag}/feed.xml?page=1`)).toHaveLength(20);
  });

  it("answer 404 for a section or tag nobody used", async () => {
    for (const path of ["/sections/never-used", "/tags/never-used", "/sections/never-used/feed.xml", "/tags/never-used/feed.json"]) {
      expect((await fetchWorker(path)).status, path).toBe(404);
    }
  });
});

describe("WordPress's category and tag URLs", () => {
  it.each([
    ["/category/news/", "/sections/news"],
    ["/category/news", "/sections/news"],
    ["/category/news/feed/", "/sections/news/feed.xml"],
    ["/tag/caf%C3%A9-culture/", "/tags/cafe-culture"],
    ["/tag/security/feed/", "/tags/security/feed.xml"],
  ])("%s answers 301 to %s", async (from, to) => {
    const response = await fetchWorker(from, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(new URL(response.headers.get("Location")!, "http://wirepost.test").pathname).toBe(to);
  });
});
