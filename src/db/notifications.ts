import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { CONFIRMATIONS_PER_CLIENT_PER_DAY, DAY_MS, type SubscriptionKind } from "../domain/notifications/jobs.ts";
import type { Database } from "./client.ts";
import { articles, comments, deadLetters, pendingNotifications, subscriberAddresses, subscriptions, usedLinks } from "./schema.ts";

export interface SubscribeRequest {
  emailHash: string;
  emailEncrypted: string;
  articleId: number;
  kind: SubscriptionKind;
  /** Keyed hash of the client address, for the per-client limit on confirmations. */
  clientHash: string;
  now: Date;
}

/**
 * Records a reader's wish, in one batch: their address (once), the article's
 * subscription ("thread" outranks "replies"), and whether a confirmation
 * email may go out now. It may only if the address is unconfirmed, got none
 * in the last 24 hours, and this client caused fewer than its daily share:
 * checked and claimed in one statement, so racing posts can't both send one.
 */
export async function subscribe(db: Database, request: SubscribeRequest) {
  const { emailHash, now } = request;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const address = eq(subscriberAddresses.emailHash, emailHash);
  const [, , claimed, found] = await db.batch([
    db.insert(subscriberAddresses).values({ emailHash, emailEncrypted: request.emailEncrypted, createdAt: now }).onConflictDoNothing(),
    db
      .insert(subscriptions)
      .values({
        addressId: sql`(SELECT ${subscriberAddresses.id} FROM ${subscriberAddresses} WHERE ${address})`,
        articleId: request.articleId,
        kind: request.kind,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [subscriptions.addressId, subscriptions.articleId],
        set: { kind: sql`excluded.kind` },
        setWhere: sql`excluded.kind = 'thread'`,
      }),
    db
      .update(subscriberAddresses)
      .set({ confirmationSentAt: now, confirmationClient: request.clientHash })
      .where(
        and(
          address,
          isNull(subscriberAddresses.confirmedAt),
          or(isNull(subscriberAddresses.confirmationSentAt), lt(subscriberAddresses.confirmationSentAt, dayAgo)),
          sql`(SELECT count(*) FROM ${subscriberAddresses} WHERE ${subscriberAddresses.confirmationClient} = ${request.clientHash} AND ${subscriberAddresses.confirmationSentAt} > ${dayAgo.getTime()}) < ${CONFIRMATIONS_PER_CLIENT_PER_DAY}`,
        ),
      )
      .returning({ id: subscriberAddresses.id }),
    db.select({ id: subscriberAddresses.id }).from(subscriberAddresses).where(address),
  ]);
  return { addressId: found[0]!.id, sendConfirmation: claimed.length > 0 };
}

/** The address to confirm and the article it was asked for, for the confirmation email. */
export async function confirmationData(db: Database, addressId: number, articleId: number) {
  const [address, article] = await db.batch([
    db.select().from(subscriberAddresses).where(eq(subscriberAddresses.id, addressId)),
    db.select({ slug: articles.slug, title: articles.title }).from(articles).where(eq(articles.id, articleId)),
  ]);
  return { address: address[0], article: article[0] };
}

/** Confirms an address (again is fine); false if it is gone (erased, unsubscribed from everything, expired). */
export async function confirmAddress(db: Database, addressId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(subscriberAddresses)
    .set({ confirmedAt: sql`coalesce(${subscriberAddresses.confirmedAt}, ${now.getTime()})` })
    .where(eq(subscriberAddresses.id, addressId))
    .returning({ id: subscriberAddresses.id });
  return rows.length > 0;
}

/** Ends an address's notifications about one article, or (`articleId` null) all of them and the address with them. */
export async function unsubscribe(db: Database, addressId: number, articleId: number | null): Promise<void> {
  if (articleId === null) await db.delete(subscriberAddresses).where(eq(subscriberAddresses.id, addressId));
  else await db.delete(subscriptions).where(and(eq(subscriptions.addressId, addressId), eq(subscriptions.articleId, articleId)));
}

/**
 * When comment `commentId` is approved: queues it for every confirmed
 * subscription of its article that should hear of it (every new comment, or
 * a reply to one of that reader's comments), never its own author; then
 * schedules a delivery for each that has none due (the digest window decides
 * when). One batch. Returns the schedules made, for the delivery jobs.
 */
export async function queueForSubscribers(db: Database, commentId: number, now: Date, windowMs: number) {
  const parent = alias(comments, "parent");
  // A schedule this old lost its job (an enqueue that failed): it may be taken over.
  const stale = now.getTime() - 2 * 60 * 60 * 1000;
  const [, scheduled] = await db.batch([
    db
      .insert(pendingNotifications)
      .select(
        db
          .select({ subscriptionId: subscriptions.id, commentId: comments.id, createdAt: sql<Date>`${now.getTime()}`.as("created_at") })
          .from(comments)
          .innerJoin(subscriptions, eq(subscriptions.articleId, comments.articleId))
          .innerJoin(subscriberAddresses, eq(subscriberAddresses.id, subscriptions.addressId))
          .leftJoin(parent, eq(parent.id, comments.parentId))
          .where(
            and(
              eq(comments.id, commentId),
              eq(comments.status, "approved"),
              isNotNull(subscriberAddresses.confirmedAt),
              ne(subscriberAddresses.emailHash, comments.emailHash),
              or(eq(subscriptions.kind, "thread"), eq(parent.emailHash, subscriberAddresses.emailHash)),
            ),
          ),
      )
      .onConflictDoNothing(),
    db
      .update(subscriptions)
      .set({ deliveryDueAt: sql`max(${now.getTime()}, coalesce(${subscriptions.lastSentAt} + ${windowMs}, 0))` })
      .where(
        and(
          inArray(
            subscriptions.id,
            db.select({ id: pendingNotifications.subscriptionId }).from(pendingNotifications).where(eq(pendingNotifications.commentId, commentId)),
          ),
          or(isNull(subscriptions.deliveryDueAt), lt(subscriptions.deliveryDueAt, new Date(stale))),
        ),
      )
      .returning({ id: subscriptions.id, dueAt: subscriptions.deliveryDueAt }),
  ]);
  return scheduled as { id: number; dueAt: Date }[];
}

/** Comments per email: more wait for the next one. */
const PER_EMAIL = 20;

/** What a delivery sends: the subscription, its reader and article, and its waiting approved comments, oldest first. */
export async function deliveryData(db: Database, subscriptionId: number) {
  const [subscription, waiting] = await db.batch([
    db
      // No two columns of one name: D1 would hand back one of them.
      .select({
        id: subscriptions.id,
        addressId: subscriptions.addressId,
        articleId: subscriptions.articleId,
        kind: subscriptions.kind,
        lastSentAt: subscriptions.lastSentAt,
        deliveryDueAt: subscriptions.deliveryDueAt,
        emailHash: subscriberAddresses.emailHash,
        emailEncrypted: subscriberAddresses.emailEncrypted,
        confirmedAt: subscriberAddresses.confirmedAt,
        slug: articles.slug,
        title: articles.title,
        pageUrl: articles.pageUrl,
      })
      .from(subscriptions)
      .innerJoin(subscriberAddresses, eq(subscriberAddresses.id, subscriptions.addressId))
      .innerJoin(articles, eq(articles.id, subscriptions.articleId))
      .where(eq(subscriptions.id, subscriptionId)),
    db
      .select({ id: comments.id, page: comments.page, author: comments.author, body: comments.body })
      .from(pendingNotifications)
      .innerJoin(comments, eq(comments.id, pendingNotifications.commentId))
      .where(and(eq(pendingNotifications.subscriptionId, subscriptionId), eq(comments.status, "approved")))
      // Ordered by the waiting row's key (the same id), so the read starts there, not at every approved comment.
      .orderBy(asc(pendingNotifications.commentId))
      .limit(PER_EMAIL),
  ]);
  return { found: subscription[0], comments: waiting };
}

/** Moves a subscription's schedule from `dueAt` (this job's) to `next`; false if another job owns it now. */
export async function reschedule(db: Database, subscriptionId: number, dueAt: Date, next: Date): Promise<boolean> {
  const rows = await db
    .update(subscriptions)
    .set({ deliveryDueAt: next })
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.deliveryDueAt, dueAt)))
    .returning({ id: subscriptions.id });
  return rows.length > 0;
}

/**
 * After an email (or finding nothing left to send): forgets the comments it
 * carried and any no longer approved, and, if more wait, schedules the next
 * delivery one window later. Returns that time, or null.
 */
export async function finishDelivery(db: Database, subscriptionId: number, sentIds: number[], now: Date, windowMs: number): Promise<Date | null> {
  const mine = eq(pendingNotifications.subscriptionId, subscriptionId);
  const [, , updated] = await db.batch([
    db.delete(pendingNotifications).where(and(mine, inArray(pendingNotifications.commentId, sentIds))),
    db
      .delete(pendingNotifications)
      .where(
        and(mine, sql`NOT EXISTS (SELECT 1 FROM ${comments} WHERE ${comments.id} = ${pendingNotifications.commentId} AND ${comments.status} = 'approved')`),
      ),
    db
      .update(subscriptions)
      .set({
        ...(sentIds.length > 0 ? { lastSentAt: now } : {}),
        deliveryDueAt: sql`CASE WHEN EXISTS (SELECT 1 FROM ${pendingNotifications} WHERE ${mine}) THEN ${now.getTime() + windowMs} END`,
      })
      .where(eq(subscriptions.id, subscriptionId))
      .returning({ dueAt: subscriptions.deliveryDueAt }),
  ]);
  return updated[0]?.dueAt ?? null;
}

/** Marks a one-time link's nonce used; false if it already was. */
export async function useNonce(db: Database, nonce: string, expiresAt: Date): Promise<boolean> {
  return (await db.insert(usedLinks).values({ nonce, expiresAt }).onConflictDoNothing().returning({ nonce: usedLinks.nonce })).length > 0;
}

export async function isNonceUsed(db: Database, nonce: string): Promise<boolean> {
  return (await db.select({ nonce: usedLinks.nonce }).from(usedLinks).where(eq(usedLinks.nonce, nonce))).length > 0;
}

/** A commenter's subscriptions, for their privacy export. */
export function subscriptionsByEmailHash(db: Database, emailHash: string) {
  return db
    .select({
      kind: subscriptions.kind,
      createdAt: subscriptions.createdAt,
      confirmedAt: subscriberAddresses.confirmedAt,
      article: { slug: articles.slug, title: articles.title },
    })
    .from(subscriptions)
    .innerJoin(subscriberAddresses, eq(subscriberAddresses.id, subscriptions.addressId))
    .innerJoin(articles, eq(articles.id, subscriptions.articleId))
    .where(eq(subscriberAddresses.emailHash, emailHash))
    .orderBy(subscriptions.id);
}

/** Erasure: the address, its subscriptions and what waits for them. */
export function forgetSubscriber(db: Database, emailHash: string) {
  return db.delete(subscriberAddresses).where(eq(subscriberAddresses.emailHash, emailHash));
}

/**
 * The daily clean-up's share: unconfirmed subscriptions after `LINK_DAYS`
 * (and addresses left without any), the client hashes behind confirmations
 * after a day, used one-time links once they would have expired, dead letters after 30 days.
 */
export async function expireNotificationData(db: Database, now: Date, unconfirmedBefore: Date): Promise<void> {
  const unconfirmed = db.select({ id: subscriberAddresses.id }).from(subscriberAddresses).where(isNull(subscriberAddresses.confirmedAt));
  await db.batch([
    db.delete(subscriptions).where(and(inArray(subscriptions.addressId, unconfirmed), lt(subscriptions.createdAt, unconfirmedBefore))),
    db
      .delete(subscriberAddresses)
      .where(
        and(
          isNull(subscriberAddresses.confirmedAt),
          lt(subscriberAddresses.createdAt, unconfirmedBefore),
          sql`NOT EXISTS (SELECT 1 FROM ${subscriptions} WHERE ${subscriptions.addressId} = ${subscriberAddresses.id})`,
        ),
      ),
    db
      .update(subscriberAddresses)
      .set({ confirmationClient: null })
      .where(and(isNotNull(subscriberAddresses.confirmationClient), lt(subscriberAddresses.confirmationSentAt, new Date(now.getTime() - DAY_MS)))),
    db.delete(usedLinks).where(lt(usedLinks.expiresAt, now)),
    db.delete(deadLetters).where(lt(deadLetters.failedAt, new Date(now.getTime() - 30 * DAY_MS))),
  ]);
}

export function storeDeadLetters(db: Database, rows: (typeof deadLetters.$inferInsert)[]) {
  return db.insert(deadLetters).values(rows);
}

export async function deadLetterCount(db: Database): Promise<number> {
  return (await db.select({ n: count() }).from(deadLetters))[0]!.n;
}

/** The newest dead letters, for the owner. */
export function listDeadLetters(db: Database, limit: number) {
  return db.select().from(deadLetters).orderBy(desc(deadLetters.id)).limit(limit);
}

/** Removes the dead letters with these ids (all of them without), returning how many went. */
export async function deleteDeadLetters(db: Database, ids?: number[]): Promise<number> {
  return (
    await db
      .delete(deadLetters)
      .where(ids && inArray(deadLetters.id, ids))
      .returning({ id: deadLetters.id })
  ).length;
}
