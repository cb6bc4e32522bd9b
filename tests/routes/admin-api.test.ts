import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { comments } from "../../src/db/schema.ts";
import {
  adminFetch,
  type CreatedComment,
  db,
  fetchWorker,
  newComment,
  nextClientIp,
  postApprovedComment,
  postComment,
  sameIsolate,
  seedArticle,
} from "../helpers.ts";

afterEach(() => vi.restoreAllMocks());

interface AdminComment {
  id: number;
  status: string;
  email: string | null;
  body: string;
  parentId: number | null;
  depth: number;
  article: { slug: string };
}

describe("admin authentication", () => {
  const routes: [string, string][] = [
    ["GET", "/comments"],
    ["PATCH", "/comments/1"],
    ["DELETE", "/comments/1"],
    ["GET", "/articles"],
    ["GET", "/articles/x"],
    ["PUT", "/articles/x"],
    ["PATCH", "/articles/x"],
    ["DELETE", "/articles/x"],
    ["GET", "/articles/x/revisions"],
    ["POST", "/articles/x/revisions/1/restore"],
    ["POST", "/preview"],
    ["GET", "/media"],
    ["POST", "/media"],
    ["POST", "/commenters/export"],
    ["POST", "/commenters/erase"],
    ["GET", "/dead-letters"],
    ["POST", "/dead-letters/retry"],
    ["DELETE", "/dead-letters"],
  ];

  it.each(routes)("%s %s answers 401 JSON without a token, and never caches", async (method, path) => {
    const response = await adminFetch(path, { method, headers: { Authorization: "" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it.each(routes)("%s %s answers 401 with a wrong token", async (method, path) => {
    const response = await adminFetch(path, { method, headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}x` } });
    expect(response.status).toBe(401);
  });

  it("refuses a credential in the query string, even a correct one", async () => {
    for (const query of [`?token=${env.ADMIN_TOKEN}`, "?access_token=x", "?KEY=x", "?api_key=x"]) {
      const response = await adminFetch(`/comments${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "token_in_query" } });
    }
  });

  it("compares no other query value with the token, so a URL can't test guesses", async () => {
    const ip = nextClientIp();
    const guesses = Array.from({ length: 400 }, (_, i) => `a=guess-${i}`).join("&");
    // Without the Authorization header: 401, whatever the URL holds, the real token included.
    for (const query of [guesses, `anything=${env.ADMIN_TOKEN}`]) {
      const response = await adminFetch(`/comments?${query}`, { headers: { Authorization: "", "CF-Connecting-IP": ip } });
      expect(response.status).toBe(401);
    }
  });

  it("counts a credential in the URL as a failed attempt, and keeps refusing while locked out", async () => {
    const ip = nextClientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await adminFetch(`/comments?token=guess-${i}`, { headers: { "CF-Connecting-IP": ip } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
    expect((await adminFetch("/comments", { headers: { "CF-Connecting-IP": ip } })).status).toBe(429);
  });

  it("answers requests without any credential with 401, never counting them", async () => {
    const ip = nextClientIp();
    for (let i = 0; i < 15; i++) {
      expect((await adminFetch("/comments", { headers: { Authorization: "", "CF-Connecting-IP": ip } })).status).toBe(401);
    }
    expect((await adminFetch("/comments", { headers: { "CF-Connecting-IP": ip } })).status).toBe(200);
  });

  it("refuses to open with an ADMIN_TOKEN shorter than 32 characters, saying so", async () => {
    const short = "short-admin-token-31-characters";
    expect(short).toHaveLength(31);
    const response = await sameIsolate.request("/api/admin/comments", { headers: { Authorization: `Bearer ${short}` } }, { ...env, ADMIN_TOKEN: short });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "admin_disabled", message: expect.stringContaining("at least 32 characters") } });
  });

  it("answers 503 and never opens when ADMIN_TOKEN is not configured", async () => {
    const response = await sameIsolate.request("/api/admin/comments", { headers: { Authorization: "Bearer " } }, { ...env, ADMIN_TOKEN: "" });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "admin_disabled" } });
  });

  it("locks a client out after 10 failures a minute, even for the right token, leaving others alone", async () => {
    const ip = nextClientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await adminFetch("/comments", { headers: { Authorization: `Bearer wrong-${i}`, "CF-Connecting-IP": ip } })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    const locked = await adminFetch("/comments", { headers: { "CF-Connecting-IP": ip } });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("Retry-After")).toBe("60");
    expect((await adminFetch("/comments", { headers: { "CF-Connecting-IP": nextClientIp() } })).status).toBe(200);
  });
});

describe("PUT /api/admin/articles/:slug", () => {
  const markdown = "Hello **world**.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [good](https://example.com)";

  it("creates (201), then updates (200) keeping the guid, and the article is live at once", async () => {
    const slug = `admin-article-${crypto.randomUUID().slice(0, 8)}`;
    const guid = crypto.randomUUID();
    const created = await adminFetch(`/articles/${slug}`, {
      method: "PUT",
      json: { title: "Fresh", summary: "Short", body: markdown, source: "example.com", guid, publishedAt: "2026-11-01T10:00:00+01:00" },
    });
    expect(created.status).toBe(201);
    const { article } = await created.json<{ article: Record<string, string> }>();
    expect(article).toMatchObject({ id: guid, slug, publishedAt: "2026-11-01T09:00:00.000Z" });
    expect(article.bodyHtml).toContain("<strong>world</strong>");
    expect(article.bodyHtml).not.toContain("<script>");
    expect(article.bodyHtml).not.toContain("javascript:");

    const updated = await adminFetch(`/articles/${slug}`, { method: "PUT", json: { title: "Updated", body: "New body", guid: crypto.randomUUID() } });
    expect(updated.status).toBe(200);
    const after = (await updated.json<{ article: Record<string, string> }>()).article;
    expect(after).toMatchObject({ id: guid, title: "Updated", publishedAt: "2026-11-01T09:00:00.000Z" });

    expect(await (await fetchWorker("/")).text()).toContain(`href="/articles/${slug}"`);
    expect(await (await fetchWorker("/feed.json")).text()).toContain(guid);
    expect(await (await fetchWorker(`/articles/${slug}`)).text()).toContain("<p>New body</p>");
  });

  it("answers 422 naming the fields, 415 for non-JSON, 409 for another article's guid", async () => {
    const invalid = await adminFetch("/articles/some-slug", { method: "PUT", json: { title: "", body: "x", guid: "nope", publishedAt: "yesterday" } });
    expect(invalid.status).toBe(422);
    expect(Object.keys((await invalid.json<{ error: { fields: object } }>()).error.fields).sort()).toEqual(["guid", "publishedAt", "title"]);
    const badSlug = await adminFetch("/articles/Bad_Slug", { method: "PUT", json: { title: "t", body: "b" } });
    expect(badSlug.status).toBe(422);
    const text = await adminFetch("/articles/x", { method: "PUT", body: "title=x", headers: { "Content-Type": "text/plain" } });
    expect(text.status).toBe(415);
    const existing = await seedArticle();
    const taken = await adminFetch(`/articles/other-${crypto.randomUUID().slice(0, 8)}`, {
      method: "PUT",
      json: { title: "t", body: "b", guid: existing.guid },
    });
    expect(taken.status).toBe(409);
  });

  it("DELETE unpublishes: gone from pages, feeds and the API, comments kept but hidden", async () => {
    const article = await seedArticle();
    const comment = await postApprovedComment(article.slug);
    expect((await adminFetch(`/articles/${article.slug}`, { method: "DELETE" })).status).toBe(204);
    expect((await fetchWorker(`/articles/${article.slug}`)).status).toBe(404);
    expect((await fetchWorker(`/api/articles/${article.slug}/comments`)).status).toBe(404);
    expect(await (await fetchWorker("/feed.xml")).text()).not.toContain(article.guid);
    expect(await (await fetchWorker("/comments/feed.json")).text()).not.toContain(`#comment-${comment.id}"`);
    expect(await db().select().from(comments).where(eq(comments.id, comment.id))).toHaveLength(1);
    expect((await adminFetch("/articles/never-existed", { method: "DELETE" })).status).toBe(404);
  });
});

describe("comment moderation", () => {
  let slug: string;
  beforeAll(async () => {
    slug = (await seedArticle()).slug;
  });

  it("lists comments of any status newest first, with the decrypted email and article", async () => {
    const payload = newComment({ email: "Listed.Person@Example.com" });
    const { comment } = await (await postComment(slug, payload)).json<CreatedComment>();
    const response = await adminFetch(`/comments?article=${slug}&status=pending&limit=500`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const { comments: listed } = await response.json<{ comments: AdminComment[] }>();
    expect(listed[0]).toMatchObject({ id: comment.id, status: "pending", email: "Listed.Person@Example.com", article: { slug } });
    const ids = listed.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("pages with a cursor and validates its query", async () => {
    const article = await seedArticle();
    for (let i = 0; i < 5; i++) await postComment(article.slug, newComment());
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/comments?article=${article.slug}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page: { comments: AdminComment[]; nextCursor: string | null } = await (await adminFetch(query)).json();
      seen.push(...page.comments.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await adminFetch("/comments?limit=501")).status).toBe(400);
    expect((await adminFetch("/comments?status=maybe")).status).toBe(400);
  });

  it("PATCH changes the status; an approved comment shows on the page at once", async () => {
    const { comment } = await (await postComment(slug, newComment({ body: "Approve me please" }))).json<CreatedComment>();
    expect(await (await fetchWorker(`/articles/${slug}`)).text()).not.toContain("Approve me please");
    const response = await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } });
    expect(response.status).toBe(200);
    expect((await response.json<{ comment: AdminComment }>()).comment.status).toBe("approved");
    expect(await (await fetchWorker(`/articles/${slug}`)).text()).toContain("Approve me please");
    const bad = await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "published" } });
    expect(bad.status).toBe(422);
    expect((await adminFetch("/comments/99999999", { method: "PATCH", json: { status: "spam" } })).status).toBe(404);
  });

  it("DELETE removes a comment for good and moves its replies up a level", async () => {
    const article = await seedArticle();
    const root = await postApprovedComment(article.slug);
    const child = await postApprovedComment(article.slug, newComment({ parentId: root.id }));
    const grandchild = await postApprovedComment(article.slug, newComment({ parentId: child.id }));
    expect((await adminFetch(`/comments/${root.id}`, { method: "DELETE" })).status).toBe(204);
    const { comments: listed } = await (await fetchWorker(`/api/articles/${article.slug}/comments`)).json<{ comments: AdminComment[] }>();
    expect(listed.map(({ id, parentId, depth }) => ({ id, parentId, depth }))).toEqual([
      { id: child.id, parentId: null, depth: 1 },
      { id: grandchild.id, parentId: child.id, depth: 2 },
    ]);
    // The promoted reply now heads its own thread on the page.
    const page = await (await fetchWorker(`/articles/${article.slug}`)).text();
    expect(page).toContain("2 Comments");
    expect(page).toMatch(new RegExp(`<ol class="comment-list"><li id="comment-${child.id}"`));
    expect((await adminFetch(`/comments/${root.id}`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("privacy requests", () => {
  it("export everything about a commenter, then erase it: nothing of theirs remains in any row or public output", async () => {
    const { slug } = await seedArticle();
    const email = `Erase.Me.${crypto.randomUUID().slice(0, 6)}@Example.com`;
    await postApprovedComment(slug, newComment({ email, author: "Eraseable Person", url: "https://erase-me.example" }));
    await postComment(slug, newComment({ email, author: "Eraseable Person", body: "a second one" }));
    await postComment(slug, newComment({ author: "Someone Else" }));

    const exported = await adminFetch("/commenters/export", { method: "POST", json: { email: email.toLowerCase() } });
    expect(exported.status).toBe(200);
    const data = await exported.json<{ comments: (AdminComment & { clientAddressHash: string | null })[] }>();
    expect(data.comments).toHaveLength(2);
    expect(data.comments.every((c) => c.email === email && c.clientAddressHash !== null)).toBe(true);

    const erased = await adminFetch("/commenters/erase", { method: "POST", json: { email } });
    expect(await erased.json()).toEqual({ erased: 2 });

    const rows = JSON.stringify(await env.DB.prepare("SELECT * FROM comments").all());
    expect(rows).not.toContain("Eraseable Person");
    expect(rows).not.toContain("erase-me.example");
    expect(rows).toContain("Someone Else");
    for (const path of [`/articles/${slug}`, `/articles/${slug}/feed.xml`, `/api/articles/${slug}/comments`, "/comments/feed.json"]) {
      const text = await (await fetchWorker(path)).text();
      expect(text).not.toContain("Eraseable Person");
      expect(text).not.toContain("erase-me.example");
    }
    const after = await (await adminFetch("/commenters/export", { method: "POST", json: { email } })).json<{ comments: unknown[] }>();
    expect(after.comments).toEqual([]);
    expect(await (await adminFetch("/commenters/export", { method: "POST", json: { email: "not-an-email" } })).json()).toMatchObject({
      error: { code: "validation_failed", fields: { email: expect.any(String) } },
    });
  });

  it.each(["GET", "DELETE"])("refuses the old %s /commenters?email= with 400 email_in_url, doing nothing", async (method) => {
    const { slug } = await seedArticle();
    const email = `kept.${crypto.randomUUID().slice(0, 6)}@example.com`;
    await postApprovedComment(slug, newComment({ email }));
    const response = await adminFetch(`/commenters?email=${encodeURIComponent(email)}`, { method });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "email_in_url" } });
    const still = await (await adminFetch("/commenters/export", { method: "POST", json: { email } })).json<{ comments: unknown[] }>();
    expect(still.comments).toHaveLength(1);
  });
});

describe("notification events", () => {
  function catchEvents() {
    const sent: unknown[] = [];
    vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockImplementation(async (messages) => {
      for (const { body } of messages) sent.push(body);
      return {} as QueueSendBatchResponse;
    });
    return sent;
  }

  it("a held comment, its approval and its deletion each queue one event after the write, with ids only", async () => {
    const sent = catchEvents();
    const { slug } = await seedArticle();
    const payload = newComment();
    const { comment } = await (await postComment(slug, payload)).json<CreatedComment>();
    // The admin app in this isolate, whose queue is the spied one.
    const here = { here: true };
    expect((await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } }, here)).status).toBe(200);
    // Approving what is already approved is no new event.
    expect((await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } }, here)).status).toBe(200);
    expect((await adminFetch(`/comments/${comment.id}`, { method: "DELETE" }, here)).status).toBe(204);
    const baseUrl = "http://wirepost.test";
    expect(sent).toEqual([
      { kind: "event", event: "comment.held", commentId: comment.id, baseUrl },
      { kind: "event", event: "comment.approved", commentId: comment.id, posted: false, baseUrl },
      {
        kind: "event",
        event: "comment.deleted",
        comment: { id: comment.id, guid: expect.any(String), article: { slug, title: expect.any(String), pageUrl: null } },
        baseUrl,
      },
    ]);
    expect(JSON.stringify(sent)).not.toContain(String(payload.email));
  });

  it("queue nothing when neither a sender nor a webhook is set, and a failing queue never fails the reader", async () => {
    const sent = catchEvents();
    const { slug } = await seedArticle();
    const quiet = { ...env, EMAIL_FROM: "", COMMENT_MODERATION: "none" };
    const post = () =>
      sameIsolate.request(
        `/api/articles/${slug}/comments`,
        { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() }, body: JSON.stringify(newComment()) },
        quiet,
      );
    expect((await post()).status).toBe(201);
    expect(sent).toEqual([]);

    vi.mocked(env.NOTIFICATIONS.sendBatch).mockRejectedValue(new Error("Queue unavailable"));
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await sameIsolate.request(
      `/api/articles/${slug}/comments`,
      { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() }, body: JSON.stringify(newComment()) },
      { ...env, NOTIFY_WEBHOOK_URL: "https://hooks.example/x", EMAIL_FROM: "" },
    );
    expect(response.status).toBe(201);
    expect(warned).toHaveBeenCalledWith(JSON.stringify({ event: "enqueue_failed", kind: "event", count: 1, error: "Error" }));
  });
});

describe("moderation edge cases", () => {
  it("answers 409 when restoring a trashed comment the same person has since posted again", async () => {
    const { slug } = await seedArticle();
    const payload = newComment({ body: "Said twice" });
    const ip = nextClientIp();
    const { comment } = await (await postComment(slug, payload, { ip })).json<CreatedComment>();
    expect((await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "trash" } })).status).toBe(200);
    expect((await postComment(slug, payload, { ip })).status).toBe(201);
    const restore = await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } });
    expect(restore.status).toBe(409);
    expect(await restore.json()).toMatchObject({ error: { code: "duplicate_comment" } });
  });

  it("deletes a top-level comment with more replies than D1 binds parameters in one statement", async () => {
    const { slug } = await seedArticle();
    const root = await postApprovedComment(slug);
    const rows = Array.from({ length: 120 }, (_, i) => i);
    const article = (await env.DB.prepare("SELECT a.id FROM articles a WHERE a.slug = ?").bind(slug).first<{ id: number }>())!;
    await env.DB.batch(
      rows.map((i) =>
        env.DB.prepare(
          `INSERT INTO comments (guid, article_id, parent_id, root_id, depth, author, email_encrypted, email_hash, body, body_html, body_hash, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, 2, 'Reply', '', ?, 'r', '<p>r</p>', ?, 'approved', ?, ?)`,
        ).bind(crypto.randomUUID(), article.id, root.id, root.id, `h${i}-${root.id}`, `b${i}`, Date.now(), Date.now()),
      ),
    );
    expect((await adminFetch(`/comments/${root.id}`, { method: "DELETE" })).status).toBe(204);
    const { comments: listed } = await (await fetchWorker(`/api/articles/${slug}/comments?limit=100`)).json<{ comments: AdminComment[] }>();
    expect(listed.every((comment) => comment.depth === 1 && comment.parentId === null)).toBe(true);
  });
});

describe("hostile article Markdown", () => {
  it("answers deeply nested Markdown with 422 naming the body, never 500", async () => {
    const slug = `deep-${crypto.randomUUID().slice(0, 8)}`;
    const response = await adminFetch(`/articles/${slug}`, { method: "PUT", json: { title: "Deep", body: `${">".repeat(20_000)} deep` } });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: "validation_failed", fields: { body: expect.stringContaining("nests too deeply") } } });
    expect((await fetchWorker(`/articles/${slug}`)).status).toBe(404);
  });

  it("refuses a title or summary with unpaired surrogates (422 naming the field)", async () => {
    const slug = `surrogate-${crypto.randomUUID().slice(0, 8)}`;
    for (const [field, json] of [
      ["title", { title: "\ud800".repeat(245), body: "b" }],
      ["summary", { title: "t", summary: "\udc00x", body: "b" }],
    ] as const) {
      const response = await adminFetch(`/articles/${slug}`, { method: "PUT", json });
      expect(response.status).toBe(422);
      expect(Object.keys((await response.json<{ error: { fields: Record<string, string> } }>()).error.fields)).toEqual([field]);
    }
  });
});
