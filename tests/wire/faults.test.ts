import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bumpAllVersions } from "../../src/db/rendered-responses.ts";
import { articles, comments } from "../../src/db/schema.ts";
import { type CreatedComment, db, newComment, nextClientIp, postApprovedComment, postComment, sameIsolate, seedArticle } from "../helpers.ts";

/** D1 that fails on the calls `fail` picks (by call number), as an outage or a flaky network would. */
function faultyD1(fail: (call: number) => string | undefined) {
  let calls = 0;
  const check = () => {
    calls += 1;
    const message = fail(calls);
    if (message) throw new Error(message);
  };
  return {
    prepare: (sql: string) => env.DB.prepare(sql),
    batch: async (statements: D1PreparedStatement[]) => {
      check();
      return env.DB.batch(statements);
    },
    get calls() {
      return calls;
    },
  };
}

/** D1 whose write batches really fail part-way: a broken statement is slipped in after the first one. */
function failingMidBatch() {
  let batches = 0;
  return {
    prepare: (sql: string) => env.DB.prepare(sql),
    batch: (statements: D1PreparedStatement[]) => {
      batches += 1;
      const writes = batches > 1; // a post reads in its first batch and writes in its second (whose INSERT may be its only statement)
      return env.DB.batch(writes ? [statements[0]!, env.DB.prepare("INSERT INTO no_such_table VALUES (1)"), ...statements.slice(1)] : statements);
    },
  };
}

const withDb =
  (DB: unknown) =>
  (path: string, init: RequestInit = {}) =>
    sameIsolate.request(path, init, { ...env, DB: DB as D1Database });
const outage = () => withDb(faultyD1(() => "D1_ERROR: no such database (outage)"));

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
  await postApprovedComment(slug);
});

describe("when D1 is down", () => {
  it("pages answer 503 with Retry-After and an HTML page, never stored", async () => {
    await bumpAllVersions(db()); // so the page is read, not served as last rendered
    const response = await outage()(`/articles/${slug}`);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await response.text()).toContain("Temporarily unavailable");
  });

  it("the API answers 503 with the JSON error shape", async () => {
    const response = await outage()(`/api/articles/${slug}/comments`);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toEqual({ error: { code: "unavailable", message: expect.stringContaining("database") } });
  });

  it("a failed comment post stores nothing", async () => {
    const article = await seedArticle();
    const response = await outage()(`/api/articles/${article.slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify(newComment()),
    });
    expect(response.status).toBe(503);
    expect(await db().select().from(comments).innerJoin(articles, eq(articles.id, comments.articleId)).where(eq(articles.slug, article.slug))).toHaveLength(0);
  });

  it("a write batch that fails part-way stores none of its writes", async () => {
    const article = await seedArticle();
    const response = await withDb(failingMidBatch())(`/api/articles/${article.slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify(newComment()),
    });
    expect(response.status).toBe(503);
    const stored = await db().select().from(comments).innerJoin(articles, eq(articles.id, comments.articleId)).where(eq(articles.slug, article.slug));
    expect(stored).toHaveLength(0);
  });
});

describe("transient D1 errors", () => {
  it("are retried once on reads", async () => {
    await bumpAllVersions(db()); // so the page is read, not served as last rendered
    const flaky = faultyD1((call) => (call === 1 ? "D1_ERROR: Network connection lost." : undefined));
    const response = await withDb(flaky)(`/articles/${slug}`);
    expect(response.status).toBe(200);
    expect(flaky.calls).toBe(2);
  });

  it("are not retried twice", async () => {
    await bumpAllVersions(db());
    const down = faultyD1((call) => (call <= 2 ? "D1_ERROR: Network connection lost." : undefined));
    expect((await withDb(down)(`/articles/${slug}`)).status).toBe(503);
  });

  it("are never retried on writes (a retry could store twice)", async () => {
    const article = await seedArticle();
    // The first post on an article reads, then writes; once it has read, a post there writes with no read first.
    for (const write of [2, 1]) {
      const flaky = faultyD1((call) => (call === write ? "D1_ERROR: Network connection lost." : undefined));
      const response = await withDb(flaky)(`/api/articles/${article.slug}/comments`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
        body: JSON.stringify(newComment()),
      });
      expect(response.status).toBe(503);
      expect(flaky.calls).toBe(write);
    }
    expect(await db().select().from(comments).innerJoin(articles, eq(articles.id, comments.articleId)).where(eq(articles.slug, article.slug))).toHaveLength(0);
  });
});

describe("Idempotency-Key on comment posts", () => {
  it("answers a retried post with the original 201 body and stores nothing new", async () => {
    const article = await seedArticle();
    const payload = newComment();
    const key = crypto.randomUUID();
    const first = await postComment(article.slug, payload, { headers: { "Idempotency-Key": key } });
    expect(first.status).toBe(201);
    const original = await first.text();
    const retry = await postComment(article.slug, payload, { headers: { "Idempotency-Key": key } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.text()).toBe(original);
    const stored = await db().select().from(comments).innerJoin(articles, eq(articles.id, comments.articleId)).where(eq(articles.slug, article.slug));
    expect(stored).toHaveLength(1);
  });

  it("holds when the retries race each other", async () => {
    const article = await seedArticle();
    const payload = newComment();
    const key = crypto.randomUUID();
    const responses = await Promise.all([1, 2, 3].map(() => postComment(article.slug, payload, { headers: { "Idempotency-Key": key } })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    const ids = await Promise.all(responses.map(async (r) => (await r.json<CreatedComment>()).comment.id));
    expect(new Set(ids).size).toBe(1);
  });

  it("is scoped to the article, and a new key is a new request", async () => {
    const article = await seedArticle();
    const other = await seedArticle();
    const key = crypto.randomUUID();
    const payload = newComment();
    const ip = nextClientIp();
    expect((await postComment(article.slug, payload, { ip, headers: { "Idempotency-Key": key } })).status).toBe(201);
    expect((await postComment(other.slug, payload, { ip, headers: { "Idempotency-Key": key } })).status).toBe(201);
    expect((await postComment(article.slug, payload, { ip, headers: { "Idempotency-Key": crypto.randomUUID() } })).status).toBe(409);
  });

  it("refuses the same key with different fields (422), rather than replaying the first comment", async () => {
    const article = await seedArticle();
    const key = crypto.randomUUID();
    const payload = newComment();
    const first = await (await postComment(article.slug, payload, { headers: { "Idempotency-Key": key } })).json<CreatedComment>();
    const changed = await postComment(article.slug, { ...payload, body: "A different text under the same key." }, { headers: { "Idempotency-Key": key } });
    expect(changed.status).toBe(422);
    expect(changed.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await changed.json()).toMatchObject({ error: { code: "idempotency_key_reused" } });
    // The same fields again are still a replay of the first.
    const again = await postComment(article.slug, payload, { headers: { "Idempotency-Key": key } });
    expect((await again.json<CreatedComment>()).comment.id).toBe(first.comment.id);
  });

  it("refuses a malformed key with 400", async () => {
    const response = await postComment(slug, newComment(), { headers: { "Idempotency-Key": "x".repeat(256) } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_idempotency_key" } });
  });

  it("is forgotten after 24 hours by the daily clean-up", async () => {
    const { createScheduledController } = await import("cloudflare:test");
    const { default: worker } = await import("../../src/index.ts");
    const article = await seedArticle();
    const key = crypto.randomUUID();
    const payload = newComment();
    const ip = nextClientIp();
    expect((await postComment(article.slug, payload, { ip, headers: { "Idempotency-Key": key } })).status).toBe(201);
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 25 * 3600_000, cron: "17 3 * * *" }), env);
    // The key is gone: the same payload is now simply a duplicate.
    expect((await postComment(article.slug, payload, { ip, headers: { "Idempotency-Key": key } })).status).toBe(409);
  });
});
