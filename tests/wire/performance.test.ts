import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app.tsx";
import { InstrumentedD1 } from "../../src/db/instrumented-d1.ts";
import {
  adminFetch,
  type CreatedComment,
  draftArticle,
  fetchWorker,
  LAUNCH_SLUG,
  launchArticle,
  newComment,
  nextClientIp,
  postApprovedComment,
  postComment,
  postForm,
  seedArticle,
} from "../helpers.ts";

afterEach(() => vi.restoreAllMocks());

let slug: string;
beforeAll(async () => {
  await seedArticle(launchArticle());
  slug = (
    await seedArticle(
      draftArticle({
        terms: [
          { taxonomy: "section", slug: "perf", name: "Perf" },
          { taxonomy: "tag", slug: "perf-tag", name: "Perf tag" },
        ],
      }),
    )
  ).slug;
  const root = await postApprovedComment(slug);
  await postApprovedComment(slug, newComment({ parentId: root.id }));
  // Enough approved comments for one complete archive page (50) of the article's and the site's comment feeds.
  for (let i = 0; i < 48; i++) await postApprovedComment(slug);
});

/** Runs one request with the D1 binding wrapped, returning how many round trips it made. */
async function roundTrips(path: string, init: RequestInit = {}) {
  const counter = new InstrumentedD1();
  const response = await app.request(path, init, { ...env, DB: counter.wrap(env.DB) as D1Database });
  return { response, count: counter.count, statements: counter.statements };
}

describe("D1 round trips per request, on a cache miss", () => {
  it.each([
    ["the front page", "/"],
    ["an article page with threaded comments", () => `/articles/${slug}`],
    ["an article page, second comment page", () => `/articles/${slug}?cpage=1&x=1`],
    ["the RSS feed", "/feed.xml"],
    ["the JSON feed", "/feed.json"],
    ["the Atom feed", "/feed.atom"],
    ["an article's comment feed", () => `/articles/${slug}/feed.xml`],
    ["the site's comment feed", "/comments/feed.json"],
    ["the comment list API", () => `/api/articles/${slug}/comments`],
    ["the article API", () => `/api/articles/${slug}`],
    ["a comment feed's archive page", () => `/articles/${slug}/feed.atom?page=1`],
    ["the site comment feed's archive page", "/comments/feed.xml?page=1"],
    ["a section page", "/sections/perf"],
    ["a tag's feed", "/tags/perf-tag/feed.json"],
    ["the sitemap index", "/sitemap.xml"],
    ["a sitemap page", "/sitemaps/articles-1.xml"],
    ["the news sitemap", "/news-sitemap.xml"],
  ])("%s takes one", async (_, path) => {
    const url = typeof path === "function" ? path() : path;
    // A query string the edge cache ignores, so the request reaches D1.
    const { response, count } = await roundTrips(`${url}${url.includes("?") ? "&" : "?"}nocache=1`);
    expect(response.status).toBe(200);
    expect(count).toBe(1);
    expect(response.headers.get("Server-Timing")).toContain("D1 round trips: 1");
  });

  it("a comment post takes two: one read batch, one write batch", async () => {
    const { response, count } = await roundTrips(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify(newComment()),
    });
    expect(response.status).toBe(201);
    expect(count).toBe(2);
  });
});

describe("the edge cache", () => {
  it("serves a repeated page without touching D1", async () => {
    const path = `/articles/${LAUNCH_SLUG}`;
    const first = await fetchWorker(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toContain("s-maxage=60");
    const second = await fetchWorker(path);
    expect(second.headers.get("Server-Timing")).toContain("D1 round trips: 0");
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
    const revalidated = await fetchWorker(path, { headers: { "If-None-Match": first.headers.get("ETag")! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("Server-Timing")).toContain("D1 round trips: 0");
  });

  it("caches feeds and API reads too, but never admin responses", async () => {
    for (const path of ["/feed.xml", `/api/articles/${LAUNCH_SLUG}`]) {
      await fetchWorker(path);
      expect((await fetchWorker(path)).headers.get("Server-Timing"), path).toContain("D1 round trips: 0");
    }
    await adminFetch("/comments");
    expect((await adminFetch("/comments")).headers.get("Server-Timing")).toContain("D1 round trips: 1");
  });

  it("is purged at once when an approved comment appears", async () => {
    const article = await seedArticle();
    await fetchWorker(`/articles/${article.slug}`);
    await fetchWorker(`/articles/${article.slug}/feed.json`);
    const { comment } = await (await postComment(article.slug, newComment({ body: "Fresh approved words" }))).json<CreatedComment>();
    expect((await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } })).status).toBe(200);
    expect(await (await fetchWorker(`/articles/${article.slug}`)).text()).toContain("Fresh approved words");
    expect(await (await fetchWorker(`/articles/${article.slug}/feed.json`)).text()).toContain("Fresh approved words");
  });

  it("is purged at once when an article is published or unpublished", async () => {
    await fetchWorker("/");
    const newSlug = `edge-${crypto.randomUUID().slice(0, 8)}`;
    await adminFetch(`/articles/${newSlug}`, { method: "PUT", json: { title: "Just published", body: "Body" } });
    expect(await (await fetchWorker("/")).text()).toContain(`/articles/${newSlug}`);
    await adminFetch(`/articles/${newSlug}`, { method: "DELETE" });
    expect(await (await fetchWorker("/")).text()).not.toContain(`/articles/${newSlug}`);
    expect((await fetchWorker(`/articles/${newSlug}`)).status).toBe(404);
  });

  it("lets a commenter read their own write: the bookmark cookie bypasses the cache", async () => {
    const article = await seedArticle();
    await fetchWorker(`/articles/${article.slug}`); // cached without the comment
    const response = await postForm(article.slug, newComment({ body: "My own words" }) as Record<string, string>);
    expect(response.status).toBe(303);
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^wirepost_bookmark=[^;]+;.*HttpOnly/);
    const location = response.headers.get("Location")!;
    const own = await fetchWorker(location, { headers: { Cookie: cookie.split(";")[0]! } });
    expect(await own.text()).toContain("My own words");
  });

  it("purges every location through Cloudflare's API when a zone and token are configured", async () => {
    const purged: { url: string; auth: string | null; files: string[] }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      purged.push({ url: String(input), auth: new Headers(init?.headers).get("Authorization"), files: JSON.parse(String(init?.body)).files });
      return Response.json({ success: true });
    });
    const newSlug = `purge-${crypto.randomUUID().slice(0, 8)}`;
    const response = await app.request(
      `/api/admin/articles/${newSlug}`,
      {
        method: "PUT",
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
        body: JSON.stringify({ title: "Purged everywhere", body: "Body" }),
      },
      { ...env, CF_ZONE_ID: "zone123", CF_PURGE_TOKEN: "purge-token", SITE_URL: "https://news.example.com" },
    );
    expect(response.status).toBe(201);
    expect(purged.length).toBeGreaterThan(0);
    expect(purged[0]!.url).toBe("https://api.cloudflare.com/client/v4/zones/zone123/purge_cache");
    expect(purged[0]!.auth).toBe("Bearer purge-token");
    const files = purged.flatMap((call) => call.files);
    expect(files).toContain("https://news.example.com/");
    expect(files).toContain(`https://news.example.com/articles/${newSlug}`);
    expect(files).toContain("https://news.example.com/feed.xml");
    expect(purged.every((call) => call.files.length <= 30)).toBe(true);
  });

  it("doesn't cache URLs with other query strings, or a page shown with a held comment", async () => {
    const held = await postForm(slug, newComment() as Record<string, string>);
    const location = held.headers.get("Location")!;
    const page = await fetchWorker(location);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await fetchWorker(location)).headers.get("Server-Timing")).toContain("D1 round trips: 1");
  });
});

describe("query plans", () => {
  it("use an index for every query on the hot paths (no full table scans)", async () => {
    const paths = [
      "/",
      `/articles/${slug}`,
      `/articles/${slug}?cpage=1&replyto=1`,
      "/feed.xml",
      `/articles/${slug}/feed.atom`,
      `/articles/${slug}/feed.atom?page=1`,
      "/comments/feed.xml",
      "/comments/feed.xml?page=1",
      "/feed.json?page=1",
      "/sections/perf",
      "/tags/perf-tag/feed.xml",
      "/sitemap.xml",
      "/sitemaps/articles-1.xml",
      "/sitemaps/pages-1.xml",
      "/news-sitemap.xml",
      `/api/articles/${slug}/comments?limit=10`,
      `/api/articles/${slug}`,
    ];
    const statements = [];
    for (const path of paths) statements.push(...(await roundTrips(`${path}${path.includes("?") ? "&" : "?"}nocache=1`)).statements);
    const post = await roundTrips(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify(newComment()),
    });
    statements.push(...post.statements);
    expect(statements.length).toBeGreaterThan(15);
    // An INSERT … RETURNING plans as a scan of the rows it just wrote, not of the table.
    for (const { sql, params } of statements.filter((statement) => !/^insert\b/i.test(statement.sql))) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const details = plan.results.map((row) => row.detail);
      const fullScans = details.filter((detail) => /^SCAN (articles|comments)\b/.test(detail) && !/USING (COVERING )?INDEX/.test(detail));
      expect(fullScans, sql).toEqual([]);
      // Searching comments by status alone reads every comment of that status,
      // unless it walks the index in order and stops at a LIMIT (the newest-first
      // lists; archive pages, counted from the oldest, after their OFFSET).
      const byStatusOnly = details.filter((detail) => /^SEARCH comments USING (COVERING )?INDEX \w+ \(status=\?\)$/.test(detail));
      if (!/order by "comments"\."id" (desc|asc) limit \?( offset \?)?$/i.test(sql)) expect(byStatusOnly, sql).toEqual([]);
    }
  });
});
