import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { publishedArticleBySlug } from "../../src/db/articles.ts";
import { createDb, type Database } from "../../src/db/client.ts";
import { insertComment } from "../../src/db/comments.ts";
import { InstrumentedD1 } from "../../src/db/instrumented-d1.ts";
import {
  confirmAddress,
  deadLetterCount,
  deliveryData,
  expireNotificationData,
  finishDelivery,
  queueForSubscribers,
  subscribe,
  subscriptionsByEmailHash,
} from "../../src/db/notifications.ts";
import { type Article, pendingNotifications, subscriptions } from "../../src/db/schema.ts";
import type { SubscriptionKind } from "../../src/domain/notifications/jobs.ts";
import { db, seedArticle } from "../helpers.ts";

let sequence = 0;

async function article(): Promise<Article> {
  return (await publishedArticleBySlug(db(), (await seedArticle()).slug))!;
}

/** A reader subscribed to `target`, confirmed unless told otherwise. */
async function reader(target: Article, kind: SubscriptionKind, { confirmed = true, emailHash = `reader-${++sequence}`, database = db() } = {}) {
  const result = await subscribe(database, {
    emailHash,
    emailEncrypted: "1.iv.ciphertext",
    articleId: target.id,
    kind,
    clientHash: `client-${sequence}`,
    now: new Date(),
  });
  if (confirmed) await confirmAddress(database, result.addressId, new Date());
  const [row] = await database.select().from(subscriptions).where(eq(subscriptions.addressId, result.addressId));
  return { ...result, emailHash, subscriptionId: row!.id };
}

/** An approved comment by `emailHash`, optionally a reply. */
async function comment(target: Article, emailHash: string, parentId: number | null = null) {
  sequence += 1;
  const result = await insertComment(
    db(),
    {
      guid: crypto.randomUUID(),
      articleId: target.id,
      parentId,
      rootId: parentId,
      depth: parentId ? 2 : 1,
      author: `Writer ${sequence}`,
      emailEncrypted: "1.iv.ciphertext",
      emailHash,
      ipHash: `ip-${sequence}`,
      url: null,
      body: `Text ${sequence}`,
      bodyHtml: `<p>Text ${sequence}</p>`,
      bodyHash: `body-${sequence}`,
      status: "approved",
      createdAt: new Date(),
      updatedAt: new Date(),
    },
    new Date(),
  );
  if (!("stored" in result)) throw new Error("not stored");
  return result.stored.id;
}

describe("subscriptions", () => {
  it("are one per reader and article, where every comment outranks replies, and only the first request claims a confirmation", async () => {
    const target = await article();
    const first = await reader(target, "replies", { confirmed: false });
    expect(first.sendConfirmation).toBe(true);
    const again = await reader(target, "thread", { confirmed: false, emailHash: first.emailHash });
    expect(again).toMatchObject({ addressId: first.addressId, sendConfirmation: false });
    await reader(target, "replies", { confirmed: false, emailHash: first.emailHash });
    expect(await subscriptionsByEmailHash(db(), first.emailHash)).toEqual([
      { kind: "thread", createdAt: expect.any(Date), confirmedAt: null, article: { slug: target.slug, title: target.title } },
    ]);
  });
});

describe("queueForSubscribers", () => {
  it("queues an approved comment for the confirmed readers who should hear of it, never its author, and schedules each delivery once", async () => {
    const target = await article();
    const follower = await reader(target, "thread");
    const unconfirmed = await reader(target, "thread", { confirmed: false });
    const asker = await reader(target, "replies");
    const bystander = await reader(target, "replies");
    const author = await reader(target, "thread");
    const elsewhere = await reader(await article(), "thread");

    const question = await comment(target, asker.emailHash);
    const answer = await comment(target, author.emailHash, question);
    const now = new Date();
    const scheduled = await queueForSubscribers(db(), answer, now, 60_000);
    expect(scheduled.map(({ id }) => id).sort()).toEqual([follower.subscriptionId, asker.subscriptionId].sort());
    // The asker's question itself went to no one yet: only this answer waits.
    const waiting = await db().select().from(pendingNotifications).where(eq(pendingNotifications.commentId, answer));
    expect(waiting.map((row) => row.subscriptionId).sort()).toEqual([follower.subscriptionId, asker.subscriptionId].sort());
    for (const { dueAt } of scheduled) expect(dueAt).toEqual(now);
    for (const other of [unconfirmed, bystander, author, elsewhere]) expect(scheduled.map(({ id }) => id)).not.toContain(other.subscriptionId);

    // Another comment while the follower's delivery is due: it waits too, only the author (a follower too) gets a schedule.
    const more = await comment(target, bystander.emailHash);
    expect((await queueForSubscribers(db(), more, now, 60_000)).map(({ id }) => id)).toEqual([author.subscriptionId]);
    expect((await deliveryData(db(), follower.subscriptionId)).comments.map(({ id }) => id)).toEqual([answer, more]);
  });

  it("after a delivery, forgets what was sent and schedules the next window while comments still wait", async () => {
    const target = await article();
    const follower = await reader(target, "thread");
    const first = await comment(target, "someone");
    const second = await comment(target, "someone else");
    const now = new Date();
    await queueForSubscribers(db(), first, now, 60_000);
    await queueForSubscribers(db(), second, now, 60_000);
    expect(await finishDelivery(db(), follower.subscriptionId, [first], now, 60_000)).toEqual(new Date(now.getTime() + 60_000));
    expect((await deliveryData(db(), follower.subscriptionId)).comments.map(({ id }) => id)).toEqual([second]);
    expect(await finishDelivery(db(), follower.subscriptionId, [second], now, 60_000)).toBeNull();
    expect((await deliveryData(db(), follower.subscriptionId)).found).toMatchObject({ lastSentAt: now, deliveryDueAt: null });
  });
});

describe("query plans", () => {
  it("every notification query reads through an index", async () => {
    const counter = new InstrumentedD1();
    const recorded: Database = createDb(counter.wrap(env.DB) as D1Database);
    const target = await article();
    const follower = await reader(target, "thread", { database: recorded });
    const id = await comment(target, "writer");
    const now = new Date();
    await queueForSubscribers(recorded, id, now, 0);
    await deliveryData(recorded, follower.subscriptionId);
    await finishDelivery(recorded, follower.subscriptionId, [id], now, 0);
    await subscriptionsByEmailHash(recorded, follower.emailHash);
    await expireNotificationData(recorded, now, now);
    await deadLetterCount(recorded);
    expect(counter.statements.length).toBeGreaterThan(10);
    // Plain INSERTs are left out (one … RETURNING plans as a scan of the rows it wrote), not those that read.
    for (const { sql, params } of counter.statements.filter((statement) => !/^insert\b/i.test(statement.sql) || /\bselect\b/i.test(statement.sql))) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const details = plan.results.map((row) => row.detail);
      const scans = details.filter((detail) => /^SCAN \w+/.test(detail) && !/USING (COVERING )?INDEX/.test(detail));
      expect(scans, sql).toEqual([]);
      // Never a walk through every approved comment to find the few waiting ones.
      expect(
        details.filter((detail) => /^SEARCH comments USING (COVERING )?INDEX \w+ \(status=\?\)$/.test(detail)),
        sql,
      ).toEqual([]);
    }
  });
});
