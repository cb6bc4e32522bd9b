import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch, fetchWorker, newComment, postApprovedComment, postComment, seedArticle } from "../helpers.ts";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "link"].includes(name),
});

async function xml(path: string) {
  const response = await fetchWorker(path);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text);
}

let slug: string;
let first: Awaited<ReturnType<typeof postApprovedComment>>;
let second: Awaited<ReturnType<typeof postApprovedComment>>;
const pendingBody = `Pending ${crypto.randomUUID()}`;

beforeAll(async () => {
  slug = (await seedArticle()).slug;
  first = await postApprovedComment(slug, newComment({ author: "Ana & <Bo>", body: "First <comment> & more" }));
  second = await postApprovedComment(slug, newComment({ author: "Chen", parentId: first.id }));
  await postComment(slug, newComment({ body: pendingBody }));
});

describe("per-article comment feeds", () => {
  it("RSS lists approved comments newest first, linking to each comment, author in dc:creator", async () => {
    const { rss } = await xml(`/articles/${slug}/feed.xml`);
    const items = rss.channel.item;
    expect(items.map((item: { link: string[] }) => item.link[0])).toEqual([
      `http://wirepost.test/articles/${slug}?cpage=1#comment-${second.id}`,
      `http://wirepost.test/articles/${slug}?cpage=1#comment-${first.id}`,
    ]);
    expect(items[1]["dc:creator"]).toBe("Ana & <Bo>");
    expect(items[1].author).toBeUndefined();
    expect(items[1]["content:encoded"]).toBe("<p>First &lt;comment&gt; &amp; more</p>");
    expect(items[1].guid["@isPermaLink"]).toBe("false");
    expect(rss.channel["atom:link"]).toContainEqual(expect.objectContaining({ "@rel": "self", "@href": `http://wirepost.test/articles/${slug}/feed.xml` }));
  });

  it("Atom has one entry per approved comment with its author's name", async () => {
    const { feed } = await xml(`/articles/${slug}/feed.atom`);
    expect(feed.entry).toHaveLength(2);
    expect(feed.entry[1].author.name).toBe("Ana & <Bo>");
    expect(feed.entry[1].id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(feed.entry[1].link[0]["@href"]).toBe(`http://wirepost.test/articles/${slug}?cpage=1#comment-${first.id}`);
  });

  it("JSON Feed carries the same, never a pending comment", async () => {
    const response = await fetchWorker(`/articles/${slug}/feed.json`);
    const text = await response.text();
    expect(text).not.toContain(pendingBody);
    const feed = JSON.parse(text) as { items: { url: string; authors: { name: string }[] }[] };
    expect(feed.items.map((item) => item.url)).toEqual([
      `http://wirepost.test/articles/${slug}?cpage=1#comment-${second.id}`,
      `http://wirepost.test/articles/${slug}?cpage=1#comment-${first.id}`,
    ]);
    expect(feed.items[0]!.authors).toEqual([{ name: "Chen" }]);
  });

  it("answers 304 to a matching If-None-Match and 404 for an unknown article", async () => {
    const etag = (await fetchWorker(`/articles/${slug}/feed.atom`)).headers.get("ETag")!;
    expect((await fetchWorker(`/articles/${slug}/feed.atom`, { headers: { "If-None-Match": etag } })).status).toBe(304);
    expect((await fetchWorker("/articles/unknown/feed.xml")).status).toBe(404);
  });

  it("changes its validators when a comment is approved", async () => {
    const before = await fetchWorker(`/articles/${slug}/feed.json`);
    await postApprovedComment(slug);
    const after = await fetchWorker(`/articles/${slug}/feed.json`, { headers: { "If-None-Match": before.headers.get("ETag")! } });
    expect(after.status).toBe(200);
  });
});

describe("site-wide comment feeds", () => {
  it.each(["/comments/feed.xml", "/comments/feed.atom"])("%s is valid and lists recent comments", async (path) => {
    const document = await xml(path);
    const entries = document.rss ? document.rss.channel.item : document.feed.entry;
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.length).toBeLessThanOrEqual(50);
  });

  it("/comments/feed.json links every comment to its article", async () => {
    const response = await fetchWorker("/comments/feed.json");
    expect(response.headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
    const feed = await response.json<{ feed_url: string; items: { url: string }[] }>();
    expect(feed.feed_url).toBe("http://wirepost.test/comments/feed.json");
    expect(feed.items.map((item) => item.url)).toContain(`http://wirepost.test/articles/${slug}?cpage=1#comment-${first.id}`);
  });
});

describe("Last-Modified never goes back", () => {
  it("when the newest comment is taken out of the feed", async () => {
    const { slug: article } = await seedArticle();
    await postApprovedComment(article);
    const newest = await postApprovedComment(article);
    const before = Date.parse((await fetchWorker(`/articles/${article}/feed.xml`)).headers.get("Last-Modified")!);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // HTTP dates have whole seconds
    expect((await adminFetch(`/comments/${newest.id}`, { method: "PATCH", json: { status: "trash" } })).status).toBe(200);
    const response = await fetchWorker(`/articles/${article}/feed.xml`, { headers: { "If-Modified-Since": new Date(before).toUTCString() } });
    expect(response.status).toBe(200);
    expect(Date.parse(response.headers.get("Last-Modified")!)).toBeGreaterThan(before);
    const site = await fetchWorker("/comments/feed.xml", { headers: { "If-Modified-Since": new Date(before).toUTCString() } });
    expect(site.status).toBe(200);
  });

  it("when the newest article is unpublished", async () => {
    const newSlug = `newest-${crypto.randomUUID().slice(0, 8)}`;
    await adminFetch(`/articles/${newSlug}`, { method: "PUT", json: { title: "Newest", body: "Body", publishedAt: "2030-01-01T00:00:00Z" } });
    const before = (await fetchWorker("/feed.xml")).headers.get("Last-Modified")!;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await adminFetch(`/articles/${newSlug}`, { method: "DELETE" });
    const response = await fetchWorker("/feed.xml", { headers: { "If-Modified-Since": before } });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain(newSlug);
  });
});
