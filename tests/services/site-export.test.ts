import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.ts";
import { InstrumentedD1 } from "../../src/db/instrumented-d1.ts";
import { ARTICLES_TAG, articleTag, COMMENTS_TAG } from "../../src/domain/cache-tags.ts";
import { type SiteExport, siteExport } from "../../src/domain/export-format.ts";
import { settingsOf } from "../../src/domain/settings.ts";
import { purgeLocally } from "../../src/http/edge-cache.ts";
import { exportSite, importSite } from "../../src/services/site-export.ts";
import { adminFetch, db, fetchWorker, launchArticle, newComment, nextClientIp, postApprovedComment, postComment, seedArticle } from "../helpers.ts";
import { IMAGES, imageFile } from "../images.ts";

async function exportJson(query = "") {
  const response = await adminFetch(`/export${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  return JSON.parse(await response.text()) as Record<string, unknown> & {
    comments: Record<string, unknown>[];
    articles: Record<string, unknown>[];
    media: Record<string, unknown>[];
  };
}

const withoutDate = ({ exportedAt: _, ...rest }: Record<string, unknown>) => rest;

describe("GET /api/admin/export", () => {
  it("needs the owner's token", async () => {
    expect((await adminFetch("/export", { headers: { Authorization: "" } })).status).toBe(401);
  });

  it("round-trips: an empty instance that imports the export exports the same site", async () => {
    const launch = await seedArticle({
      ...launchArticle(),
      author: "Jane Doe",
      terms: [
        { taxonomy: "section", slug: "analysis", name: "Analysis" },
        { taxonomy: "tag", slug: "pakistan", name: "Pakistan" },
      ],
    });
    const other = await seedArticle();
    const root = await postApprovedComment(launch.slug, newComment({ email: "Root.Person@example.com", url: "https://root.example" }));
    const reply = await postApprovedComment(launch.slug, newComment({ parentId: root.id }));
    await postApprovedComment(launch.slug, newComment({ parentId: reply.id, body: "Ünïcödé & <tags>\n\nsecond paragraph" }));
    await postComment(other.slug, newComment({ body: "held" }));
    expect((await adminFetch(`/articles/${other.slug}`, { method: "DELETE" })).status).toBe(204);
    // The desk's fields: a byline, a featured image, a draft, a schedule, old slugs.
    const form = new FormData();
    form.append("file", imageFile(IMAGES.png, "chart.png"));
    form.append("alt", "A chart");
    const { media } = await (await adminFetch("/media", { method: "POST", body: form })).json<{ media: { url: string } }>();
    const moved = `moved-${crypto.randomUUID().slice(0, 8)}`;
    await adminFetch(`/articles/${launch.slug}`, {
      method: "PATCH",
      json: { author: "Desk Writer", featuredImage: media.url, slug: moved, tags: ["Pakistan", "Elections"] },
    });
    await adminFetch(`/articles/${moved}`, { method: "PATCH", json: { slug: launch.slug } });
    await adminFetch(`/articles/draft-${moved}`, { method: "PUT", json: { title: "A draft", body: "Not yet.", status: "draft" } });
    await adminFetch(`/articles/later-${moved}`, {
      method: "PUT",
      json: { title: "Later", body: "Soon.", publishedAt: new Date(Date.now() + 86_400_000).toISOString() },
    });

    // An outside page's thread, created by its first comment (held: a first-time commenter).
    const outsidePage = `https://blog.example.com/round-trip/${crypto.randomUUID().slice(0, 8)}/`;
    const outside = await fetchWorker(`/api/threads/${encodeURIComponent(outsidePage)}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify({ ...newComment({ email: "Out.Side@example.com" }), pageUrl: outsidePage, pageTitle: "Elsewhere" }),
    });
    expect(outside.status).toBe(201);

    const original = await exportJson("?include=emails");
    const parsed = siteExport.safeParse(original);
    expect(parsed.success).toBe(true);
    expect(original.articles).toHaveLength(5);
    expect(original.comments).toHaveLength(5);
    expect(original.articles[4]).toMatchObject({ kind: "outside", slug: `thread:${outsidePage}`, title: "Elsewhere", pageUrl: outsidePage, body: "" });
    expect(original.articles[0]).toMatchObject({
      slug: launch.slug,
      author: "Desk Writer",
      featuredImage: { alt: "A chart", type: "image/png" },
      formerSlugs: [moved],
      terms: [
        { taxonomy: "section", slug: "analysis", name: "Analysis" },
        { taxonomy: "tag", slug: "elections", name: "Elections" },
        { taxonomy: "tag", slug: "pakistan", name: "Pakistan" },
      ],
    });
    expect(original.articles.map((article) => article.status)).toEqual(["published", "unpublished", "draft", "published", "unpublished"]);
    expect(original.media).toEqual([expect.objectContaining({ alt: "A chart", key: new URL(media.url).pathname.slice("/media/".length) })]);
    expect(original.comments[0]).toMatchObject({ id: root.id, email: "Root.Person@example.com", parentGuid: null });

    // An empty instance…
    const launchTag = articleTag((await env.DB.prepare("SELECT id FROM articles WHERE slug = ?").bind(launch.slug).first<{ id: number }>())!.id);
    await env.DB.batch(
      [
        "idempotency_keys",
        "comments",
        "article_revisions",
        "former_slugs",
        "article_terms",
        "terms",
        "articles",
        "media",
        "rendered_responses",
        "cache_versions",
      ].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
    );
    // Emptied around the Worker: what this location's stand-in for the edge kept of it goes too.
    await purgeLocally([launchTag, ARTICLES_TAG, COMMENTS_TAG]);
    expect((await fetchWorker(`/articles/${launch.slug}`)).status).toBe(404);
    // …imports the file.
    await importSite(db(), parsed.data as SiteExport, settingsOf(env).keys, new Date());

    const again = await exportJson("?include=emails");
    expect(withoutDate(again)).toEqual(withoutDate(original));
    const page = await (await fetchWorker(`/articles/${launch.slug}`)).text();
    expect(page).toContain("3 Comments");
    expect(page).toContain(`id="comment-${reply.id}"`); // old #comment links still land
    expect((await fetchWorker(`/articles/${moved}`, { redirect: "manual" })).headers.get("Location")).toBe(`/articles/${launch.slug}`);
    expect(page).toContain("Ünïcödé &amp; &lt;tags&gt;");
    expect(page).toContain('href="/sections/analysis"');
    expect(page).toContain('href="/tags/elections"');
    // Emails came back encrypted and matchable: the privacy export finds the commenter.
    const commenter = await (await adminFetch("/commenters/export", { method: "POST", json: { email: "root.person@example.com" } })).json<{
      comments: unknown[];
    }>();
    expect(commenter.comments).toHaveLength(1);
    // The outside thread came back as one, never an article.
    expect(await (await fetchWorker(`/api/threads/${encodeURIComponent(outsidePage)}`)).json()).toMatchObject({
      thread: { title: "Elsewhere", url: outsidePage },
    });
    expect((await fetchWorker(`/articles/${encodeURIComponent(`thread:${outsidePage}`)}`)).status).toBe(404);
  });

  it("still reads exports written before bylines, images, drafts and old slugs", () => {
    const older = {
      format: "wirepost-export",
      version: 1,
      exportedAt: "2026-01-01T00:00:00.000Z",
      includesEmails: false,
      articles: [
        {
          guid: crypto.randomUUID(),
          slug: "old",
          title: "Old",
          summary: "",
          body: "b",
          bodyHtml: "<p>b</p>",
          source: null,
          status: "published",
          publishedAt: "2025-01-01T00:00:00.000Z",
          updatedAt: "2025-01-01T00:00:00.000Z",
          wpPostId: null,
        },
      ],
      comments: [],
    };
    expect(siteExport.safeParse(older).success).toBe(true);
  });

  it("leaves emails out unless asked", async () => {
    await postApprovedComment((await seedArticle()).slug, newComment({ email: "hidden@example.com" }));
    const text = JSON.stringify(await exportJson());
    expect(text).not.toContain("hidden@example.com");
    expect(text).not.toContain('"email"');
  });
});

describe("exportSite", () => {
  it("reads the next page of rows only when the previous one has been taken (backpressure)", async () => {
    const { slug } = await seedArticle();
    const articleId = (await env.DB.prepare("SELECT id FROM articles WHERE slug = ?").bind(slug).first<{ id: number }>())!.id;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
       INSERT INTO comments (guid, article_id, depth, author, email_encrypted, email_hash, body, body_html, body_hash, status, created_at, updated_at)
       SELECT printf('e0000000-0000-4000-8000-%012d', i), ?, 1, 'Bulk', '', 'bulk-' || i, 'x', '<p>x</p>', 'b' || i, 'approved', 0, 0 FROM n`,
    )
      .bind(articleId)
      .run();
    const d1 = new InstrumentedD1();
    const reader = exportSite(createDb(d1.wrap(env.DB) as D1Database), env.EMAIL_KEY, false, new Date()).getReader();
    await reader.read(); // the header
    await reader.read(); // the articles
    await reader.read(); // the comments begin
    await reader.read(); // the first 500 comments
    expect(d1.count).toBe(2);
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    expect(d1.count).toBeGreaterThanOrEqual(4);
    expect(text.endsWith("]}\n")).toBe(true);
  });

  it("names the comments whose email it could not decrypt, instead of dropping them silently", async () => {
    const { slug } = await seedArticle();
    const comment = await postApprovedComment(slug, newComment());
    await env.DB.prepare("UPDATE comments SET email_encrypted = '9.broken.value' WHERE id = ?").bind(comment.id).run();
    const exported = await exportJson("?include=emails");
    expect(exported.includesEmails).toBe(true);
    expect(exported.emailsUnavailable).toContainEqual({ id: comment.id, guid: expect.any(String) });
    expect(exported.comments.find((row) => row.id === comment.id)).not.toHaveProperty("email");
    expect(siteExport.safeParse(exported).success).toBe(true);
  });
});

describe("importing an export", () => {
  it("holds every record to the rules new ones are held to: bad ones are reported by id and skipped", async () => {
    const articleGuid = crypto.randomUUID();
    const base = { parentGuid: null, status: "approved" as const, createdAt: new Date(), updatedAt: new Date(), articleGuid };
    const data: SiteExport = {
      format: "wirepost-export",
      version: 1,
      exportedAt: new Date().toISOString(),
      includesEmails: true,
      articles: [
        {
          guid: articleGuid,
          slug: `imported-${articleGuid.slice(0, 8)}`,
          title: "Imported",
          summary: "",
          body: "b",
          bodyHtml: "<p>b</p>",
          source: null,
          status: "published",
          publishedAt: new Date(),
          updatedAt: new Date(),
          wpPostId: null,
        },
        {
          guid: crypto.randomUUID(),
          slug: "too-long",
          title: "t".repeat(501),
          summary: "",
          body: "b",
          bodyHtml: "",
          source: null,
          status: "published",
          publishedAt: new Date(),
          updatedAt: new Date(),
          wpPostId: null,
        },
      ],
      comments: [
        { ...base, id: 990_001, guid: crypto.randomUUID(), author: "Good", email: "good@example.com", url: "https://good.example", body: "Fine." },
        { ...base, id: 990_002, guid: crypto.randomUUID(), author: "Bad", email: "bad@example.com", url: "javascript:alert(1)", body: "Scripted link." },
        { ...base, id: 990_003, guid: crypto.randomUUID(), author: "\u200B", email: "", url: null, body: "No name." },
      ],
    };
    const report = await importSite(db(), data, settingsOf(env).keys, new Date());
    expect(report).toMatchObject({ articles: 1, comments: 1 });
    expect(report.skipped.map((skip) => skip.item)).toEqual([expect.stringContaining("too-long"), "comment 990002", "comment 990003"]);
    const page = await (await fetchWorker(`/articles/imported-${articleGuid.slice(0, 8)}`)).text();
    expect(page).toContain("Fine.");
    expect(page).not.toContain("javascript:");
  });
});
