import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch, fetchWorker, LAUNCH_SLUG, launchArticle, newComment, postApprovedComment, seedArticle } from "../helpers.ts";
import { type HtmlDocument, parseDocument } from "../parse-html.ts";

const meta = (page: HtmlDocument, attribute: "property" | "name", key: string) =>
  [...page.querySelectorAll(`meta[${attribute}="${key}"]`)].map((element) => element.getAttribute("content"));

function jsonLd(page: HtmlDocument) {
  const scripts = page.querySelectorAll('script[type="application/ld+json"]');
  expect(scripts).toHaveLength(1);
  return JSON.parse(scripts[0]!.textContent ?? "");
}

const slug = `meta-${crypto.randomUUID().slice(0, 8)}`;
const hostileTitle = `</script><script>alert(1)</script> & "quotes" \u2028 <!-- ]]>`;

beforeAll(async () => {
  await seedArticle(launchArticle());
  const response = await adminFetch(`/articles/${slug}`, {
    method: "PUT",
    json: {
      title: hostileTitle,
      summary: "A summary for the card.",
      body: "Body.",
      source: "https://example.org/original-story",
      author: "Jane Doe",
      section: "World News",
      tags: ["Pakistan", "Security"],
      publishedAt: "2026-01-02T03:04:05Z",
    },
  });
  expect(response.status).toBe(201);
  await postApprovedComment(slug, newComment({ author: "Ana <b>", body: "First & foremost\n\n<i>second</i> paragraph" }));
});

describe("Open Graph and Twitter card meta", () => {
  it("describe the article, its dates and its section and tags", async () => {
    const page = parseDocument(await (await fetchWorker(`/articles/${slug}`)).text());
    expect(meta(page, "property", "og:type")).toEqual(["article"]);
    expect(meta(page, "property", "og:title")).toEqual([hostileTitle]);
    expect(meta(page, "property", "og:description")).toEqual(["A summary for the card."]);
    expect(meta(page, "property", "og:url")).toEqual([`http://wirepost.test/articles/${slug}`]);
    expect(meta(page, "property", "og:site_name")).toEqual(["Wirepost"]);
    expect(meta(page, "property", "article:published_time")).toEqual(["2026-01-02T03:04:05.000Z"]);
    expect(Date.parse(meta(page, "property", "article:modified_time")[0]!)).toBeGreaterThan(0);
    expect(meta(page, "property", "article:section")).toEqual(["World News"]);
    expect(meta(page, "property", "article:tag")).toEqual(["Pakistan", "Security"]);
    expect(meta(page, "name", "twitter:card")).toEqual(["summary"]);
    expect(meta(page, "name", "twitter:title")).toEqual([hostileTitle]);
    expect(meta(page, "name", "twitter:description")).toEqual(["A summary for the card."]);
  });
});

describe("JSON-LD NewsArticle", () => {
  it("parses, and carries the headline, dates, byline, publisher, section, source and the first page's comments", async () => {
    const html = await (await fetchWorker(`/articles/${slug}`)).text();
    // Escaped inside the element: the title can't close it or open another, and no raw line separator is left.
    expect(html).not.toContain("</script><script>alert(1)");
    const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(raw).not.toMatch(/[<>&\u2028\u2029]/);
    const data = jsonLd(parseDocument(html));
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: hostileTitle,
      description: "A summary for the card.",
      url: `http://wirepost.test/articles/${slug}`,
      mainEntityOfPage: `http://wirepost.test/articles/${slug}`,
      datePublished: "2026-01-02T03:04:05.000Z",
      author: { "@type": "Person", name: "Jane Doe" },
      publisher: { "@type": "Organization", name: "Wirepost", url: "http://wirepost.test/" },
      articleSection: "World News",
      keywords: ["Pakistan", "Security"],
      isBasedOn: "https://example.org/original-story",
      commentCount: 1,
    });
    expect(Date.parse(data.dateModified)).toBeGreaterThan(0);
    expect(data.comment).toEqual([
      {
        "@type": "Comment",
        url: expect.stringMatching(new RegExp(`^http://wirepost\\.test/articles/${slug}\\?cpage=1#comment-\\d+$`)),
        author: { "@type": "Person", name: "Ana <b>" },
        dateCreated: expect.any(String),
        text: "First & foremost\n\n<i>second</i> paragraph",
      },
    ]);
  });

  it("names the publisher as author without a byline, and a bare source domain as its home page", async () => {
    const data = jsonLd(parseDocument(await (await fetchWorker(`/articles/${LAUNCH_SLUG}`)).text()));
    expect(data.author).toEqual({ "@type": "Organization", name: "Wirepost", url: "http://wirepost.test/" });
    expect(data.isBasedOn).toBe("https://foreignpolicy.com/");
    expect(data.articleSection).toBeUndefined();
    expect(data.comment).toEqual([]);
  });

  it("is on every article page, whose CSP still runs only the site's own scripts (by hash)", async () => {
    const response = await fetchWorker(`/articles/${LAUNCH_SLUG}`);
    const policy = response.headers.get("Content-Security-Policy")!;
    expect(policy).toMatch(/^default-src 'none'/);
    expect(
      /script-src ([^;]*)/
        .exec(policy)![1]!
        .split(" ")
        .every((source) => source.startsWith("'sha256-")),
    ).toBe(true);
    expect(jsonLd(parseDocument(await response.text()))["@type"]).toBe("NewsArticle");
  });

  it("lists the comments of the page the article's URL shows (the newest by default, or the oldest), none on other comment pages", async () => {
    const paged = `paged-meta-${crypto.randomUUID().slice(0, 8)}`;
    expect((await adminFetch(`/articles/${paged}`, { method: "PUT", json: { title: "Paged", body: "Body." } })).status).toBe(201);
    expect((await adminFetch("/settings", { method: "PATCH", json: { commentsPerPage: 10 } })).status).toBe(200);
    const ids: number[] = [];
    for (let i = 0; i < 11; i++) ids.push((await postApprovedComment(paged)).id);
    const shown = async (path: string) => jsonLd(parseDocument(await (await fetchWorker(path)).text())).comment.map((comment: { url: string }) => comment.url);
    const permalink = (page: number, id: number) => `http://wirepost.test/articles/${paged}?cpage=${page}#comment-${id}`;
    expect(await shown(`/articles/${paged}`)).toEqual([permalink(2, ids[10]!)]);
    expect(await shown(`/articles/${paged}?cpage=1`)).toEqual([]);
    expect((await adminFetch("/settings", { method: "PATCH", json: { defaultCommentsPage: "oldest" } })).status).toBe(200);
    expect(await shown(`/articles/${paged}`)).toEqual(ids.slice(0, 10).map((id) => permalink(1, id)));
    await adminFetch("/settings", { method: "PATCH", json: { commentsPerPage: 50, defaultCommentsPage: "newest" } });
  });
});
