import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { articles, articleTerms, comments, terms } from "../../src/db/schema.ts";
import { settingsOf } from "../../src/domain/settings.ts";
import { readWxr, type WxrEvent } from "../../src/domain/wordpress/wxr.ts";
import type { ImportReport } from "../../src/services/import-records.ts";
import { importWordPress } from "../../src/services/wordpress-import.ts";
import wxrFixture from "../fixtures/wordpress-small.xml?raw";
import { adminFetch, type CreatedComment, db, fetchWorker, newComment, postComment } from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";

/** The fixture fed in small pieces, as a file stream would, to prove tags may span chunks. */
function* chunks(text: string, size = 7) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function importFixture(existing = new Set<string>()): Promise<ImportReport> {
  return importWordPress(db(), readWxr(chunks(wxrFixture)), { keys: settingsOf(env).keys, existing, now: new Date("2026-11-01T00:00:00Z") });
}

let report: ImportReport;
beforeAll(async () => {
  report = await importFixture();
});

describe("reading a WordPress export", () => {
  it("streams posts, then each post's comments, with every field", async () => {
    const events: WxrEvent[] = [];
    for await (const event of readWxr(chunks(wxrFixture, 3))) events.push(event);
    expect(events.filter((e) => e.kind === "post").map((e) => e.post.postId)).toEqual([101, 102, 103, 2, 104]);
    const first = events[0]!;
    expect(first.kind).toBe("post");
    expect(first.post).toMatchObject({
      title: "Café talks: “Ünïcödé” & <friends>",
      guid: "https://old.example.com/?p=101",
      postName: "cafe-talks",
      status: "publish",
      postType: "post",
      postDateGmt: "2025-03-20 12:00:00",
      author: "Edith Orr",
    });
    // An author the export lists without a display name keeps their login as the byline.
    expect(events.find((e) => e.kind === "post" && e.post.postId === 102)!.post.author).toBe("nameless");
    expect(first.post.content).toContain("日本語 and an emoji 🎉");
    // Categories with their domains and nicenames.
    expect(first.post.categories).toEqual([
      { domain: "category", nicename: "news", name: "News" },
      { domain: "category", nicename: "analysis", name: "Analysis" },
      { domain: "post_tag", nicename: "caf%c3%a9-culture", name: "Café culture" },
      { domain: "post_tag", nicename: "pakistan", name: "Pakistan" },
    ]);
    const comment = events.find((e) => e.kind === "comment" && e.comment.commentId === 12);
    expect(comment?.kind === "comment" && comment.comment).toMatchObject({ author: "Ahmed", authorEmail: "ahmed@example.org", parent: 11, approved: "1" });
  });
});

describe("importing it", () => {
  it("keeps the byline, the first category as the section and the tags, with their pages, feeds and old URLs", async () => {
    const article = (await db().select().from(articles).where(eq(articles.slug, "cafe-talks")).get())!;
    expect(article.author).toBe("Edith Orr");
    expect(article.termsJson).toEqual([
      { taxonomy: "section", slug: "news", name: "News" },
      { taxonomy: "tag", slug: "cafe-culture", name: "Café culture" },
      { taxonomy: "tag", slug: "pakistan", name: "Pakistan" },
    ]);
    expect((await db().select().from(articles).where(eq(articles.slug, "second-post")).get())!.termsJson).toEqual([]);
    expect(await (await fetchWorker("/sections/news")).text()).toContain('href="/articles/cafe-talks"');
    expect(await (await fetchWorker("/tags/cafe-culture/feed.xml")).text()).toContain("<dc:creator>Edith Orr</dc:creator>");
    const redirect = await fetchWorker("/tag/caf%C3%A9-culture/feed/", { redirect: "manual" });
    expect(redirect.headers.get("Location")).toBe("/tags/cafe-culture/feed.xml");
  });

  it("keeps the same terms, once each, when the same export is imported again", async () => {
    const memberships = async () => (await db().select().from(articleTerms)).length;
    const before = { rows: await memberships(), terms: (await db().select().from(terms)).length };
    await importFixture();
    expect((await db().select().from(articles).where(eq(articles.slug, "cafe-talks")).get())!.termsJson).toHaveLength(3);
    expect({ rows: await memberships(), terms: (await db().select().from(terms)).length }).toEqual(before);
  });

  it("reports what it created and skipped, by reason", () => {
    expect(report.articles).toEqual({ created: 2, updated: 0, skipped: { "not published": 1, "not a post": 2 } });
    expect(report.comments).toEqual({ created: 6, alreadyImported: 0, skipped: { pingback: 1, trackback: 1 } });
    expect(report.errors).toEqual([]);
  });

  it("publishes posts with sanitized HTML, paragraphs, their excerpt and date", async () => {
    const response = await fetchWorker("/articles/cafe-talks");
    expect(response.status).toBe(200);
    const page = parseDocument(await response.text());
    expect(page.querySelector("h1")!.textContent).toBe("Café talks: “Ünïcödé” & <friends>");
    expect(page.querySelector(".standfirst")!.textContent).toBe("A short excerpt & more.");
    expect(page.querySelector("time")!.getAttribute("datetime")).toBe("2025-03-20T12:00:00.000Z");
    expect(page.querySelector(".byline")!.textContent).toBe("Edith Orr");
    const body = page.querySelector(".article-body")!;
    expect(body.querySelectorAll("p").length).toBeGreaterThanOrEqual(3);
    expect(body.innerHTML).toContain("<strong>bold</strong>");
    expect(body.innerHTML).toContain('<a href="https://example.org/">a link</a>');
    expect(body.textContent).toContain("日本語 and an emoji 🎉");
    expect(body.querySelectorAll("script")).toHaveLength(0);
    expect(body.innerHTML).not.toMatch(/onerror|javascript:/i);
    // An unset GMT date falls back to the RSS date.
    expect((await db().select().from(articles).where(eq(articles.slug, "second-post")).get())!.publishedAt.toISOString()).toBe("2025-03-21T12:00:00.000Z");
  });

  it("keeps threading and statuses, showing only approved comments", async () => {
    const page = parseDocument(await (await fetchWorker("/articles/cafe-talks")).text());
    const texts = [...page.querySelectorAll(".comment-content")].map((element) => element.textContent);
    expect(texts).toEqual(["Great piece & thanks!\nSecond line.", "Replying to Zoë: click x", "A reply to the reply."]);
    expect(page.querySelector("#comments-title")!.textContent).toBe("3 Comments");
    const zoe = page.querySelector(".comment-list > li")!;
    expect(zoe.querySelector(".comment-author a")!.getAttribute("href")).toBe("https://zoe.example.net");
    expect(zoe.querySelector(":scope > ol > li > ol > li > article .comment-content")!.textContent).toBe("A reply to the reply.");
    const statuses = await db().select({ author: comments.author, status: comments.status, depth: comments.depth, ipHash: comments.ipHash }).from(comments);
    expect(statuses.find((row) => row.author === "Waiting Person")!.status).toBe("pending");
    expect(statuses.find((row) => row.author === "Cheap Pills")!.status).toBe("spam");
    expect(statuses.find((row) => row.author === "Binned")!.status).toBe("trash");
    expect(statuses.find((row) => row.author === "Third Level")!.depth).toBe(3);
    expect(statuses.every((row) => row.ipHash === null)).toBe(true);
  });

  it("stores emails like new comments: encrypted, matched for moderation and privacy requests", async () => {
    const rows = JSON.stringify(await env.DB.prepare("SELECT * FROM comments").all());
    expect(rows.toLowerCase()).not.toContain("zoe.reader@example.com");
    const exported = await (await adminFetch("/commenters/export", { method: "POST", json: { email: "zoe.reader@example.com" } })).json<{
      comments: { email: string }[];
    }>();
    expect(exported.comments.map((comment) => comment.email)).toEqual(["Zoe.Reader@Example.com"]);
    // Zoë has an approved comment, so her next one (same name and email) is approved at once.
    const again = await postComment("cafe-talks", newComment({ author: "Zoë Reader", email: "zoe.reader@example.com", body: "Back again" }));
    expect((await again.json<CreatedComment>()).status).toBe("approved");
  });

  it("is idempotent: importing again updates in place and duplicates nothing", async () => {
    const before = await env.DB.prepare("SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM comments) AS c").first();
    const existing = new Set([
      ...(await db().select({ guid: articles.guid }).from(articles)).map((row) => row.guid),
      ...(await db().select({ guid: comments.guid }).from(comments)).map((row) => row.guid),
    ]);
    const again = await importFixture(existing);
    expect(again.articles).toMatchObject({ created: 0, updated: 2 });
    expect(again.comments).toMatchObject({ created: 0, alreadyImported: 6 });
    expect(await env.DB.prepare("SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM comments) AS c").first()).toEqual(before);
  });
});

describe("old WordPress links", () => {
  it.each([
    ["/2025/03/20/cafe-talks/", "/articles/cafe-talks"],
    ["/2025/03/20/cafe-talks", "/articles/cafe-talks"],
    ["/cafe-talks/", "/articles/cafe-talks"],
    ["/?p=101", "/articles/cafe-talks"],
    ["/?p=102", "/articles/second-post"],
    ["/feed/", "/feed.xml"],
    ["/comments/feed/", "/comments/feed.xml"],
    ["/cafe-talks/feed/", "/articles/cafe-talks/feed.xml"],
    ["/2025/03/20/cafe-talks/feed/", "/articles/cafe-talks/feed.xml"],
  ])("%s redirects (301) to %s", async (from, to) => {
    const response = await fetchWorker(from, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe(to);
  });

  it.each(["/no-such-post/", "/?p=999", "/?p=103", "/2025/03/20/a-draft/", "/about/"])("%s is a 404 (unknown, or never published)", async (path) => {
    expect((await fetchWorker(path, { redirect: "manual" })).status).toBe(404);
  });
});

describe("records that break the rules new comments are held to", () => {
  it("are reported by id and skipped, and the rest imported", async () => {
    const post = (comments: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><item><title>Rules apply</title><guid isPermaLink="false">https://old.example/?p=901</guid>
<content:encoded><![CDATA[Body.]]></content:encoded><wp:post_id>901</wp:post_id><wp:post_date_gmt>2025-01-01 00:00:00</wp:post_date_gmt>
<wp:post_name>rules-apply</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>${comments}</item></channel></rss>`;
    const comment = (id: number, author: string, url: string, content: string) =>
      `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[${author}]]></wp:comment_author>
<wp:comment_author_email>c${id}@example.org</wp:comment_author_email><wp:comment_author_url>${url}</wp:comment_author_url>
<wp:comment_date_gmt>2025-01-02 00:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[${content}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>`;
    const xml = post(
      [
        comment(1, "Fine", "https://fine.example", "A fine comment."),
        comment(2, "Scripted", "javascript:alert(1)", "A link that is a script."),
        comment(3, "Long", "", "x".repeat(65_526)),
        comment(4, "admin\u202Egnp.exe", "http://", "Bidi in the name, no website."),
      ].join(""),
    );
    const result = await importWordPress(db(), readWxr([xml]), { keys: settingsOf(env).keys, existing: new Set(), now: new Date() });
    expect(result.comments.created).toBe(2);
    expect(result.errors.map((error) => error.item)).toEqual([expect.stringContaining("comment 2"), expect.stringContaining("comment 3")]);
    expect(result.errors[0]!.message).toContain("url:");
    const stored = await db().select({ author: comments.author, url: comments.url }).from(comments).where(eq(comments.body, "Bidi in the name, no website."));
    expect(stored).toEqual([{ author: "admingnp.exe", url: null }]);
  });
});
