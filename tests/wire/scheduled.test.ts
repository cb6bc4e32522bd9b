import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useNonce } from "../../src/db/notifications.ts";
import { createOutsideThread } from "../../src/db/outside-threads.ts";
import { articles, comments, deadLetters, subscriberAddresses, subscriptions, usedLinks, websubSubscriptions } from "../../src/db/schema.ts";
import { keyedHash } from "../../src/domain/privacy.ts";
import { outsideSlug } from "../../src/domain/thread-ids.ts";
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

  it("forgets outside threads a day old that hold no comment, and keeps the others", async () => {
    const day = 86_400_000;
    const now = Date.now();
    const make = async (name: string, ageDays: number) => {
      const slug = outsideSlug(`https://blog.example.com/${name}-${crypto.randomUUID()}`);
      await createOutsideThread(db(), { slug, pageUrl: "https://blog.example.com/x", title: name, createdAt: new Date(now - ageDays * day) }, new Date());
      return slug;
    };
    const [empty, fresh, withComment] = [await make("empty", 2), await make("fresh", 0.5), await make("kept", 2)];
    const thread = (await db().select({ id: articles.id }).from(articles).where(eq(articles.slug, withComment)).get())!;
    const { slug: articleSlug } = await seedArticle();
    const posted = await (await postComment(articleSlug, newComment())).json<CreatedComment>();
    // A held comment keeps its thread (moved there to stand for one the moderator hasn't seen yet).
    await db().update(comments).set({ articleId: thread.id }).where(eq(comments.id, posted.comment.id));
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env);
    const left = (await db().select({ slug: articles.slug }).from(articles)).map((row) => row.slug);
    expect(left).not.toContain(empty);
    expect(left).toEqual(expect.arrayContaining([fresh, withComment, articleSlug]));
  });

  it("puts approved comments that have no comment page (from before pages existed) on one, and the page shows them", async () => {
    const { slug } = await seedArticle();
    const { comment } = await (await postComment(slug, newComment({ body: "From the old days" }))).json<CreatedComment>();
    await db().update(comments).set({ status: "approved", page: null }).where(eq(comments.id, comment.id));
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 3 * * *" }), env);
    expect((await db().select({ page: comments.page }).from(comments).where(eq(comments.id, comment.id)).get())!.page).toBe(1);
    expect(await (await fetchWorker(`/articles/${slug}?cpage=1`)).text()).toContain("From the old days");
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

describe("the daily clean-up of notification data", () => {
  const DAY = 86_400_000;
  const addressOf = async (email: string) =>
    (
      await db()
        .select()
        .from(subscriberAddresses)
        .where(eq(subscriberAddresses.emailHash, await keyedHash(env.HASH_KEY, "email", email.toLowerCase())))
    )[0];

  it("expires unconfirmed subscriptions after 7 days, forgets confirmations' client hashes after a day, and drops spent links and old dead letters", async () => {
    const { slug } = await seedArticle();
    const now = Date.now();
    const [stale, fresh, confirmed] = [newComment({ notify: "thread" }), newComment({ notify: "thread" }), newComment({ notify: "replies" })];
    for (const payload of [stale, fresh, confirmed]) expect((await postComment(slug, payload)).status).toBe(201);
    const [staleAddress, freshAddress, confirmedAddress] = await Promise.all([stale, fresh, confirmed].map((payload) => addressOf(String(payload.email))));
    const eightDaysAgo = new Date(now - 8 * DAY);
    await db()
      .update(subscriberAddresses)
      .set({ createdAt: eightDaysAgo, confirmationSentAt: eightDaysAgo })
      .where(eq(subscriberAddresses.id, staleAddress!.id));
    await db().update(subscriptions).set({ createdAt: eightDaysAgo }).where(eq(subscriptions.addressId, staleAddress!.id));
    await db()
      .update(subscriberAddresses)
      .set({ createdAt: eightDaysAgo, confirmedAt: eightDaysAgo, confirmationSentAt: eightDaysAgo })
      .where(eq(subscriberAddresses.id, confirmedAddress!.id));
    await db().update(subscriptions).set({ createdAt: eightDaysAgo }).where(eq(subscriptions.addressId, confirmedAddress!.id));
    await useNonce(db(), "spent-nonce", new Date(now - 1000));
    await useNonce(db(), "live-nonce", new Date(now + DAY));
    await db()
      .insert(deadLetters)
      .values([
        { kind: "confirm", job: "{}", failedAt: new Date(now - 31 * DAY) },
        { kind: "confirm", job: "{}", failedAt: new Date(now - DAY) },
      ]);

    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env);

    expect(await addressOf(String(stale.email))).toBeUndefined();
    expect(await db().select().from(subscriptions).where(eq(subscriptions.addressId, staleAddress!.id))).toEqual([]);
    expect(await addressOf(String(fresh.email))).toMatchObject({ id: freshAddress!.id, confirmationClient: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await addressOf(String(confirmed.email))).toMatchObject({ id: confirmedAddress!.id, confirmationClient: null });
    expect(await db().select().from(subscriptions).where(eq(subscriptions.addressId, confirmedAddress!.id))).toHaveLength(1);
    expect((await db().select().from(usedLinks)).map((row) => row.nonce)).toEqual(["live-nonce"]);
    expect(await db().select().from(deadLetters)).toHaveLength(1);
  });
});
