import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comments } from "../../src/db/schema.ts";
import worker from "../../src/index.ts";
import { type CreatedComment, db, fetchWorker, newComment, postComment, seedArticle } from "../helpers.ts";

describe("the daily scheduled handler", () => {
  it("forgets client address hashes older than 30 days and keeps newer ones", async () => {
    const { slug } = await seedArticle();
    const old = await (await postComment(slug, newComment())).json<CreatedComment>();
    const recent = await (await postComment(slug, newComment())).json<CreatedComment>();
    const now = Date.now();
    await db()
      .update(comments)
      .set({ createdAt: new Date(now - 31 * 86_400_000) })
      .where(eq(comments.id, old.comment.id));
    await db()
      .update(comments)
      .set({ createdAt: new Date(now - 29 * 86_400_000) })
      .where(eq(comments.id, recent.comment.id));

    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env);

    const rows = await db().select({ id: comments.id, ipHash: comments.ipHash }).from(comments);
    expect(rows.find((row) => row.id === old.comment.id)!.ipHash).toBeNull();
    expect(rows.find((row) => row.id === recent.comment.id)!.ipHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("puts approved comments that have no comment page (from before pages existed) on one, and the page shows them", async () => {
    const { slug } = await seedArticle();
    const { comment } = await (await postComment(slug, newComment({ body: "From the old days" }))).json<CreatedComment>();
    await db().update(comments).set({ status: "approved", page: null }).where(eq(comments.id, comment.id));
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), env);
    expect((await db().select({ page: comments.page }).from(comments).where(eq(comments.id, comment.id)).get())!.page).toBe(1);
    expect(await (await fetchWorker(`/articles/${slug}?cpage=1`)).text()).toContain("From the old days");
  });
});
