import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { articles, comments } from "../../src/db/schema.ts";
import { emailKeyring, encryptCommentEmail, keyedHash } from "../../src/domain/privacy.ts";
import { outsideSlug } from "../../src/domain/thread-ids.ts";
import { issueFormToken } from "../../src/services/form-token.ts";
import { adminFetch, type CreatedComment, db, fetchWorker, newComment, nextClientIp, postApprovedComment, seedArticle, signInToAdmin } from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";

const BLOG = "https://blog.example.com";
const OTHER = "https://news.example.org:8443";

let pages = 0;
/** A page of an allowed site no comment has been posted on yet: its thread id is its URL. */
function newPage(origin = BLOG) {
  pages += 1;
  const url = `${origin}/2026/11/post-${pages}-${crypto.randomUUID().slice(0, 8)}/`;
  return { url, id: url, title: `Post ${pages} on the blog` };
}

/** The stored rows of thread `id` (an outside page's thread is an article row of its own). */
const threadRows = (id: string) =>
  db()
    .select()
    .from(articles)
    .where(eq(articles.slug, outsideSlug(id)));

const threadPath = (id: string) => `/api/threads/${encodeURIComponent(id)}`;

/** Posts to an outside thread as an API client (no Origin: not a browser page), or as a page of `origin`. */
function postToThread(
  id: string,
  payload: Record<string, unknown>,
  { origin, ip = nextClientIp(), headers = {} }: { origin?: string; ip?: string; headers?: Record<string, string> } = {},
) {
  return fetchWorker(`${threadPath(id)}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip, ...(origin ? { Origin: origin } : {}), ...headers },
    body: JSON.stringify(payload),
  });
}

const onPage = (page: { url: string; title: string }, comment = newComment()) => ({ ...comment, pageUrl: page.url, pageTitle: page.title });

async function errorOf(response: Response, status: number) {
  expect(response.status).toBe(status);
  return (await response.json<{ error: { code: string; fields?: Record<string, string> } }>()).error;
}

async function approve(id: number) {
  expect((await adminFetch(`/comments/${id}`, { method: "PATCH", json: { status: "approved" } })).status).toBe(200);
}

describe("POST /api/threads/:thread/comments", () => {
  it("creates the thread on its first comment, as an outside page's, and answers as the article API", async () => {
    const page = newPage();
    const payload = onPage(page, newComment({ author: "Ada", body: "From the blog" }));
    const response = await postToThread(page.id, payload);
    expect(response.status).toBe(201);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const created = await response.json<CreatedComment & { notify: string }>();
    expect(created).toMatchObject({ status: "pending", notify: "none", comment: { author: "Ada", parentId: null, depth: 1 } });
    expect(response.headers.get("Location")).toBe(`${page.url}#comment-${created.comment.id}`);
    const thread = (await threadRows(page.id))[0];
    expect(thread).toMatchObject({ kind: "outside", title: page.title, pageUrl: page.url, status: "unpublished", commentStatus: "open", body: "" });
    // Its email is stored as any comment's: encrypted and keyed-hashed, never in the clear.
    const stored = await db().select().from(comments).where(eq(comments.id, created.comment.id)).get();
    expect(stored!.articleId).toBe(thread!.id);
    expect(stored!.emailEncrypted).not.toContain(String(payload.email));
    expect(stored!.emailHash).toBe(await keyedHash(env.HASH_KEY, "email", String(payload.email).toLowerCase()));
    expect(await encryptCommentEmail(await emailKeyring(env.EMAIL_KEY), "x@example.com", stored!.guid)).not.toBe(stored!.emailEncrypted);
  });

  it("keeps the thread's first page address and title", async () => {
    const page = newPage();
    const first = await postToThread(page.id, onPage(page));
    expect(first.status).toBe(201);
    // Making the thread costs two more round trips, once per page; a later top-level post takes the article API's one
    // (a write that checks what the first post read still holds).
    expect(first.headers.get("Server-Timing")).toContain("D1 round trips: 4");
    const second = await postToThread(page.id, onPage({ url: `${page.url}?utm_source=later`, title: "Renamed" }));
    expect(second.status).toBe(201);
    expect(second.headers.get("Server-Timing")).toContain("D1 round trips: 1");
    const thread = (await threadRows(page.id))[0];
    expect(thread).toMatchObject({ title: page.title, pageUrl: page.url });
    expect(await threadRows(page.id)).toHaveLength(1);
  });

  it("keeps only the page's origin and path: a reader's query and fragment, and characters outside ASCII, never reach feeds, emails or links", async () => {
    const page = newPage();
    const address = `${page.url}日本?email=reader%40mail.example&utm_source=x#frag`;
    const id = `${page.url}~E6~97~A5~E6~9C~AC`; // the default thread id of that address
    const response = await postToThread(id, onPage({ url: address, title: page.title }));
    expect(response.status).toBe(201);
    const { comment } = await response.json<CreatedComment>();
    const kept = `${page.url}%E6%97%A5%E6%9C%AC`;
    expect(response.headers.get("Location")).toBe(`${kept}#comment-${comment.id}`);
    const thread = await fetchWorker(threadPath(id));
    expect((await thread.json<{ thread: { url: string } }>()).thread.url).toBe(kept);
  });

  it("refuses a page whose address is not the thread's own: a page's thread names that page alone (422, nothing stored)", async () => {
    const page = newPage();
    const error = await errorOf(await postToThread(page.id, onPage({ url: `${BLOG}/someone-else/`, title: "Not this page" })), 422);
    expect(error).toMatchObject({ code: "validation_failed", fields: { pageUrl: expect.stringContaining("another page's") } });
    expect(await threadRows(page.id)).toHaveLength(0);
    // Its http twin is the same page (moved to https), and a thread id the host chose names whatever page it is on.
    expect((await postToThread(page.id.replace("https://", "http://"), onPage(page))).status).toBe(201);
    expect((await postToThread(`chosen-${crypto.randomUUID()}`, onPage({ url: `${BLOG}/someone-else/`, title: "Chosen" }))).status).toBe(201);
  });

  it("refuses a page that is not on an allowed site: 403 origin_not_allowed, nothing stored", async () => {
    const page = newPage("https://evil.example.net");
    expect((await errorOf(await postToThread(page.id, onPage(page)), 403)).code).toBe("origin_not_allowed");
    // Scheme and port are part of the site.
    for (const url of ["http://blog.example.com/x", "https://blog.example.com:444/x", "https://news.example.org/x"]) {
      expect((await errorOf(await postToThread("t-1", onPage({ url, title: "T" })), 403)).code).toBe("origin_not_allowed");
    }
    expect(await threadRows(page.id)).toHaveLength(0);
    expect((await postToThread("t-2", onPage({ url: `${OTHER}/story`, title: "T" }))).status).toBe(201);
  });

  it("holds pageUrl and pageTitle to rules: 422 naming each", async () => {
    const bad = await errorOf(await postToThread("t-3", { ...newComment(), pageUrl: "javascript:alert(1)", pageTitle: "" }), 422);
    expect(bad.code).toBe("validation_failed");
    expect(Object.keys(bad.fields!).sort()).toEqual(["pageTitle", "pageUrl"]);
    const long = await errorOf(await postToThread("t-3", onPage({ url: `${BLOG}/${"a".repeat(2000)}`, title: "x".repeat(501) })), 422);
    expect(Object.keys(long.fields!).sort()).toEqual(["pageTitle", "pageUrl"]);
    // The comment's own fields as the article API checks them.
    const fields = await errorOf(await postToThread("t-3", { ...onPage(newPage()), author: "", email: "nope", body: "" }), 422);
    expect(Object.keys(fields.fields!).sort()).toEqual(["author", "body", "email"]);
  });

  it("refuses thread ids no page can give: 400 invalid_thread, before anything else", async () => {
    // ("." and ".." never reach a route: URLs resolve them away.)
    for (const id of ["a b", "x".repeat(201), "article:us-pakistan", "ü", "a?b"]) {
      expect((await errorOf(await postToThread(id, onPage(newPage())), 400)).code).toBe("invalid_thread");
    }
  });

  it("answers every refusal of the article API: closed, duplicate, flood, reply to another thread", async () => {
    const page = newPage();
    const first = onPage(page);
    const ip = nextClientIp();
    expect((await postToThread(page.id, first, { ip })).status).toBe(201);
    expect((await errorOf(await postToThread(page.id, first, { ip }), 409)).code).toBe("duplicate_comment");
    const elsewhere = await postApprovedComment((await seedArticle()).slug);
    const reply = await errorOf(await postToThread(page.id, onPage(page, newComment({ parentId: elsewhere.id }))), 422);
    expect(reply.fields).toHaveProperty("parentId");
    await db()
      .update(articles)
      .set({ commentStatus: "closed" })
      .where(eq(articles.slug, outsideSlug(page.id)));
    expect((await errorOf(await postToThread(page.id, onPage(page)), 403)).code).toBe("comments_closed");
  });

  it("files a browser page's post without a fresh form token, or with the hidden field filled, as spam, answered as held", async () => {
    const page = newPage();
    const token = await issueFormToken(env.HASH_KEY, outsideSlug(page.id), new Date(Date.now() - 30_000));
    const cases = [
      { formToken: token, subject: "" },
      { formToken: token, subject: "bot" },
      { formToken: await issueFormToken(env.HASH_KEY, outsideSlug(page.id), new Date()) },
      {},
      { formToken: await issueFormToken(env.HASH_KEY, outsideSlug("another"), new Date(Date.now() - 30_000)) },
    ];
    const statuses: string[] = [];
    for (const extra of cases) {
      const response = await postToThread(page.id, { ...onPage(page), ...extra }, { origin: BLOG });
      expect(response.status).toBe(201);
      const { comment, status } = await response.json<CreatedComment>();
      expect(status).toBe("pending");
      statuses.push((await db().select({ status: comments.status }).from(comments).where(eq(comments.id, comment.id)).get())!.status);
    }
    expect(statuses).toEqual(["pending", "spam", "spam", "spam", "spam"]);
  });
});

describe("reading a thread", () => {
  it("GET /api/threads/:thread/comments lists approved comments as the article API does; an unknown thread is empty", async () => {
    const page = newPage();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await (await postToThread(page.id, onPage(page))).json<CreatedComment>();
      await approve(created.comment.id);
      ids.push(created.comment.id);
    }
    const held = await (await postToThread(page.id, onPage(page))).json<CreatedComment>();
    const first = await fetchWorker(`${threadPath(page.id)}/comments?limit=2`);
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toMatch(/^public/);
    const body = await first.json<{ comments: { id: number }[]; nextCursor: string }>();
    expect(body.comments.map((c) => c.id)).toEqual(ids.slice(0, 2));
    const rest = await (await fetchWorker(`${threadPath(page.id)}/comments?limit=2&cursor=${body.nextCursor}`)).json<{
      comments: { id: number }[];
      nextCursor: null;
    }>();
    expect(rest).toEqual({ comments: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
    expect([...body.comments, ...rest.comments].map((c) => c.id)).not.toContain(held.comment.id);
    expect(await (await fetchWorker(`${threadPath("never-commented")}/comments`)).json()).toEqual({ comments: [], nextCursor: null });
    expect((await errorOf(await fetchWorker(`${threadPath(page.id)}/comments?limit=0`), 400)).code).toBe("invalid_query");
  });

  it("GET /api/threads/:thread gives the widget a page of threads with replies, the thread, and the pages around it", async () => {
    const page = newPage();
    const parent = await (await postToThread(page.id, onPage(page))).json<CreatedComment>();
    await approve(parent.comment.id);
    const reply = await (await postToThread(page.id, onPage(page, newComment({ parentId: parent.comment.id })))).json<CreatedComment>();
    await approve(reply.comment.id);
    const response = await fetchWorker(threadPath(page.id));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      thread: { id: page.id, title: page.title, url: page.url, commentCount: 2, open: true },
      comments: [
        expect.objectContaining({ id: parent.comment.id, depth: 1 }),
        expect.objectContaining({ id: reply.comment.id, parentId: parent.comment.id, depth: 2 }),
      ],
      repliedTo: [],
      page: 1,
      previousPage: null,
      nextPage: null,
    });
    expect(await (await fetchWorker(threadPath("not-yet"))).json()).toMatchObject({ thread: { id: "not-yet", commentCount: 0, open: true }, comments: [] });
    expect((await errorOf(await fetchWorker(`${threadPath(page.id)}?cpage=2`), 404)).code).toBe("not_found");
  });

  it("pages a thread as our pages do: the newest page first, the others by ?cpage=, replies linked to parents on other pages", async () => {
    expect((await adminFetch("/settings", { method: "PATCH", json: { commentsPerPage: 10 } })).status).toBe(200);
    try {
      const page = newPage();
      const ids: number[] = [];
      for (let i = 0; i < 11; i++) {
        const created = await (await postToThread(page.id, onPage(page))).json<CreatedComment>();
        await approve(created.comment.id);
        ids.push(created.comment.id);
      }
      const reply = await (await postToThread(page.id, onPage(page, newComment({ author: "Late", parentId: ids[0] })))).json<CreatedComment>();
      await approve(reply.comment.id);
      type Page = { comments: { id: number }[]; repliedTo: { id: number; page: number }[]; page: number; previousPage: number | null; nextPage: number | null };
      const newest = await (await fetchWorker(threadPath(page.id))).json<Page>();
      expect(newest).toMatchObject({ page: 2, previousPage: 1, nextPage: null });
      expect(newest.comments.map((c) => c.id)).toEqual([ids[10], reply.comment.id]);
      expect(newest.repliedTo).toEqual([expect.objectContaining({ id: ids[0], page: 1 })]);
      const first = await (await fetchWorker(`${threadPath(page.id)}?cpage=1`)).json<Page>();
      expect(first).toMatchObject({ page: 1, previousPage: null, nextPage: 2, repliedTo: [] });
      expect(first.comments.map((c) => c.id)).toEqual(ids.slice(0, 10));
    } finally {
      await adminFetch("/settings", { method: "PATCH", json: { commentsPerPage: 50 } });
    }
  });

  it("gives the widget's form a fresh token, never cached", async () => {
    const response = await fetchWorker(`${threadPath("a-thread")}/form-token`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await response.json<{ formToken: string; turnstileSiteKey: null; notifyOffered: boolean }>();
    expect(body).toMatchObject({ turnstileSiteKey: null, notifyOffered: true });
    expect(body.formToken).toMatch(/^\d+\.[0-9a-f]{32}$/);
  });

  it("never serves an outside thread as an article", async () => {
    const page = newPage();
    const created = await (await postToThread(page.id, onPage(page))).json<CreatedComment>();
    await approve(created.comment.id);
    const slug = encodeURIComponent(outsideSlug(page.id));
    for (const path of [`/articles/${slug}`, `/articles/${slug}/feed.xml`, `/api/articles/${slug}`, `/api/articles/${slug}/comments`]) {
      expect((await fetchWorker(path)).status).toBe(404);
    }
    for (const path of ["/", "/feed.xml", "/api/articles"]) expect(await (await fetchWorker(path)).text()).not.toContain(page.title);
    expect((await errorOf(await adminFetch(`/articles/${slug}`), 404)).code).toBe("not_found");
  });
});

describe("outside threads share everything with articles", () => {
  it("have feeds of their own and join the site's comment feed, linking to the page that embeds them", async () => {
    const page = newPage();
    const created = await (await postToThread(page.id, onPage(page, newComment({ author: "Feeder", body: "Fed to readers" })))).json<CreatedComment>();
    await approve(created.comment.id);
    const feed = await fetchWorker(`/threads/${encodeURIComponent(page.id)}/feed.json`);
    expect(feed.status).toBe(200);
    const json = await feed.json<{ title: string; home_page_url: string; feed_url: string; items: { url: string; title: string }[] }>();
    expect(json.title).toBe(`Comments on: ${page.title}`);
    expect(json.home_page_url).toBe(page.url);
    expect(json.feed_url).toBe(`http://wirepost.test/threads/${encodeURIComponent(page.id)}/feed.json`);
    expect(json.items).toEqual([expect.objectContaining({ url: `${page.url}#comment-${created.comment.id}:1`, title: `Comment on ${page.title} by Feeder` })]);
    const site = await (await fetchWorker("/comments/feed.json")).json<{ items: { url: string }[] }>();
    expect(site.items.map((item) => item.url)).toContain(`${page.url}#comment-${created.comment.id}:1`);
    // Any other spelling of the thread's feed is sent to its one URL.
    const other = await fetchWorker(`/threads/${encodeURIComponent(page.id).replaceAll("%3A", "%3a")}/feed.xml`, { redirect: "manual" });
    expect(other.status).toBe(301);
    expect((await fetchWorker("/threads/never-commented/feed.xml")).status).toBe(404);
  });

  it("are erased with the commenter, and listed in the moderation queue with their page", async () => {
    const page = newPage();
    const email = `erase.me.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const created = await (await postToThread(page.id, onPage(page, newComment({ email })))).json<CreatedComment>();
    const queued = await (await adminFetch(`/comments?status=pending&article=${encodeURIComponent(outsideSlug(page.id))}`)).json<{
      comments: { id: number; article: { title: string; pageUrl: string } }[];
    }>();
    expect(queued.comments).toEqual([
      expect.objectContaining({ id: created.comment.id, article: expect.objectContaining({ title: page.title, pageUrl: page.url }) }),
    ]);
    // The moderation page says which page of which site it is on, and links to it there.
    const cookie = await signInToAdmin();
    const admin = parseDocument(
      await (await fetchWorker(`/admin?article=${encodeURIComponent(outsideSlug(page.id))}`, { headers: { Cookie: cookie } })).text(),
    );
    const row = admin.querySelector(`#moderate-${created.comment.id}`)!;
    expect(row.textContent).toContain(`a page of another site: ${page.url}`);
    expect(row.querySelector(`a[href="${page.url}#comment-${created.comment.id}"]`)!.textContent).toBe(page.title);
    expect(await (await adminFetch("/commenters/erase", { method: "POST", json: { email } })).json()).toEqual({ erased: 1 });
    const stored = await db().select().from(comments).where(eq(comments.id, created.comment.id)).get();
    expect(stored).toMatchObject({ author: "Anonymous", emailEncrypted: "" });
  });
});

describe("GET /api/counts", () => {
  it("counts approved comments of several threads and articles in one request, and follows approvals", async () => {
    const article = await seedArticle();
    const [a, b] = [newPage(), newPage()];
    const held = await (await postToThread(a.id, onPage(a))).json<CreatedComment>();
    await approve((await (await postToThread(b.id, onPage(b))).json<CreatedComment>()).comment.id);
    await approve((await (await postToThread(b.id, onPage(b))).json<CreatedComment>()).comment.id);
    await postApprovedComment(article.slug);
    const ids = [a.id, b.id, `article:${article.slug}`, "nobody-here"];
    const url = `/api/counts?${ids.map((id) => `thread=${encodeURIComponent(id)}`).join("&")}`;
    const response = await fetchWorker(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("Server-Timing")).toContain("D1 round trips: 1");
    expect(await response.json()).toEqual({ counts: { [a.id]: 0, [b.id]: 2, [`article:${article.slug}`]: 1, "nobody-here": 0 } });
    await approve(held.comment.id);
    expect(await (await fetchWorker(url)).json()).toMatchObject({ counts: { [a.id]: 1 } });
  });

  it("refuses no ids, more than 100, or ids no thread can have: 400", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `thread=t${i}`).join("&");
    for (const query of ["", many, "thread=a%20b", "thread=article:Not_A_Slug"]) {
      expect((await errorOf(await fetchWorker(`/api/counts?${query}`), 400)).code).toBe("invalid_query");
    }
  });
});

describe("CORS", () => {
  it("answers an allowed site's reads and its preflight, by exact origin, without credentials", async () => {
    const preflight = await fetchWorker(`${threadPath("x")}/comments`, {
      method: "OPTIONS",
      headers: { Origin: BLOG, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toBe("GET, POST");
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toMatch(/Content-Type/);
    expect(preflight.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(preflight.headers.get("Vary")).toMatch(/Origin/);
    const read = await fetchWorker("/api/counts?thread=x", { headers: { Origin: OTHER } });
    expect(read.headers.get("Access-Control-Allow-Origin")).toBe(OTHER);
    expect(read.headers.get("Vary")).toMatch(/Origin/);
    // A same-site or non-browser read gets no CORS header, but still says it varies by Origin.
    const plain = await fetchWorker("/api/counts?thread=x");
    expect(plain.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(plain.headers.get("Vary")).toMatch(/Origin/);
  });

  it("refuses other origins on the server too: 403 without CORS headers, for reads, posts and preflights", async () => {
    const page = newPage();
    const refused: RequestInit[] = [
      { method: "OPTIONS", headers: { Origin: "https://evil.example.net", "Access-Control-Request-Method": "POST" } },
      { method: "GET", headers: { Origin: "https://evil.example.net" } },
      { method: "POST", headers: { Origin: "https://blog.example.com.evil.net", "Content-Type": "application/json" }, body: JSON.stringify(onPage(page)) },
    ];
    for (const init of refused) {
      const response = await fetchWorker(`${threadPath(page.id)}/comments`, init);
      expect((await errorOf(response.clone(), 403)).code).toBe("origin_not_allowed");
      expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
    }
    expect(await threadRows(page.id)).toHaveLength(0);
  });

  it("puts CORS headers on an allowed site's refusals, so the widget can read them", async () => {
    const response = await postToThread("x", { pageUrl: "nope" }, { origin: BLOG });
    expect(response.status).toBe(422);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
  });

  it("keeps the CORS headers on a 304, from the app or from the edge's copy", async () => {
    const url = `/api/counts?thread=${crypto.randomUUID()}`;
    const first = await fetchWorker(url, { headers: { Origin: BLOG } });
    for (let i = 0; i < 2; i++) {
      const again = await fetchWorker(url, { headers: { Origin: BLOG, "If-None-Match": first.headers.get("ETag")! } });
      expect(again.status).toBe(304);
      expect(again.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    }
  });

  it("keeps one cached copy per origin: no site is handed a copy naming another", async () => {
    const url = `/api/counts?thread=${crypto.randomUUID()}`;
    for (const origin of [BLOG, OTHER, BLOG, undefined, OTHER]) {
      const response = await fetchWorker(url, { headers: origin ? { Origin: origin } : {} });
      expect(response.status).toBe(200);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe(origin ?? null);
    }
  });

  it("takes the allowed sites from the owner's settings once saved", async () => {
    const saved = await adminFetch("/settings", { method: "PATCH", json: { allowedOrigins: ["https://third.example.com/", BLOG] } });
    expect(saved.status).toBe(200);
    expect((await saved.json<{ settings: { allowedOrigins: string[] } }>()).settings.allowedOrigins).toEqual(["https://third.example.com", BLOG]);
    try {
      expect((await fetchWorker("/api/counts?thread=x", { headers: { Origin: "https://third.example.com" } })).status).toBe(200);
      expect((await fetchWorker("/api/counts?thread=x", { headers: { Origin: OTHER } })).status).toBe(403);
      expect(
        (await errorOf(await adminFetch("/settings", { method: "PATCH", json: { allowedOrigins: ["https://x.example.com/path"] } }), 422)).fields,
      ).toHaveProperty("allowedOrigins");
    } finally {
      await adminFetch("/settings", { method: "PATCH", json: { allowedOrigins: [BLOG, OTHER] } });
    }
  });
});
