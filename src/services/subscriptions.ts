import type { Database } from "../db/client.ts";
import { subscribe, subscriptionsByEmailHash } from "../db/notifications.ts";
import type { NotifyChoice, SubscriptionKind } from "../domain/notifications/jobs.ts";
import { emailKeyring, encryptSubscriberEmail } from "../domain/privacy.ts";
import type { Keys, Settings } from "../domain/settings.ts";
import type { Effects } from "./effects.ts";
import { commenterHash } from "./owner-comments.ts";

/**
 * What a comment's `notify` came to: nothing asked, asked (the same answer
 * whether or not the address was confirmed before, so it tells a stranger
 * nothing), or not offered on this site (readers can't be emailed).
 */
export type NotifyOutcome = "none" | "requested" | "unavailable";

export const notifyOutcome = (settings: Pick<Settings, "email">, choice: NotifyChoice): NotifyOutcome =>
  choice === "none" ? "none" : settings.email?.readers ? "requested" : "unavailable";

export interface NotifyRequest {
  email: string;
  emailHash: string;
  /** The client's keyed address hash: confirmations are limited per client too. */
  clientHash: string;
  articleId: number;
  kind: SubscriptionKind;
  now: Date;
}

/**
 * A reader's "notify me": the subscription is stored, and if the address is
 * unconfirmed and may get one now (once a day per address, a few per client),
 * the one confirmation email is queued. Nothing else ever goes to it unconfirmed.
 */
export async function requestNotifications(db: Database, effects: Effects, keys: Keys, request: NotifyRequest): Promise<void> {
  const { emailHash, articleId } = request;
  const emailEncrypted = await encryptSubscriberEmail(await emailKeyring(keys.emailKey), request.email, emailHash);
  const { addressId, sendConfirmation } = await subscribe(db, { ...request, emailEncrypted });
  if (sendConfirmation) await effects.enqueue({ kind: "confirm", addressId, articleId });
}

/** A privacy export's share: the commenter's subscriptions. */
export async function commenterSubscriptions(db: Database, keys: Keys, email: string) {
  const rows = await subscriptionsByEmailHash(db, await commenterHash(keys, email));
  return rows.map(({ kind, createdAt, confirmedAt, article }) => ({ article, notify: kind, confirmed: confirmedAt !== null, since: createdAt.toISOString() }));
}
