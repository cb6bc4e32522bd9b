import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { InstrumentedD1 } from "../../src/db/instrumented-d1.ts";
import { bumpAllVersions } from "../../src/db/rendered-responses.ts";
import { behindEdgeCache, markPublic, purgeLocally } from "../../src/http/edge-cache.ts";
import { DISCUSSION_CACHE_MS } from "../../src/services/site-discussion.ts";
import {
  adminFetch,
  type CreatedComment,
  db,
  draftArticle,
  fetchWorker,
  LAUNCH_SLUG,
  launchArticle,
  newComment,
  nextClientIp,
  postApprovedComment,
  postComment,
  postForm,
  sameIsolate,
  seedArticle,
} from "../helpers.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

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

/** Runs one request with the D1 binding wrapped, returning how many round trips it made (work after the response not counted). */
async function roundTrips(path: string, init: RequestInit = {}) {
  const counter = new InstrumentedD1();
  const ctx = createExecutionContext();
  const response = await sameIsolate.request(path, init, { ...env, DB: counter.wrap(env.DB) as D1Database }, ctx);
  const count = counter.count;
  await waitOnExecutionContext(ctx);
  return { response, count, statements: counter.statements };
}

const CACHEABLE_READS: [string, string | (() => string)][] = [
  ["the front page", "/"],
  ["an article page (its newest comments)", () => `/articles/${slug}`],
  ["an article page, first comment page", () => `/articles/${slug}?cpage=1`],
  ["the RSS feed", "/feed.xml"],
  ["the JSON feed", "/feed.json"],
  ["the Atom feed", "/feed.atom"],
  ["an article's comment feed", () => `/articles/${slug}/feed.xml`],
  ["the site's comment feed", "/comments/feed.json"],
  ["the comment list API", () => `/api/articles/${slug}/comments`],
  ["the article API", () => `/api/articles/${slug}`],
  ["the article list API", "/api/articles"],
  ["a comment feed's archive page", () => `/articles/${slug}/feed.atom?page=1`],
  ["the site comment feed's archive page", "/comments/feed.xml?page=1"],
  ["a section page", "/sections/perf"],
  ["a tag's feed", "/tags/perf-tag/feed.json"],
  ["the sitemap index", "/sitemap.xml"],
  ["a sitemap page", "/sitemaps/articles-1.xml"],
  ["the list of sections' and tags' pages", "/sitemaps/pages-1.xml"],
  ["the news sitemap", "/news-sitemap.xml"],
];

describe("D1 round trips per request, on a miss at the edge", () => {
  it.each(CACHEABLE_READS)(
    "%s: one to serve it as last rendered; after a change, the kept rendering, the data, and the new rendering kept (after the response)",
    async (_, path) => {
      const url = typeof path === "function" ? path() : path;
      await bumpAllVersions(db());
      const cold = await roundTrips(url);
      expect(cold.response.status).toBe(200);
      expect(cold.count).toBe(3);
      const warm = await roundTrips(url);
      expect(warm.response.status).toBe(200);
      expect(warm.count).toBe(1);
      expect(warm.response.headers.get("Server-Timing")).toContain("D1 round trips: 1");
      // The same content, but for the comment form's signed timestamp, issued per response.
      const withoutFormToken = async (response: Response) => (await response.text()).replace(/name="formToken" value="[^"]+"/, "");
      expect(await withoutFormToken(warm.response)).toBe(await withoutFormToken(cold.response));
    },
  );

  it("serves a kept rendering only to the code version that rendered it, and for its SITE_URL", async () => {
    const url = `/articles/${slug}/feed.json`;
    await roundTrips(url);
    expect((await roundTrips(url)).count).toBe(1);
    const other = async (bindings: Record<string, unknown>) => {
      const counter = new InstrumentedD1();
      const ctx = createExecutionContext();
      await sameIsolate.request(url, {}, { ...env, ...bindings, DB: counter.wrap(env.DB) as D1Database }, ctx);
      await waitOnExecutionContext(ctx);
      return counter.count;
    };
    expect(await other({ CF_VERSION_METADATA: { id: "a-newer-deployment", tag: "", timestamp: "" } })).toBe(3);
    expect(await other({ SITE_URL: "https://elsewhere.example" })).toBe(3);
  });

  it.each([
    ["a reply target", () => `/articles/${slug}?replyto=1`],
    ["a later page of the comment list API", () => `/api/articles/${slug}/comments?limit=1`],
  ])("takes one for a URL not kept rendered (%s)", async (_, path) => {
    const { response, count } = await roundTrips(path());
    expect(response.status).toBe(200);
    expect(count).toBe(1);
  });

  it("an article page reads the discussion settings it follows with its data, however old the isolate's copy", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + DISCUSSION_CACHE_MS + 1);
    const { count, statements } = await roundTrips(`/articles/${slug}?replyto=2`);
    vi.useRealTimers();
    expect(count).toBe(1);
    expect(statements.some((statement) => statement.sql.includes('"discussion_settings"'))).toBe(true);
  });

  it("a comment post takes two on an article first (a read batch, a write batch), then one (a write that checks what was read still holds)", async () => {
    const fresh = await seedArticle();
    const post = () =>
      roundTrips(`/api/articles/${fresh.slug}/comments`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
        body: JSON.stringify(newComment()),
      });
    for (const expected of [2, 1, 1]) {
      const { response, count } = await post();
      expect(response.status).toBe(201);
      expect(count).toBe(expected);
    }
  });
});

describe("the local stand-in for Workers Cache (the Cache API)", () => {
  it("serves a repeated page without running the app or touching D1, and revalidates it", async () => {
    const path = `/articles/${LAUNCH_SLUG}`;
    const first = await fetchWorker(path);
    expect(first.status).toBe(200);
    const second = await fetchWorker(path);
    expect(second.headers.get("Server-Timing")).toContain("D1 round trips: 0");
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
    const revalidated = await fetchWorker(path, { headers: { "If-None-Match": first.headers.get("ETag")! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("Server-Timing")).toContain("D1 round trips: 0");
  });

  it("keeps feeds and API reads too, but never admin responses", async () => {
    for (const path of ["/feed.xml", `/api/articles/${LAUNCH_SLUG}`]) {
      await fetchWorker(path);
      expect((await fetchWorker(path)).headers.get("Server-Timing"), path).toContain("D1 round trips: 0");
    }
    await adminFetch("/comments");
    expect((await adminFetch("/comments")).headers.get("Server-Timing")).toContain("D1 round trips: 1");
  });

  it("forgets exactly the copies a write's tags name", async () => {
    const article = await seedArticle();
    const other = await seedArticle();
    for (const path of [`/articles/${article.slug}`, `/articles/${other.slug}`, "/", "/feed.xml"]) await fetchWorker(path);
    const { comment } = await (await postComment(article.slug, newComment({ body: "Fresh approved words" }))).json<CreatedComment>();
    expect((await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } })).status).toBe(200);
    expect(await (await fetchWorker(`/articles/${article.slug}`)).text()).toContain("Fresh approved words");
    expect((await fetchWorker(`/articles/${other.slug}`)).headers.get("Server-Timing")).toContain("D1 round trips: 0");
    expect((await fetchWorker("/")).headers.get("Server-Timing")).toContain("D1 round trips: 0");
    // The article feeds carry each article's comment count: forgotten too.
    expect((await fetchWorker("/feed.xml")).headers.get("Server-Timing")).not.toContain("D1 round trips: 0");
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

  it("doesn't keep a response rendered while a purge of its tags went out (it may show the data from before)", async () => {
    const tag = `article:${1_000_000 + Math.floor(Math.random() * 1_000_000)}`;
    const serve = (body: string, during: () => Promise<void> = async () => {}) =>
      behindEdgeCache(async () => {
        await during();
        const response = new Response(body, { headers: { ETag: `"${body}"` } });
        markPublic(response.headers, "page", [tag]);
        return response;
      });
    const call = async (handler: ReturnType<typeof serve>) => {
      const ctx = createExecutionContext();
      const response = await handler(new Request("http://wirepost.test/race"), env, ctx);
      await waitOnExecutionContext(ctx);
      return response.text();
    };
    expect(await call(serve("from before the write", () => purgeLocally([tag])))).toBe("from before the write");
    await new Promise((resolve) => setTimeout(resolve, 5)); // the runtime's clock moves between events, not within one
    expect(await call(serve("after"))).toBe("after");
    expect(await call(serve("not asked for"))).toBe("after");
  });

  it("doesn't keep a page shown with a held comment", async () => {
    const held = await postForm(slug, newComment() as Record<string, string>);
    const location = held.headers.get("Location")!;
    const page = await fetchWorker(location);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await fetchWorker(location)).headers.get("Server-Timing")).toContain("D1 round trips: 1");
  });
});

describe("query plans", () => {
  it("use an index for every query on the hot paths (no full table scans)", async () => {
    // Cold: every kept rendering stale, so each read runs its queries too.
    await bumpAllVersions(db());
    // An outside page's thread (the embed API), with a published comment.
    const page = "https://blog.example.com/plans/";
    const thread = `/api/threads/${encodeURIComponent(page)}`;
    const posted = await fetchWorker(`${thread}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify({ ...newComment(), pageUrl: page, pageTitle: "Plans" }),
    });
    const { comment } = await posted.json<CreatedComment>();
    await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } });
    const paths = [
      ...CACHEABLE_READS.map(([, path]) => (typeof path === "function" ? path() : path)),
      `/articles/${slug}?cpage=1&replyto=1`,
      `/api/articles/${slug}/comments?limit=10`,
      thread,
      `${thread}?cpage=1`,
      `${thread}/comments?limit=10`,
      `/threads/${encodeURIComponent(page)}/feed.xml`,
      `/api/counts?thread=${encodeURIComponent(page)}&thread=article:${slug}&thread=unknown`,
    ];
    const statements = [];
    for (const path of paths) statements.push(...(await roundTrips(path)).statements);
    const post = await roundTrips(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify(newComment()),
    });
    statements.push(...post.statements);
    const threadPost = await roundTrips(`${thread}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify({ ...newComment(), pageUrl: page, pageTitle: "Plans" }),
    });
    expect(threadPost.response.status).toBe(201);
    statements.push(...threadPost.statements);
    expect(statements.length).toBeGreaterThan(40);
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
