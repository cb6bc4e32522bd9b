import { and, count, eq, gt, inArray, lte, ne, or } from "drizzle-orm";
import type { Database } from "./client.ts";
import { websubSubscriptions as subscriptions } from "./schema.ts";

export type NewSubscription = typeof subscriptions.$inferInsert;

/** Live subscriptions of one callback host, other than this topic's and callback's own (which a renewal replaces). */
export async function hostSubscriptionCount(db: Database, host: string, topic: string, callback: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(subscriptions)
    .where(
      and(eq(subscriptions.callbackHost, host), gt(subscriptions.expiresAt, now), or(ne(subscriptions.topic, topic), ne(subscriptions.callback, callback))),
    );
  return row?.n ?? 0;
}

/** Subscribes, or renews the same topic and callback with a new lease and secret. */
export function saveSubscription(db: Database, subscription: NewSubscription) {
  const { secret, expiresAt } = subscription;
  return db
    .insert(subscriptions)
    .values(subscription)
    .onConflictDoUpdate({ target: [subscriptions.topic, subscriptions.callback], set: { secret, expiresAt } });
}

export function removeSubscription(db: Database, topic: string, callback: string) {
  return db.delete(subscriptions).where(and(eq(subscriptions.topic, topic), eq(subscriptions.callback, callback)));
}

/** The live subscriptions to any of `topics`. */
export function subscriptionsTo(db: Database, topics: string[], now: Date) {
  return db
    .select({ id: subscriptions.id, topic: subscriptions.topic })
    .from(subscriptions)
    .where(and(inArray(subscriptions.topic, topics), gt(subscriptions.expiresAt, now)));
}

/** One live subscription, if it still exists. */
export async function liveSubscription(db: Database, id: number, now: Date) {
  return (
    await db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.id, id), gt(subscriptions.expiresAt, now)))
  )[0];
}

/** Forgets subscriptions whose lease has ended. */
export function expireSubscriptions(db: Database, now: Date) {
  return db.delete(subscriptions).where(lte(subscriptions.expiresAt, now));
}
