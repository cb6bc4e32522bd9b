import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { setCommentStatus } from "../../src/db/comments.ts";
import { articles, comments } from "../../src/db/schema.ts";
import {
  type CreatedComment,
  db,
  draftArticle,
  fetchWorker,
  newComment,
  nextClientIp,
  postApprovedComment,
  postComment,
  sameIsolate,
  seedArticle,
} from "../helpers.ts";

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
});

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = await response.json<{ error: { code: string; message: string; fields?: Record<string, string> } }>();
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

async function storedCount(articleSlug: string) {
  const rows = await db()
    .select({ id: comments.id })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(eq(articles.slug, articleSlug));
  return rows.length;
}

describe("POST /api/articles/:slug/comments", () => {
  it("answers notify: none unless asked, requested when asked, unavailable where readers can't be emailed", async () => {
    expect((await (await postComment(slug, newComment())).json<{ notify: string }>()).notify).toBe("none");
    expect((await (await postComment(slug, newComment({ notify: "replies" }))).json<{ notify: string }>()).notify).toBe("requested");
    const off = await sameIsolate.request(
      `/api/articles/${slug}/comments`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
        body: JSON.stringify(newComment({ notify: "thread" })),
      },
      { ...env, EMAIL_READERS: "false" },
    );
    expect(await off.json()).toMatchObject({ status: "pending", notify: "unavailable" });
    await expectError(await postComment(slug, newComment({ notify: "all" })), 422, "validation_failed");
  });

  it("creates a comment: 201 with the public comment, never the email", async () => {
    const payload = newComment({ author: "Ada", url: "https://ada.example.org", body: "First!\n\nSee https://example.com" });
    const response = await postComment(slug, payload);
    expect(response.status).toBe(201);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^/articles/${slug}#comment-\\d+$`));
    const text = await response.text();
    expect(text).not.toContain(String(payload.email));
    for (const [, value] of response.headers) expect(value).not.toContain(String(payload.email));
    const { comment, status } = JSON.parse(text) as CreatedComment;
    expect(status).toBe("pending"); // a first-time commenter waits for a moderator
    expect(comment).toMatchObject({ parentId: null, depth: 1, author: "Ada", url: "https://ada.example.org" });
    expect(comment.bodyHtml).toBe('<p>First!</p>\n<p>See <a href="https://example.com" rel="nofollow ugc noopener">https://example.com</a></p>');
    expect(Date.parse(comment.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(Object.keys(comment).sort()).toEqual(["author", "bodyHtml", "createdAt", "depth", "id", "parentId", "url"]);
  });

  it("approves a returning commenter at once (first-time moderation)", async () => {
    const payload = newComment();
    await postApprovedComment(slug, payload);
    const again = await postComment(slug, { ...payload, body: "A second thought." }, { ip: "203.0.113.99" });
    expect(again.status).toBe(201);
    expect((await again.json<CreatedComment>()).status).toBe("approved");
  });

  it("matches a returning commenter by email whatever its case", async () => {
    const payload = newComment({ email: "Mixed.Case@Example.com" });
    await postApprovedComment(slug, payload);
    const again = await postComment(slug, { ...payload, email: "mixed.case@example.COM", body: "Different body" });
    expect((await again.json<CreatedComment>()).status).toBe("approved");
  });

  it("holds a comment with more than two links even from a known commenter", async () => {
    const payload = newComment();
    await postApprovedComment(slug, payload);
    const links = "https://a.example https://b.example https://c.example";
    const response = await postComment(slug, { ...payload, body: links });
    expect((await response.json<CreatedComment>()).status).toBe("pending");
  });

  it.each([
    ["none", "approved"],
    ["all", "pending"],
  ])("with COMMENT_MODERATION=%s a new commenter's comment is %s", async (mode, expected) => {
    const response = await sameIsolate.request(
      `/api/articles/${slug}/comments`,
      { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() }, body: JSON.stringify(newComment()) },
      { ...env, COMMENT_MODERATION: mode },
    );
    expect(response.status).toBe(201);
    expect((await response.json<CreatedComment>()).status).toBe(expected);
  });

  it("ignores fields a client may not set (no mass assignment)", async () => {
    const other = await seedArticle();
    const response = await postComment(
      slug,
      newComment({ status: "approved", approved: true, createdAt: "2000-01-01T00:00:00Z", articleId: 999, id: 1, depth: 3 }),
    );
    expect(response.status).toBe(201);
    const { comment, status } = await response.json<CreatedComment>();
    expect(status).toBe("pending");
    expect(comment.depth).toBe(1);
    expect(comment.createdAt.startsWith("2000")).toBe(false);
    expect(await storedCount(other.slug)).toBe(0);
  });

  it("answers 400 for malformed JSON", async () => {
    const response = await fetchWorker(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: '{"author": "x",',
    });
    await expectError(response, 400, "invalid_json");
  });

  it("answers 400 for bytes that are not UTF-8", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const response = await fetchWorker(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: bytes,
    });
    await expectError(response, 400, "invalid_encoding");
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/jsonp", ""])("answers 415 for Content-Type %j", async (type) => {
    const response = await fetchWorker(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: type ? { "Content-Type": type, "CF-Connecting-IP": nextClientIp() } : { "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify(newComment()),
    });
    await expectError(response, 415, "unsupported_media_type");
  });

  it("accepts a charset parameter on application/json", async () => {
    const response = await fetchWorker(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify(newComment()),
    });
    expect(response.status).toBe(201);
  });

  it("answers 413 for a body over 256 KiB, with or without Content-Length, storing nothing", async () => {
    const before = await storedCount(slug);
    const big = JSON.stringify(newComment({ body: "x".repeat(256 * 1024) }));
    await expectError(await postComment(slug, JSON.parse(big)), 413, "payload_too_large");
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        controller.close();
      },
    });
    const response = await fetchWorker(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: chunked,
      // @ts-expect-error: duplex is required by fetch for a streamed body
      duplex: "half",
    });
    await expectError(response, 413, "payload_too_large");
    expect(await storedCount(slug)).toBe(before);
  });

  it("answers 404 for an unknown or unpublished article", async () => {
    await expectError(await postComment("no-such-article", newComment()), 404, "not_found");
    const hidden = await seedArticle(draftArticle());
    await db().update(articles).set({ status: "unpublished" }).where(eq(articles.slug, hidden.slug));
    await expectError(await postComment(hidden.slug, newComment()), 404, "not_found");
  });

  it("answers 409 for the same comment again, however it is spaced or cased", async () => {
    const payload = newComment({ body: "Exactly the same words." });
    const ip = nextClientIp();
    expect((await postComment(slug, payload, { ip })).status).toBe(201);
    const before = await storedCount(slug);
    await expectError(await postComment(slug, { ...payload, body: "  exactly   the same\nWORDS. " }, { ip }), 409, "duplicate_comment");
    expect(await storedCount(slug)).toBe(before);
  });

  it("lets the same text through on another article or from another commenter", async () => {
    const payload = newComment({ body: "Agreed." });
    expect((await postComment(slug, payload)).status).toBe(201);
    expect((await postComment(slug, { ...newComment(), body: "Agreed." })).status).toBe(201);
    const other = await seedArticle();
    expect((await postComment(other.slug, payload)).status).toBe(201);
  });

  it("answers 422 naming each failing field", async () => {
    const response = await postComment(slug, { author: "", email: "not-an-email", url: "javascript:alert(1)", body: "   " });
    const error = await expectError(response, 422, "validation_failed");
    expect(error.fields).toEqual({
      author: "Enter your name.",
      email: "Enter a valid email address.",
      url: "Enter a valid web address (http:// or https://).",
      body: "Write a comment.",
    });
  });

  it("answers 422 when the payload is not an object", async () => {
    for (const payload of [null, [], "text", 42]) {
      expect((await postComment(slug, payload)).status).toBe(422);
    }
  });

  it("answers 422 for a parent that is not an approved comment on this article", async () => {
    const other = await seedArticle();
    const elsewhere = await postApprovedComment(other.slug);
    const pending = await (await postComment(slug, newComment())).json<CreatedComment>();
    for (const parentId of [elsewhere.id, pending.comment.id, 99_999_999, -1, "abc"]) {
      const error = await expectError(await postComment(slug, newComment({ parentId })), 422, "validation_failed");
      expect(Object.keys(error.fields!)).toEqual(["parentId"]);
    }
  });
});

describe("threads", () => {
  it("nests replies and caps the depth at 5, attaching deeper replies beside their parent", async () => {
    const root = await postApprovedComment(slug);
    let parent = root;
    const chain = [root];
    for (let depth = 2; depth <= 5; depth++) {
      parent = await postApprovedComment(slug, newComment({ parentId: parent.id }));
      expect(parent.depth).toBe(depth);
      chain.push(parent);
    }
    const tooDeep = await postApprovedComment(slug, newComment({ parentId: parent.id }));
    expect(tooDeep.depth).toBe(5);
    expect(tooDeep.parentId).toBe(chain[3]!.id);
  });

  it("accepts parentId as a numeric string (as forms send it)", async () => {
    const root = await postApprovedComment(slug);
    const reply = await postApprovedComment(slug, newComment({ parentId: String(root.id) }));
    expect(reply.parentId).toBe(root.id);
  });
});

describe("GET /api/articles/:slug/comments", () => {
  it("lists approved comments only, oldest first, with public fields", async () => {
    const article = await seedArticle();
    const first = await postApprovedComment(article.slug);
    await postComment(article.slug, newComment()); // pending
    const spam = await (await postComment(article.slug, newComment())).json<CreatedComment>();
    await setCommentStatus(db(), spam.comment.id, "spam");
    const second = await postApprovedComment(article.slug, newComment({ parentId: first.id }));
    const response = await fetchWorker(`/api/articles/${article.slug}/comments`);
    expect(response.status).toBe(200);
    const body = await response.json<{ comments: CreatedComment["comment"][]; nextCursor: string | null }>();
    expect(body.comments.map((comment) => comment.id)).toEqual([first.id, second.id]);
    expect(body.comments[1]).toMatchObject({ parentId: first.id, depth: 2 });
    expect(body.nextCursor).toBeNull();
  });

  it("pages with a keyset cursor that stays stable while comments are added", async () => {
    const article = await seedArticle();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await postApprovedComment(article.slug)).id);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
      const page = await (await fetchWorker(`/api/articles/${article.slug}/comments${query}`)).json<{
        comments: { id: number }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.comments.map((comment) => comment.id));
      cursor = page.nextCursor;
      if (pages++ === 0) ids.push((await postApprovedComment(article.slug)).id); // a new comment mid-walk
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["cursor=!!!", "cursor"],
  ])("answers 400 for %s", async (query, field) => {
    const error = await expectError(await fetchWorker(`/api/articles/${slug}/comments?${query}`), 400, "invalid_query");
    expect(Object.keys(error.fields!)).toEqual([field]);
  });

  it("answers 404 for an unknown article", async () => {
    await expectError(await fetchWorker("/api/articles/nope/comments"), 404, "not_found");
  });
});

describe("who wrote what stays private", () => {
  it("answers another client's copy of someone's comment exactly as any held comment, never 409", async () => {
    const { slug: article } = await seedArticle();
    const author = newComment({ author: "Pseudonymous", body: `A pseudonymous remark ${crypto.randomUUID()}` });
    await postApprovedComment(article, author);

    // A stranger guesses the email behind the pseudonym and posts the exact text from their own address…
    const probe = await postComment(article, { ...author });
    // …and a control post with text nobody wrote:
    const control = await postComment(article, { ...author, email: `not.them.${crypto.randomUUID().slice(0, 6)}@example.com` });
    for (const response of [probe, control]) {
      expect(response.status).toBe(201);
      const answer = await response.json<CreatedComment>();
      expect(answer.status).toBe("pending");
      expect(Object.keys(answer.comment).sort()).toEqual(["author", "bodyHtml", "createdAt", "depth", "id", "parentId", "url"]);
    }
  });

  it("trusts a returning commenter by name and email together, not by email alone", async () => {
    const { slug: article } = await seedArticle();
    const regular = newComment({ author: "Regular Reader" });
    await postApprovedComment(article, regular);
    const impostor = await postComment(article, newComment({ author: "Someone Else", email: regular.email }));
    expect((await impostor.json<CreatedComment>()).status).toBe("pending");
    const returning = await postComment(article, newComment({ author: "regular reader", email: regular.email }));
    expect((await returning.json<CreatedComment>()).status).toBe("approved");
  });
});
