import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { articles, comments } from "../../src/db/schema.ts";
import { type DisqusRecord, readDisqus } from "../../src/domain/disqus/disqus-xml.ts";
import { keyedHash } from "../../src/domain/privacy.ts";
import { settingsOf } from "../../src/domain/settings.ts";
import { stableUuid } from "../../src/domain/stable-ids.ts";
import { outsideSlug, threadIdForUrl } from "../../src/domain/thread-ids.ts";
import { importDisqus } from "../../src/services/disqus-import.ts";
import type { ImportReport } from "../../src/services/import-records.ts";
import disqusFixture from "../fixtures/disqus-small.xml?raw";
import { adminFetch, db, fetchWorker, LAUNCH_SLUG, launchArticle, seedArticle } from "../helpers.ts";

/** The fixture fed in small pieces, as a file stream would, to prove tags may span chunks. */
function* chunks(text: string, size = 7) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const BLOG = "https://blog.example.com";
const FIRST_POST = "https://blog.example.com/2024/05/first-post/";
const URDU_PAGE = "https://blog.example.com/ur/کتاب/";

/** Imports the fixture as `npm run import:disqus` does: knowing what the database already holds. */
async function importFixture(): Promise<ImportReport> {
  const threads = new Map((await db().select({ slug: articles.slug, guid: articles.guid }).from(articles)).map((row) => [row.slug, row.guid]));
  const existing = new Set((await db().select({ guid: comments.guid }).from(comments)).map((row) => row.guid));
  return importDisqus(db(), readDisqus(chunks(disqusFixture)), {
    keys: settingsOf(env).keys,
    existing,
    threads,
    ourOrigins: ["https://news.example.com"],
    allowedOrigins: [BLOG],
    now: new Date("2026-11-01T00:00:00Z"),
  });
}

const postGuid = (dsqId: number) => stableUuid(`disqus:post:${dsqId}`);
async function storedPost(dsqId: number) {
  return (await db()
    .select()
    .from(comments)
    .where(eq(comments.guid, await postGuid(dsqId)))
    .get())!;
}

let first: ImportReport;
beforeAll(async () => {
  await seedArticle(launchArticle());
  first = await importFixture();
});

describe("reading a Disqus export", () => {
  it("streams threads, then posts, with their fields, links and parents", async () => {
    const records: DisqusRecord[] = [];
    for await (const record of readDisqus(chunks(disqusFixture, 3))) records.push(record);
    const threads = records.filter((record) => record.kind === "thread").map((record) => record.thread);
    expect(threads.map((thread) => thread.dsqId)).toEqual(["2001", "2002", "2003", "2004", "2005", "2006", "2007"]);
    expect(threads[1]).toEqual({
      dsqId: "2002",
      identifier: "",
      link: FIRST_POST,
      title: "First post — with “quotes” & ampersands",
      createdAt: "2024-05-01T08:00:00Z",
      isClosed: false,
      isDeleted: false,
    });
    expect(threads[2]).toMatchObject({ identifier: "123 https://blog.example.com/?p=123", isClosed: true });
    const posts = records.filter((record) => record.kind === "post").map((record) => record.post);
    expect(posts).toHaveLength(11);
    expect(posts[2]).toMatchObject({
      dsqId: "3003",
      threadId: "2002",
      parentId: "3002",
      author: { name: "Guest Reader", email: "", username: "", isAnonymous: true },
    });
    expect(posts[3]).toMatchObject({ isSpam: true, isDeleted: false, author: { email: "spammer@example.net" } });
    // A thread's nested <author> and a post's <thread> reference don't confuse the two.
    expect(posts[0]).toMatchObject({ threadId: "2001", parentId: null, message: "<p>Thoughtful piece.</p><p>Second paragraph &amp; more.</p>" });
  });
});

describe("importing it", () => {
  it("reports threads and comments created, skipped by reason, and the records that break the rules", () => {
    expect(first.articles).toEqual({ created: 2, updated: 2, skipped: { deleted: 1 } });
    expect(first.comments).toEqual({ created: 7, alreadyImported: 0, skipped: { empty: 1, "thread not imported": 1, "no date": 1 } });
    expect(first.errors.map((error) => error.item)).toEqual([
      "thread 2006 (javascript:alert(1))",
      "thread 2007 (https://elsewhere.example.net/page/)",
      "post 3011 (thread 2002)",
    ]);
    expect(first.errors[1]!.message).toMatch(/^link: Not on a site allowed to embed comments/);
    expect(first.errors[2]!.message).toMatch(/^author: Keep this under 245 characters/);
  });

  it("makes each page an outside thread under the id the widget gives it there, merging links that name one page", async () => {
    const thread = await (await fetchWorker(`/api/threads/${encodeURIComponent(threadIdForUrl(FIRST_POST)!)}`)).json<{
      thread: { title: string; url: string; commentCount: number; open: boolean };
      comments: { author: string; parentId: number | null; depth: number; bodyHtml: string }[];
    }>();
    expect(thread.thread).toEqual({ id: FIRST_POST, title: "First post — with “quotes” & ampersands", url: FIRST_POST, commentCount: 3, open: true });
    expect(thread.comments.map((comment) => [comment.author, comment.depth])).toEqual([
      ["Zoë", 1],
      ["Guest Reader", 2],
      ["Feed Reader", 1],
    ]);
    // Disqus's shortened link text gives way to the address; other links keep theirs after their text.
    expect(thread.comments[0]!.bodyHtml).toContain('<a href="https://example.org/a/very/long/path/to/a/page"');
    expect(thread.comments[0]!.bodyHtml).toContain("this one (<a href=");
    const urdu = await (await fetchWorker(`/api/threads/${encodeURIComponent(threadIdForUrl(URDU_PAGE)!)}`)).json<{
      thread: { open: boolean; title: string };
    }>();
    expect(urdu.thread).toMatchObject({ title: "اردو کی کتاب", open: false });
    const stored = await db()
      .select({ kind: articles.kind, pageUrl: articles.pageUrl })
      .from(articles)
      .where(eq(articles.slug, outsideSlug(threadIdForUrl(URDU_PAGE)!)))
      .get();
    // Kept as the widget sends it: in ASCII, as the URL parser writes it.
    expect(stored).toEqual({ kind: "outside", pageUrl: new URL(URDU_PAGE).href });
  });

  it("brings a thread on one of our articles to that article", async () => {
    const page = await (await fetchWorker(`/articles/${LAUNCH_SLUG}`)).text();
    expect(page).toContain("Thoughtful piece.");
    expect(page).toContain("The Analyst");
  });

  it("keeps each post's status: spam, deleted ones in the trash, the rest published", async () => {
    expect((await storedPost(3002)).status).toBe("approved");
    expect((await storedPost(3004)).status).toBe("spam");
    expect((await storedPost(3005)).status).toBe("trash");
    const reply = await storedPost(3003);
    expect(reply.parentId).toBe((await storedPost(3002)).id);
    expect(reply.createdAt.toISOString()).toBe("2024-05-01T10:00:00.000Z");
  });

  it("keeps emails private: encrypted and keyed-hashed as new commenters' are, found by a privacy request", async () => {
    const zoe = await storedPost(3002);
    expect(zoe.emailEncrypted).not.toContain("zoe@example.com");
    expect(zoe.emailHash).toBe(await keyedHash(env.HASH_KEY, "email", "zoe@example.com"));
    expect(zoe.ipHash).toBeNull();
    expect((await storedPost(3001)).emailHash).toBe(await keyedHash(env.HASH_KEY, "email", "analyst@example.org"));
    const request = await (await adminFetch("/commenters/export", { method: "POST", json: { email: "zoe@example.com" } })).json<{
      comments: { body: string }[];
    }>();
    expect(request.comments.map((comment) => comment.body).sort()).toEqual([
      "Great first post! See https://example.org/a/very/long/path/to/a/page\nand this one (https://example.net/).",
      "Something I regret.",
    ]);
    const anonymous = await storedPost(3003);
    expect(anonymous.emailEncrypted).toBe("");
  });

  it("imports the same file again without duplicates, keeping threads and statuses", async () => {
    const guids = await Promise.all([3001, 3002, 3003, 3004, 3005, 3007, 3008].map(postGuid));
    const before = await db().select({ id: comments.id, status: comments.status }).from(comments).where(inArray(comments.guid, guids));
    const threadsBefore = await db().select({ slug: articles.slug }).from(articles);
    const again = await importFixture();
    expect(again.articles).toEqual({ created: 0, updated: 4, skipped: { deleted: 1 } });
    expect(again.comments).toEqual({ created: 0, alreadyImported: 7, skipped: { empty: 1, "thread not imported": 1, "no date": 1 } });
    expect(await db().select({ id: comments.id, status: comments.status }).from(comments).where(inArray(comments.guid, guids))).toEqual(before);
    expect(await db().select({ slug: articles.slug }).from(articles)).toEqual(threadsBefore);
  });

  it("joins a thread the widget created before the import rather than making another", async () => {
    const page = "https://blog.example.com/already-commented/";
    const posted = await fetchWorker(`/api/threads/${encodeURIComponent(page)}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.77" },
      body: JSON.stringify({ author: "Early", email: "early@example.com", body: "Before the move.", pageUrl: page, pageTitle: "Already commented" }),
    });
    expect(posted.status).toBe(201);
    const xml = `<disqus xmlns:dsq="x"><thread dsq:id="1"><link>${page}</link><title>Old title</title><createdAt>2020-01-01T00:00:00Z</createdAt></thread>
      <post dsq:id="9"><message>Old comment</message><createdAt>2020-01-02T00:00:00Z</createdAt><author><name>Old</name></author><thread dsq:id="1"/></post></disqus>`;
    const threads = new Map((await db().select({ slug: articles.slug, guid: articles.guid }).from(articles)).map((row) => [row.slug, row.guid]));
    const report = await importDisqus(db(), readDisqus([xml]), {
      keys: settingsOf(env).keys,
      existing: new Set(),
      threads,
      ourOrigins: [],
      allowedOrigins: [BLOG],
      now: new Date(),
    });
    expect(report.articles).toMatchObject({ created: 0, updated: 1 });
    const rows = await db()
      .select()
      .from(articles)
      .where(eq(articles.slug, outsideSlug(page)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: "Already commented", commentCount: 1 });
  });
});
