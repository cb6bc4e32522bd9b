import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InstrumentedD1 } from "../../src/db/instrumented-d1.ts";
import { patchDiscussion, resetDiscussion } from "../discussion-helpers.ts";
import { adminFetch, type CreatedComment, fetchWorker, newComment, nextClientIp, ORIGIN, postComment, sameIsolate, seedArticle } from "../helpers.ts";

afterEach(async () => {
  vi.restoreAllMocks();
  await resetDiscussion();
});

async function heldComments(slug: string, count: number, body = (i: number) => `Held comment ${i} ${crypto.randomUUID()}`) {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await postComment(slug, newComment({ body: body(i) }));
    ids.push((await response.json<CreatedComment>()).comment.id);
  }
  return ids;
}

type Listed = { comments: { id: number; status: string; body: string; author: string; moderation: unknown }[] };

describe("POST /api/admin/comments/bulk", () => {
  it("moderates 100 comments in one request and one D1 write batch, and publishes them at once", async () => {
    const { slug } = await seedArticle();
    const ids = await heldComments(slug, 100);
    await fetchWorker(`/articles/${slug}`); // cached without them

    const counter = new InstrumentedD1();
    const queued = vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockResolvedValue({} as QueueSendBatchResponse);
    const response = await sameIsolate.request(
      `${ORIGIN}/api/admin/comments/bulk`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
        body: JSON.stringify({ ids, status: "approved" }),
      },
      { ...env, DB: counter.wrap(env.DB) as D1Database },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ updated: 100 });
    // The admin session check and the settings for the purge may read; the decision itself is one batch.
    expect(counter.statements.filter((statement) => /^update "comments"/i.test(statement.sql))).toHaveLength(1);
    expect(counter.count).toBeLessThanOrEqual(3);

    const rows = await env.DB.prepare(`SELECT DISTINCT status FROM comments WHERE id IN (${ids.join(",")})`).all<{ status: string }>();
    expect(rows.results).toEqual([{ status: "approved" }]);
    expect(await env.DB.prepare("SELECT comment_count AS n FROM articles WHERE slug = ?").bind(slug).first("n")).toBe(100);
    const page = await (await fetchWorker(`/articles/${slug}`)).text();
    expect(page).toContain("100 Comments");
    // Each is approved as if alone: one comment.approved event per comment, queued in one batch.
    expect(queued).toHaveBeenCalledTimes(1);
    const events = queued.mock.calls[0]![0] as Iterable<{ body: { event: string; commentId: number; posted: boolean } }>;
    expect([...events].map(({ body }) => [body.event, body.posted, body.commentId]).sort(([, , a], [, , b]) => Number(a) - Number(b))).toEqual(
      ids.map((id) => ["comment.approved", false, id]),
    );
  });

  it("counts only comments that changed, and can send them to spam or trash", async () => {
    const { slug } = await seedArticle();
    const ids = await heldComments(slug, 3);
    const bulk = (status: string, chosen: number[]) => adminFetch("/comments/bulk", { method: "POST", json: { ids: chosen, status } });
    expect(await (await bulk("spam", ids)).json()).toEqual({ updated: 3 });
    expect(await (await bulk("spam", ids)).json()).toEqual({ updated: 0 });
    expect(await (await bulk("trash", [ids[0]!, 999_999])).json()).toEqual({ updated: 1 });
  });

  it("refuses an empty or oversized selection and an unknown status with 422", async () => {
    for (const json of [
      { ids: [], status: "approved" },
      { ids: Array.from({ length: 501 }, (_, i) => i + 1), status: "approved" },
      { ids: [1], status: "gone" },
      { ids: ["1"], status: "spam" },
    ]) {
      const response = await adminFetch("/comments/bulk", { method: "POST", json });
      expect(response.status, JSON.stringify(json).slice(0, 40)).toBe(422);
    }
  });

  it("refuses the whole batch when restoring one would duplicate a comment posted again since (409)", async () => {
    const { slug } = await seedArticle();
    const payload = newComment();
    const ip = nextClientIp();
    const first = (await (await postComment(slug, payload, { ip })).json<CreatedComment>()).comment.id;
    await adminFetch(`/comments/${first}`, { method: "PATCH", json: { status: "trash" } });
    await postComment(slug, payload, { ip });
    const other = (await heldComments(slug, 1))[0]!;
    const response = await adminFetch("/comments/bulk", { method: "POST", json: { ids: [other, first], status: "pending" } });
    expect(response.status).toBe(409);
    expect(await env.DB.prepare("SELECT status FROM comments WHERE id = ?").bind(other).first("status")).toBe("pending");
  });
});

describe("GET /api/admin/comments, for a busy newsroom", () => {
  it("searches comment text and author names, with the status and article filters", async () => {
    const { slug } = await seedArticle();
    const other = await seedArticle();
    const marker = crypto.randomUUID().slice(0, 8);
    await postComment(slug, newComment({ body: `About the ${marker} budget` }));
    await postComment(slug, newComment({ author: `Reader ${marker.toUpperCase()}` }));
    await postComment(other.slug, newComment({ body: `Elsewhere ${marker}` }));
    await postComment(slug, newComment({ body: "Nothing to find" }));

    const search = async (query: string) => (await (await adminFetch(`/comments?${query}`)).json<Listed>()).comments;
    expect(await search(`q=${marker}`)).toHaveLength(3);
    expect(await search(`q=${marker}&article=${slug}`)).toHaveLength(2);
    expect(await search(`q=${marker}&article=${slug}&status=approved`)).toHaveLength(0);
    // LIKE's wildcards are searched for literally.
    expect(await search(`q=${encodeURIComponent("%")}&article=${slug}`)).toHaveLength(0);
  });

  it("shows the moderator why each comment was held", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderationKeys: ["budget"] });
    await postComment(slug, newComment({ body: "The budget is wrong" }));
    const [listed] = (await (await adminFetch(`/comments?article=${slug}`)).json<Listed>()).comments;
    expect(listed!.moderation).toEqual({ reason: "moderation_key", label: "budget", score: null });
  });
});
