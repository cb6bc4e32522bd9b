import { env } from "cloudflare:workers";
import { eq, lte } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { articles, renderedResponses } from "../../src/db/schema.ts";
import { ARTICLES_TAG, COMMENTS_TAG } from "../../src/domain/cache-tags.ts";
import { purgeLocally } from "../../src/http/edge-cache.ts";
import { adminFetch, db, fetchWorker, postApprovedComment, sameIsolate, seedArticle } from "../helpers.ts";
import { IMAGES, imageFile } from "../images.ts";
import { parseDocument } from "../parse-html.ts";

interface AdminArticle {
  id: string;
  slug: string;
  url: string;
  status: string;
  title: string;
  summary: string;
  author: string | null;
  source: string | null;
  featuredImage: { url: string; alt: string; type: string; bytes: number; width: number; height: number } | null;
  publishedAt: string;
  updatedAt: string;
  commentCount: number;
  body?: string;
  bodyHtml?: string;
}

interface Revision {
  id: number;
  title: string;
  summary: string;
  body: string;
  changed: string[];
  editedVia: string;
  createdAt: string;
}

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

async function put(slug: string, json: Record<string, unknown>) {
  const response = await adminFetch(`/articles/${slug}`, { method: "PUT", json: { title: "A title", body: "A body.", ...json } });
  return { response, article: (await response.json<{ article: AdminArticle }>()).article };
}

async function patch(slug: string, json: Record<string, unknown>) {
  const response = await adminFetch(`/articles/${slug}`, { method: "PATCH", json });
  return { response, body: await response.json<{ article: AdminArticle; error?: { code: string; fields?: Record<string, string> } }>() };
}

const revisionsOf = async (slug: string) => (await (await adminFetch(`/articles/${slug}/revisions`)).json<{ revisions: Revision[] }>()).revisions;

/** Whether readers can find the article anywhere: its page, its API entry, the front page, the feeds. */
async function publicly(slug: string, guid: string) {
  const [page, api, home, rss, json, list] = await Promise.all([
    fetchWorker(`/articles/${slug}`),
    fetchWorker(`/api/articles/${slug}`),
    fetchWorker("/").then((r) => r.text()),
    fetchWorker("/feed.xml").then((r) => r.text()),
    fetchWorker("/feed.json").then((r) => r.text()),
    fetchWorker("/api/articles").then((r) => r.text()),
  ]);
  return {
    page: page.status,
    api: api.status,
    listed: [home.includes(`/articles/${slug}"`), rss.includes(guid), json.includes(guid), list.includes(guid)],
  };
}

describe("drafts and schedules through PUT", () => {
  it("a draft (status: draft) is saved but answers 404 to readers and is in no list or feed", async () => {
    const slug = unique("draft");
    const { response, article } = await put(slug, { status: "draft", author: "  Jane Doe ", summary: "Not yet" });
    expect(response.status).toBe(201);
    expect(article).toMatchObject({ slug, status: "draft", author: "Jane Doe", summary: "Not yet", featuredImage: null, commentCount: 0 });
    expect(await publicly(slug, article.id)).toEqual({ page: 404, api: 404, listed: [false, false, false, false] });
    expect((await fetchWorker(`/articles/${slug}/feed.xml`)).status).toBe(404);
  });

  it("a future publishedAt schedules it: invisible until then, and lists cached meanwhile expire at its time", async () => {
    const slug = unique("scheduled");
    const at = new Date(Date.now() + 3_600_000);
    const { article } = await put(slug, { publishedAt: at.toISOString() });
    expect(article.status).toBe("scheduled");
    expect(await publicly(slug, article.id)).toEqual({ page: 404, api: 404, listed: [false, false, false, false] });
    // Every lifetime, the edge's (Cloudflare-CDN-Cache-Control) and the stale ones included, ends by its time; so does its page's not-found.
    for (const path of ["/", "/feed.xml", "/feed.atom", "/feed.json", "/api/articles", `/articles/${slug}`]) {
      const response = await sameIsolate.request(path, {}, env);
      for (const name of ["Cache-Control", "Cloudflare-CDN-Cache-Control"]) {
        const value = response.headers.get(name)!;
        for (const [, directive, seconds] of value.matchAll(/([a-z-]+)=(\d+)/g)) {
          expect(Number(seconds), `${path} ${name}: ${directive}`).toBeLessThanOrEqual(3_600);
        }
      }
    }
    // Its time comes (as if an hour had passed: what was kept or cached until then has expired; tests/wire/scheduling.test.ts waits for real).
    const past = new Date(Date.now() - 1_000);
    await db().update(articles).set({ publishedAt: past }).where(eq(articles.guid, article.id));
    await db().update(renderedResponses).set({ expiresAt: past }).where(lte(renderedResponses.expiresAt, at));
    await purgeLocally([ARTICLES_TAG, COMMENTS_TAG]);
    expect(await publicly(slug, article.id)).toEqual({ page: 200, api: 200, listed: [true, true, true, true] });
  });
});

describe("GET /api/admin/articles", () => {
  it("lists every status newest first, filters by status and title, pages, and counts", async () => {
    const tag = unique("Listing");
    await put(unique("l-pub"), { title: `${tag} published`, publishedAt: "2020-01-02T00:00:00Z" });
    await put(unique("l-draft"), { title: `${tag} draft`, status: "draft", publishedAt: "2020-01-03T00:00:00Z" });
    await put(unique("l-sched"), { title: `${tag} scheduled`, publishedAt: inAMinute() });
    const gone = unique("l-gone");
    await put(gone, { title: `${tag} unpublished`, publishedAt: "2020-01-01T00:00:00Z" });
    expect((await adminFetch(`/articles/${gone}`, { method: "DELETE" })).status).toBe(204);

    const all = await (await adminFetch(`/articles?q=${encodeURIComponent(tag)}`)).json<{ articles: AdminArticle[]; counts: Record<string, number> }>();
    expect(all.articles.map((a) => a.status)).toEqual(["scheduled", "draft", "published", "unpublished"]);
    expect(all.articles[0]).not.toHaveProperty("body");
    expect(all.counts).toEqual({ published: 1, scheduled: 1, draft: 1, unpublished: 1 });
    for (const status of ["draft", "scheduled", "published", "unpublished"]) {
      const only = await (await adminFetch(`/articles?status=${status}&q=${encodeURIComponent(tag)}`)).json<{ articles: AdminArticle[] }>();
      expect(only.articles.map((a) => a.title)).toEqual([`${tag} ${status}`]);
    }
    const first = await (await adminFetch(`/articles?q=${encodeURIComponent(tag)}&limit=3`)).json<{ articles: AdminArticle[]; nextCursor: string }>();
    expect(first.articles).toHaveLength(3);
    const rest = await (await adminFetch(`/articles?q=${encodeURIComponent(tag)}&limit=3&cursor=${first.nextCursor}`)).json<{
      articles: AdminArticle[];
      nextCursor: null;
    }>();
    expect(rest.articles.map((a) => a.status)).toEqual(["unpublished"]);
    expect(rest.nextCursor).toBeNull();
    // A search's wildcards are plain characters.
    expect((await (await adminFetch("/articles?q=%25%25_")).json<{ articles: unknown[] }>()).articles).toEqual([]);
    expect((await adminFetch("/articles?status=maybe")).status).toBe(400);
    expect((await adminFetch("/articles?limit=0")).status).toBe(400);
  });

  it("GET /articles/:slug shows any status, with the Markdown", async () => {
    const slug = unique("one");
    await put(slug, { status: "draft", body: "Some *Markdown*." });
    const { article } = await (await adminFetch(`/articles/${slug}`)).json<{ article: AdminArticle }>();
    expect(article).toMatchObject({ status: "draft", body: "Some *Markdown*.", bodyHtml: "<p>Some <em>Markdown</em>.</p>" });
    expect((await adminFetch("/articles/no-such-article")).status).toBe(404);
  });
});

describe("PATCH /api/admin/articles/:slug", () => {
  it("changes only the fields sent, keeps a revision, and publishes a draft now", async () => {
    const slug = unique("patch");
    const { article: draft } = await put(slug, {
      status: "draft",
      title: "Draft title",
      summary: "Kept",
      source: "example.com",
      publishedAt: "2020-01-01T00:00:00Z",
    });
    const { response, body } = await patch(slug, { title: "Better title", status: "published" });
    expect(response.status).toBe(200);
    expect(body.article).toMatchObject({ title: "Better title", summary: "Kept", source: "example.com", status: "published" });
    // A draft's old time is when it was started: published without a time, it goes live now.
    expect(Date.parse(body.article.publishedAt)).toBeGreaterThan(Date.parse(draft.publishedAt));
    expect((await fetchWorker(`/articles/${slug}`)).status).toBe(200);
    expect((await patch(slug, { source: null })).body.article.source).toBeNull();
    const revisions = await revisionsOf(slug);
    expect(revisions.map((r) => [r.title, r.changed, r.editedVia])).toEqual([
      ["Better title", ["title"], "api"],
      ["Draft title", ["title", "summary", "body"], "api"],
    ]);
  });

  it("moves the article to a new slug: the old URL and its feeds answer 301, the new one 200", async () => {
    const slug = unique("old");
    const { article } = await put(slug, {});
    await postApprovedComment(slug);
    const renamed = unique("new");
    const { body } = await patch(slug, { slug: renamed });
    expect(body.article).toMatchObject({ slug: renamed, id: article.id, commentCount: 1 });
    const moves: [string, string][] = [
      [`/articles/${slug}`, `/articles/${renamed}`],
      [`/articles/${slug}/feed.atom`, `/articles/${renamed}/feed.atom`],
      [`/articles/${slug}?cpage=1`, `/articles/${renamed}?cpage=1`],
      [`/api/articles/${slug}/comments`, `/api/articles/${renamed}/comments`],
    ];
    for (const [from, to] of moves) {
      const response = await fetchWorker(from, { redirect: "manual" });
      expect(response.status, from).toBe(301);
      expect(response.headers.get("Location"), from).toBe(to);
    }
    expect((await fetchWorker(`/articles/${renamed}`)).status).toBe(200);
    // …and back: the original slug is the article's own again, the second one now redirects.
    await patch(renamed, { slug });
    expect((await fetchWorker(`/articles/${slug}`, { redirect: "manual" })).status).toBe(200);
    expect((await fetchWorker(`/articles/${renamed}`, { redirect: "manual" })).headers.get("Location")).toBe(`/articles/${slug}`);
    // A draft's new address is never given away.
    await patch(slug, { status: "draft" });
    expect((await fetchWorker(`/articles/${renamed}`, { redirect: "manual" })).status).toBe(404);
  });

  it("refuses a taken slug (409), an unknown image or a bad field (422), an unknown article (404)", async () => {
    const one = unique("one");
    const other = unique("other");
    await put(one, {});
    await put(other, {});
    const taken = await patch(one, { slug: other });
    expect(taken.response.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "slug_taken", fields: { slug: expect.any(String) } });
    const image = await patch(one, { featuredImage: "/media/nope.png" });
    expect(image.response.status).toBe(422);
    expect(image.body.error?.fields).toHaveProperty("featuredImage");
    const bad = await patch(one, { slug: "Not A Slug", status: "maybe", publishedAt: "soon", title: "" });
    expect(bad.response.status).toBe(422);
    expect(Object.keys(bad.body.error!.fields!).sort()).toEqual(["publishedAt", "slug", "status", "title"]);
    expect((await patch("no-such-article", { title: "x" })).response.status).toBe(404);
  });

  it("takes a featured image from the media library: on the page, in share cards and in every feed", async () => {
    const form = new FormData();
    form.append("file", imageFile(IMAGES.jpeg, "photo.jpg"));
    form.append("alt", 'Harbour at dusk & "boats"');
    const { media } = await (await adminFetch("/media", { method: "POST", body: form })).json<{ media: { url: string; bytes: number } }>();
    const slug = unique("pictured");
    const { article } = await put(slug, { featuredImage: media.url, body: `Text.\n\n![Inline](${new URL(media.url).pathname})`, author: "Ann Author" });
    expect(article.featuredImage).toMatchObject({ url: media.url, alt: 'Harbour at dusk & "boats"', type: "image/jpeg", width: 37, height: 23 });

    const page = parseDocument(await (await fetchWorker(`/articles/${slug}`)).text());
    const img = page.querySelector(".featured-image img")!;
    expect(img.getAttribute("src")).toBe(new URL(media.url).pathname);
    expect(img.getAttribute("alt")).toBe('Harbour at dusk & "boats"');
    expect([img.getAttribute("width"), img.getAttribute("height")]).toEqual(["37", "23"]);
    expect(img.hasAttribute("srcset")).toBe(false); // transformations are off
    expect(page.querySelector('meta[property="og:image"]')!.getAttribute("content")).toBe(media.url);
    expect(page.querySelector('meta[property="og:image:alt"]')!.getAttribute("content")).toBe('Harbour at dusk & "boats"');
    expect(page.querySelector('meta[name="twitter:card"]')!.getAttribute("content")).toBe("summary_large_image");
    expect(page.querySelector(".byline")!.textContent).toBe("Ann Author");

    const rss = await (await fetchWorker("/feed.xml")).text();
    expect(rss).toContain(`<enclosure url="${media.url}" length="${media.bytes}" type="image/jpeg"/>`);
    expect(rss).toContain(`<media:content url="${media.url}" type="image/jpeg" medium="image" fileSize="${media.bytes}" width="37" height="23"/>`);
    expect(rss).toContain("<dc:creator>Ann Author</dc:creator>");
    // Pasted images are made absolute for feed readers.
    expect(rss).toContain(`src="${media.url}"`);
    const atom = await (await fetchWorker("/feed.atom")).text();
    expect(atom).toContain(`<link rel="enclosure" type="image/jpeg" href="${media.url}" length="${media.bytes}"/>`);
    const json = await (await fetchWorker("/feed.json")).json<{ items: { id: string; image?: string; authors?: { name: string }[] }[] }>();
    expect(json.items.find((item) => item.id === article.id)).toMatchObject({ image: media.url, authors: [{ name: "Ann Author" }] });

    expect((await patch(slug, { featuredImage: null })).body.article.featuredImage).toBeNull();
    expect(await (await fetchWorker(`/articles/${slug}`)).text()).not.toContain("og:image");
  });

  it("offers resized images through Cloudflare Images where transformations are on", async () => {
    const form = new FormData();
    form.append("file", imageFile(IMAGES.png, "p.png"));
    form.append("alt", "Pixels");
    const { media } = await (await adminFetch("/media", { method: "POST", body: form })).json<{ media: { url: string } }>();
    const slug = unique("resized");
    await put(slug, { featuredImage: media.url });
    const html = await (await sameIsolate.request(`/articles/${slug}`, {}, { ...env, IMAGE_TRANSFORMATIONS: "on" })).text();
    const img = parseDocument(html).querySelector(".featured-image img")!;
    // 37 px wide: no resizing is wider than the original, which is the last candidate.
    expect(img.getAttribute("srcset")).toBe(`${new URL(media.url).pathname} 37w`);
  });
});

describe("revisions", () => {
  it("keeps the last 20 versions, newest first, and restores one as a new version", async () => {
    const slug = unique("history");
    await put(slug, { title: "Version 0" });
    for (let i = 1; i <= 21; i++) await patch(slug, { title: `Version ${i}` });
    await patch(slug, { author: "Only the byline" }); // not a new version: the history keeps title, summary and body
    const revisions = await revisionsOf(slug);
    expect(revisions).toHaveLength(20);
    expect(revisions[0]!.title).toBe("Version 21");
    expect(revisions[19]!.title).toBe("Version 2");
    const restored = await adminFetch(`/articles/${slug}/revisions/${revisions[19]!.id}/restore`, { method: "POST" });
    expect(restored.status).toBe(200);
    expect((await restored.json<{ article: AdminArticle }>()).article.title).toBe("Version 2");
    expect((await revisionsOf(slug))[0]).toMatchObject({ title: "Version 2", changed: ["title"] });
    expect((await adminFetch(`/articles/${slug}/revisions/999999999/restore`, { method: "POST" })).status).toBe(404);
  });

  it("starts an imported article's history with the version it had", async () => {
    const imported = await seedArticle();
    await patch(imported.slug, { body: "Edited in the API." });
    const revisions = await revisionsOf(imported.slug);
    expect(revisions.map((r) => [r.body, r.editedVia, r.changed])).toEqual([
      ["Edited in the API.", "api", ["body"]],
      [imported.body, "earlier", []],
    ]);
  });
});

describe("POST /api/admin/preview", () => {
  it("renders the article as readers would see it, sanitized, and saves nothing", async () => {
    const response = await adminFetch("/preview", {
      method: "POST",
      json: { title: "Preview <b>me</b>", summary: "Sum", author: "Pat", body: "Hi **there**\n\n<script>alert(1)</script>" },
    });
    expect(response.status).toBe(200);
    const { html, bodyHtml } = await response.json<{ html: string; bodyHtml: string }>();
    const fragment = parseDocument(`<div>${html}</div>`);
    expect(fragment.querySelector("h1")!.textContent).toBe("Preview <b>me</b>");
    expect(fragment.querySelector(".byline")!.textContent).toBe("Pat");
    expect(bodyHtml).toContain("<strong>there</strong>");
    expect(html).not.toContain("<script>");
    expect((await adminFetch("/preview", { method: "POST", json: { title: "" } })).status).toBe(422);
  });
});
