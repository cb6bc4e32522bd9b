import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comments, websubSubscriptions } from "../../src/db/schema.ts";
import worker from "../../src/index.ts";
import { type CreatedComment, db, newComment, postComment, seedArticle } from "../helpers.ts";

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

  it("forgets WebSub subscriptions whose lease has ended", async () => {
    const now = Date.now();
    const row = (callback: string, expiresAt: number) => ({
      topic: "http://wirepost.test/feed.xml",
      callback,
      callbackHost: "subscriber.example",
      expiresAt: new Date(expiresAt),
    });
    await db()
      .insert(websubSubscriptions)
      .values([row("https://subscriber.example/ended", now - 1), row("https://subscriber.example/live", now + 60_000)]);
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env);
    expect((await db().select().from(websubSubscriptions)).map((subscription) => subscription.callback)).toEqual(["https://subscriber.example/live"]);
  });
});
