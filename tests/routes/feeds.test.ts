import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { bumpAllVersions } from "../../src/db/rendered-responses.ts";
import { db, draftArticle, fetchWorker, LAUNCH_GUID, LAUNCH_SLUG, launchArticle, postApprovedComment, seedArticle } from "../helpers.ts";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "link", "atom:link"].includes(name),
});

async function fetchXml(path: string) {
  const response = await fetchWorker(path);
  const text = await response.text();
  expect(XMLValidator.validate(text)).toBe(true);
  return { response, document: parser.parse(text) };
}

const hostile = draftArticle({
  title: `Fish & chips <b>"quoted"</b> ]]> </title>`,
  summary: "Less < more & so on",
  body: "A body with <script>alert(1)</script> & an ampersand.",
  publishedAt: new Date("2024-06-01T08:00:00Z"),
});

beforeAll(async () => {
  await seedArticle(launchArticle());
  await seedArticle(hostile);
});

describe("GET /feed.xml (RSS 2.0)", () => {
  it("carries the launch article with its UUID guid, absolute link, RFC 822 date and full text", async () => {
    const { response, document } = await fetchXml("/feed.xml");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    const channel = document.rss.channel;
    expect(document.rss["@version"]).toBe("2.0");
    expect(channel["atom:link"]).toContainEqual(expect.objectContaining({ "@href": "http://wirepost.test/feed.xml", "@rel": "self" }));
    const item = channel.item.find((entry: { guid: { "#text": string } }) => entry.guid["#text"] === LAUNCH_GUID);
    expect(item.guid["@isPermaLink"]).toBe("false");
    expect(item.link).toEqual([`http://wirepost.test/articles/${LAUNCH_SLUG}`]);
    expect(item.pubDate).toBe("Thu, 20 Mar 2025 12:00:00 GMT");
    expect(item["content:encoded"]).toContain("<p>The apprehension of Mohammad Sharifullah");
    expect(item.description).toMatch(/^Despite President Trump/);
  });

  it("round-trips hostile text exactly", async () => {
    const { document } = await fetchXml("/feed.xml");
    const item = document.rss.channel.item.find((entry: { guid: { "#text": string } }) => entry.guid["#text"] === hostile.guid);
    expect(item.title).toBe(hostile.title);
    expect(item.description).toBe(hostile.summary);
    expect(item["content:encoded"]).toBe(hostile.bodyHtml);
    expect(item["content:encoded"]).toContain("&lt;script&gt;");
  });

  it("lists items newest first", async () => {
    const { document } = await fetchXml("/feed.xml");
    const dates = document.rss.channel.item.map((item: { pubDate: string }) => Date.parse(item.pubDate));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });
});

describe("GET /feed.atom (Atom 1.0)", () => {
  it("carries the launch article as urn:uuid with RFC 3339 dates", async () => {
    const { response, document } = await fetchXml("/feed.atom");
    expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const feed = document.feed;
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.link).toContainEqual(expect.objectContaining({ "@rel": "self", "@href": "http://wirepost.test/feed.atom" }));
    const entry = feed.entry.find((candidate: { id: string }) => candidate.id === `urn:uuid:${LAUNCH_GUID}`);
    expect(entry.link[0]["@href"]).toBe(`http://wirepost.test/articles/${LAUNCH_SLUG}`);
    expect(entry.published).toBe("2025-03-20T12:00:00.000Z");
    expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
    expect(entry.content["@type"]).toBe("html");
    expect(entry.content["#text"]).toContain("<p>In a recent speech");
    expect(feed.author.name).toBe("Wirepost");
  });

  it("round-trips hostile text exactly", async () => {
    const { document } = await fetchXml("/feed.atom");
    const entry = document.feed.entry.find((candidate: { id: string }) => candidate.id === `urn:uuid:${hostile.guid}`);
    expect(entry.title).toBe(hostile.title);
    expect(entry.content["#text"]).toBe(hostile.bodyHtml);
  });
});

describe("GET /feed.json (JSON Feed 1.1)", () => {
  it("carries the launch article with the UUID as id", async () => {
    const response = await fetchWorker("/feed.json");
    expect(response.headers.get("Content-Type")).toBe("application/feed+json; charset=utf-8");
    const feed = await response.json<{ version: string; title: string; home_page_url: string; feed_url: string; items: Record<string, string>[] }>();
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe("Wirepost");
    expect(feed.home_page_url).toBe("http://wirepost.test/");
    expect(feed.feed_url).toBe("http://wirepost.test/feed.json");
    const item = feed.items.find((candidate) => candidate.id === LAUNCH_GUID)!;
    expect(item.url).toBe(`http://wirepost.test/articles/${LAUNCH_SLUG}`);
    expect(item.date_published).toBe("2025-03-20T12:00:00.000Z");
    expect(item.content_html).toContain("<p>Recent terrorist attacks in Pakistan");
    const hostileItem = feed.items.find((candidate) => candidate.id === hostile.guid)!;
    expect(hostileItem.title).toBe(hostile.title);
  });
});

describe.each(["/feed.xml", "/feed.atom", "/feed.json"])("conditional GET of %s", (path) => {
  it("sends validators and caching headers, the edge's own kept from readers", async () => {
    const { readerApp: app } = await import("../../src/reader-app.ts");
    const fromWorker = await app.request(path, {}, (await import("cloudflare:workers")).env);
    expect(fromWorker.headers.get("Cloudflare-CDN-Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=60, stale-if-error=86400");
    // Article feeds show comment counts: every comment and article change purges them, by the `comments` tag.
    expect(fromWorker.headers.get("Cache-Tag")).toBe("comments");
    await fetchWorker(path);
    const response = await fetchWorker(path); // from the edge cache
    expect(response.headers.get("ETag")).toMatch(/^"[0-9a-f]+"$/);
    expect(Date.parse(response.headers.get("Last-Modified")!)).toBeGreaterThan(0);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300, s-maxage=300");
    expect(response.headers.get("Cloudflare-CDN-Cache-Control")).toBeNull();
    expect(response.headers.get("Cache-Tag")).toBeNull();
  });

  it("answers a matching If-None-Match with 304", async () => {
    const etag = (await fetchWorker(path)).headers.get("ETag")!;
    const response = await fetchWorker(path, { headers: { "If-None-Match": `"other", ${etag}` } });
    expect(response.status).toBe(304);
    expect(response.headers.get("ETag")).toBe(etag);
    expect(await response.text()).toBe("");
  });

  it("answers If-Modified-Since at or after Last-Modified with 304, and before it with 200", async () => {
    const lastModified = (await fetchWorker(path)).headers.get("Last-Modified")!;
    const same = await fetchWorker(path, { headers: { "If-Modified-Since": lastModified } });
    expect(same.status).toBe(304);
    expect(same.headers.get("Last-Modified")).toBe(lastModified);
    expect(same.headers.get("ETag")).toMatch(/^"[0-9a-f]+"$/);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await fetchWorker(path, { headers: { "If-Modified-Since": earlier } })).status).toBe(200);
  });

  it("lets If-None-Match override If-Modified-Since", async () => {
    const lastModified = (await fetchWorker(path)).headers.get("Last-Modified")!;
    const response = await fetchWorker(path, { headers: { "If-Modified-Since": lastModified, "If-None-Match": '"stale"' } });
    expect(response.status).toBe(200);
  });

  it("answers HEAD without a body", async () => {
    const response = await fetchWorker(path, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});

describe("feed links", () => {
  it("use SITE_URL when it is configured", async () => {
    const { env } = await import("cloudflare:workers");
    const { readerApp: app } = await import("../../src/reader-app.ts");
    const response = await app.request("/feed.json", {}, { ...env, SITE_URL: "https://news.example.org/" });
    const feed = await response.json<{ feed_url: string; items: { url: string }[] }>();
    expect(feed.feed_url).toBe("https://news.example.org/feed.json");
    expect(feed.items.every((item) => item.url.startsWith("https://news.example.org/articles/"))).toBe(true);
  });
});

describe("what WordPress's feed readers expect of an article item", () => {
  let story: { slug: string; guid: string };

  beforeAll(async () => {
    const draft = await seedArticle(draftArticle({ author: "Jane Doe", publishedAt: new Date("2025-06-01T00:00:00Z") }));
    story = { slug: draft.slug, guid: draft.guid };
    await postApprovedComment(story.slug);
    await postApprovedComment(story.slug);
  });

  it("RSS: <comments> (the reply form), wfw:commentRss, slash:comments, and the byline in dc:creator", async () => {
    const { document } = await fetchXml("/feed.xml");
    expect(document.rss["@xmlns:wfw"]).toBe("http://wellformedweb.org/CommentAPI/");
    expect(document.rss["@xmlns:slash"]).toBe("http://purl.org/rss/1.0/modules/slash/");
    const item = document.rss.channel.item.find((entry: { guid: { "#text": string } }) => entry.guid["#text"] === story.guid);
    expect(item.comments).toBe(`http://wirepost.test/articles/${story.slug}#respond`);
    expect(item["wfw:commentRss"]).toBe(`http://wirepost.test/articles/${story.slug}/feed.xml`);
    expect(item["slash:comments"]).toBe("2");
    expect(item["dc:creator"]).toBe("Jane Doe");
  });

  it("Atom: a replies link to the comment feed with thr:count (RFC 4685), and the author", async () => {
    const { document } = await fetchXml("/feed.atom");
    expect(document.feed["@xmlns:thr"]).toBe("http://purl.org/syndication/thread/1.0");
    const entry = document.feed.entry.find((candidate: { id: string }) => candidate.id === `urn:uuid:${story.guid}`);
    expect(entry.link).toContainEqual({
      "@rel": "replies",
      "@type": "application/atom+xml",
      "@href": `http://wirepost.test/articles/${story.slug}/feed.atom`,
      "@thr:count": "2",
    });
    expect(entry.author.name).toBe("Jane Doe");
  });

  it("JSON Feed: a _wirepost extension object with the count and the comment feed, and the author", async () => {
    const feed = await (await fetchWorker("/feed.json")).json<{ items: Record<string, unknown>[] }>();
    const item = feed.items.find((candidate) => candidate.id === story.guid)!;
    expect(item._wirepost).toEqual({
      comments_url: `http://wirepost.test/articles/${story.slug}#respond`,
      comments_feed_url: `http://wirepost.test/articles/${story.slug}/feed.json`,
      comment_count: 2,
    });
    expect(item.authors).toEqual([{ name: "Jane Doe" }]);
    // Articles without a byline name no author.
    expect(feed.items.find((candidate) => candidate.id === LAUNCH_GUID)!.authors).toBeUndefined();
  });
});

describe("WebSub discovery", () => {
  it.each([
    ["/feed.xml", "http://wirepost.test/feed.xml"],
    ["/comments/feed.atom", "http://wirepost.test/comments/feed.atom"],
    [`/articles/${LAUNCH_SLUG}/feed.json`, `http://wirepost.test/articles/${LAUNCH_SLUG}/feed.json`],
  ])("%s names the hub and itself in Link headers", async (path, self) => {
    const response = await fetchWorker(path);
    expect(response.headers.get("Link")).toBe(`<http://wirepost.test/websub>; rel="hub", <${self}>; rel="self"`);
  });

  it("and in the documents: atom:link rel=hub in RSS and Atom, hubs in JSON Feed", async () => {
    const rss = (await fetchXml("/feed.xml")).document.rss.channel["atom:link"];
    expect(rss).toContainEqual({ "@rel": "hub", "@href": "http://wirepost.test/websub" });
    const atom = (await fetchXml("/feed.atom")).document.feed.link;
    expect(atom).toContainEqual({ "@rel": "hub", "@href": "http://wirepost.test/websub" });
    const json = await (await fetchWorker("/feed.json")).json<{ hubs: unknown }>();
    expect(json.hubs).toEqual([{ type: "WebSub", url: "http://wirepost.test/websub" }]);
  });

  it("names an external hub instead when WEBSUB_HUB_URL is set", async () => {
    const { env } = await import("cloudflare:workers");
    const { readerApp: app } = await import("../../src/reader-app.ts");
    // A var changes with a new deployment, whose renderings are its own; one Worker version here, so none may be reused.
    await bumpAllVersions(db());
    const response = await app.request("/feed.json", {}, { ...env, WEBSUB_HUB_URL: "https://hub.example.net/" });
    expect(response.headers.get("Link")).toContain('<https://hub.example.net/>; rel="hub"');
    expect((await response.json<{ hubs: unknown }>()).hubs).toEqual([{ type: "WebSub", url: "https://hub.example.net/" }]);
    await bumpAllVersions(db());
  });
});
