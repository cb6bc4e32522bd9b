import { eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { settleImport } from "../../src/db/imports.ts";
import { articles, comments } from "../../src/db/schema.ts";
import { tagsOf } from "../../src/domain/cache-tags.ts";
import { purgeLocally } from "../../src/http/edge-cache.ts";
import { db, draftArticle, fetchWorker, ORIGIN, seedArticle } from "../helpers.ts";

// Paged and archived feeds (RFC 5005): 50 comments and 20 articles per document.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "link", "atom:link"].includes(name),
});

async function xml(path: string) {
  const response = await fetchWorker(path);
  expect(response.status, path).toBe(200);
  const text = await response.text();
  expect(XMLValidator.validate(text)).toBe(true);
  return { response, text, document: parser.parse(text) };
}

type Link = { "@rel": string; "@href": string };
const linkTo = (links: Link[], rel: string) => links.filter((link) => link["@rel"] === rel).map((link) => link["@href"]);

/** Approved comments written straight to D1 (the API would take a request each), then placed on pages and counted, as an import does. */
async function addApprovedComments(slug: string, count: number, from: number) {
  const [article] = await db().select({ id: articles.id }).from(articles).where(eq(articles.slug, slug));
  await db().batch(
    Array.from({ length: count }, (_, i) =>
      db()
        .insert(comments)
        .values({
          guid: crypto.randomUUID(),
          articleId: article!.id,
          author: `Reader ${from + i}`,
          emailEncrypted: "",
          emailHash: `none:${crypto.randomUUID()}`,
          body: `Comment ${from + i}`,
          bodyHtml: `<p>Comment ${from + i}</p>`,
          bodyHash: crypto.randomUUID(),
          status: "approved",
          createdAt: new Date(Date.UTC(2025, 5, 1) + (from + i) * 60_000),
          updatedAt: new Date(Date.UTC(2025, 5, 1) + (from + i) * 60_000),
        }),
    ) as [never],
  );
  await settleImport(db());
  // Written past the Worker, so nothing purged its cached copies.
  await purgeLocally(tagsOf([{ kind: "comments", articleIds: [article!.id] }]));
}

const base = ORIGIN;
let slug: string;
const articleSlugs: string[] = [];

beforeAll(async () => {
  slug = (await seedArticle()).slug;
  await addApprovedComments(slug, 120, 1);
  // 45 articles: two complete pages of 20, the newest five only in the current document.
  for (let i = 0; i < 44; i++) articleSlugs.push((await seedArticle(draftArticle({ publishedAt: new Date(Date.UTC(2024, 0, 1 + i)) }))).slug);
  articleSlugs.unshift(slug);
});

describe("an article's comment feed, 120 comments", () => {
  it("links the current document to the newest complete archive page", async () => {
    const { document } = await xml(`/articles/${slug}/feed.xml`);
    const links: Link[] = document.rss.channel["atom:link"];
    expect(linkTo(links, "next")).toEqual([`${base}/articles/${slug}/feed.xml?page=2`]);
    expect(linkTo(links, "prev-archive")).toEqual([`${base}/articles/${slug}/feed.xml?page=2`]);
    expect(linkTo(links, "hub")).toEqual([`${base}/websub`]);
    expect(document.rss.channel["fh:archive"]).toBeUndefined();
    expect(document.rss.channel.item).toHaveLength(50);
  });

  it("serves archive pages counted from the oldest, marked as archives, linking back, cached for good", async () => {
    const { response, document } = await xml(`/articles/${slug}/feed.atom?page=2`);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable, s-maxage=604800");
    expect(response.headers.get("Link")).toBeNull();
    const feed = document.feed;
    expect(feed["fh:archive"]).toBe("");
    expect(linkTo(feed.link, "self")).toEqual([`${base}/articles/${slug}/feed.atom?page=2`]);
    expect(linkTo(feed.link, "current")).toEqual([`${base}/articles/${slug}/feed.atom`]);
    expect(linkTo(feed.link, "prev-archive")).toEqual([`${base}/articles/${slug}/feed.atom?page=1`]);
    expect(linkTo(feed.link, "next-archive")).toEqual([]);
    expect(linkTo(feed.link, "hub")).toEqual([]);
    // Comments 51 to 100, newest first.
    expect(feed.entry.map((entry: { author: { name: string } }) => entry.author.name)).toEqual(Array.from({ length: 50 }, (_, i) => `Reader ${100 - i}`));

    const first = (await xml(`/articles/${slug}/feed.xml?page=1`)).document.rss.channel;
    expect(first["fh:archive"]).toBe("");
    expect(linkTo(first["atom:link"], "prev-archive")).toEqual([]);
    expect(first.item.at(-1)["dc:creator"]).toBe("Reader 1");
  });

  it("answers 404 for a page not complete yet or past the end, and 400 for a page that isn't a number from 1", async () => {
    expect((await fetchWorker(`/articles/${slug}/feed.xml?page=3`)).status).toBe(404);
    for (const page of ["0", "-1", "1.5", "two", ""]) expect((await fetchWorker(`/articles/${slug}/feed.json?page=${page}`)).status, page).toBe(400);
  });

  it("takes `?page=N` as the archive page's one URL, and sends any other spelling there (301)", async () => {
    const feed = `/articles/${slug}/feed.xml`;
    for (const [asked, canonical] of [
      [`${feed}?page=02`, `${feed}?page=2`],
      [`${feed}?utm_source=x&page=2`, `${feed}?page=2`],
      [`${feed}?utm_source=x`, feed],
    ]) {
      const response = await fetchWorker(asked!, { redirect: "manual" });
      expect(response.status, asked).toBe(301);
      expect(response.headers.get("Location"), asked).toBe(canonical);
    }
    expect((await fetchWorker(`${feed}?page=2`, { redirect: "manual" })).status).toBe(200);
  });

  it("lets a reader fetch the whole history through JSON Feed's next_url", async () => {
    const seen = new Set<string>();
    let url: string | undefined = `/articles/${slug}/feed.json`;
    let documents = 0;
    while (url) {
      const feed: { items: { id: string }[]; next_url?: string } = await (await fetchWorker(url)).json();
      for (const item of feed.items) seen.add(item.id);
      url = feed.next_url;
      documents += 1;
    }
    expect(documents).toBe(3);
    expect(seen.size).toBe(120);
  });

  it("never changes a complete archive page as comments keep arriving", async () => {
    const before = await Promise.all(["?page=1", "?page=2"].map(async (query) => (await fetchWorker(`/articles/${slug}/feed.xml${query}`)).text()));
    const etag = (await fetchWorker(`/articles/${slug}/feed.json?page=2`)).headers.get("ETag");
    await addApprovedComments(slug, 40, 121);
    const after = await Promise.all(["?page=1", "?page=2"].map(async (query) => (await fetchWorker(`/articles/${slug}/feed.xml${query}`)).text()));
    expect(after).toEqual(before);
    expect((await fetchWorker(`/articles/${slug}/feed.json?page=2`)).headers.get("ETag")).toBe(etag);
    // The third page is complete now, and the current document points to it.
    const current = (await xml(`/articles/${slug}/feed.xml`)).document.rss.channel;
    expect(linkTo(current["atom:link"], "prev-archive")).toEqual([`${base}/articles/${slug}/feed.xml?page=3`]);
  });
});

describe("the article feed, 45 articles", () => {
  it("archives articles by publication date, oldest first, without comment counts (they would change)", async () => {
    const current = (await xml("/feed.xml")).document.rss.channel;
    expect(linkTo(current["atom:link"], "next")).toEqual([`${base}/feed.xml?page=2`]);
    expect(current.item[0]["slash:comments"]).toBe("160");

    const oldest = (await xml("/feed.xml?page=1")).document.rss.channel;
    expect(oldest.item).toHaveLength(20);
    expect(oldest.item.at(-1).link).toEqual([`${base}/articles/${articleSlugs[1]}`]);
    for (const item of oldest.item) {
      expect(item["slash:comments"]).toBeUndefined();
      expect(item.comments).toMatch(/#respond$/);
      expect(item["wfw:commentRss"]).toMatch(/\/feed\.xml$/);
    }
    const json = await (await fetchWorker("/feed.json?page=2")).json<{ next_url: string; items: { _wirepost: Record<string, unknown> }[] }>();
    expect(json.next_url).toBe(`${base}/feed.json?page=1`);
    expect(json.items[0]!._wirepost.comment_count).toBeUndefined();
    expect((await fetchWorker("/feed.atom?page=3")).status).toBe(404);
  });
});

describe("the site's comment feed", () => {
  it("is archived too", async () => {
    const current = await (await fetchWorker("/comments/feed.json")).json<{ next_url: string }>();
    expect(current.next_url).toBe(`${base}/comments/feed.json?page=3`);
    const { document } = await xml("/comments/feed.xml?page=1");
    expect(document.rss.channel.item).toHaveLength(50);
    expect(document.rss.channel["fh:archive"]).toBe("");
  });
});
