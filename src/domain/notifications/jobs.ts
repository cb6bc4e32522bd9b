/** What a reader may ask for with a comment (`notify`): nothing, replies to their comment, or every new comment on the article. */
export const notifyChoices = ["none", "replies", "thread"] as const;
export type NotifyChoice = (typeof notifyChoices)[number];
export const subscriptionKinds = ["replies", "thread"] as const;
export type SubscriptionKind = (typeof subscriptionKinds)[number];

/** Confirmation emails to one client address (its keyed hash) per 24 hours, however many addresses it types. */
export const CONFIRMATIONS_PER_CLIENT_PER_DAY = 3;
/** How long a confirmation link, an owner's moderation link and an unconfirmed subscription last. */
export const LINK_DAYS = 7;
/** How long an unsubscribe link lasts: every email carries a fresh one. */
export const UNSUBSCRIBE_LINK_DAYS = 365;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A comment deleted for good, as the webhook tells of it: taken before the row goes, without any email. */
interface DeletedComment {
  id: number;
  guid: string;
  /** Its article, or outside page's thread (`pageUrl`: that page). */
  article: { slug: string; title: string; pageUrl?: string | null };
}

/** Something that happened, for whoever listens: the owner's webhook and inbox, subscribed readers. */
export type NotificationEvent =
  | { kind: "event"; event: "comment.held"; commentId: number }
  /** `posted`: published as it was posted (the owner's "anyone posts a comment"), not approved later. */
  | { kind: "event"; event: "comment.approved"; commentId: number; posted: boolean }
  | { kind: "event"; event: "comment.deleted"; comment: DeletedComment }
  | { kind: "event"; event: "article.published"; article: { slug: string; title: string } };

/**
 * What the notification queue carries: ids the consumer reads afresh from D1,
 * never a reader's address or an email's text, so nothing personal waits in
 * the queue or its dead letters. An event fans out into the jobs below it.
 */
export type JobBody =
  | NotificationEvent
  | { kind: "confirm"; addressId: number; articleId: number }
  /** `dueAt`: the subscription's scheduled delivery this job owns (a newer schedule makes it obsolete). */
  | { kind: "deliver"; subscriptionId: number; dueAt: number }
  | { kind: "owner-email"; event: "comment.held" | "comment.approved"; commentId: number; to: string }
  | { kind: "webhook"; event: NotificationEvent };

/** A job with the site's base URL at the time, for the links it will contain. */
export type Job = JobBody & { baseUrl: string };

/** Seconds before the next try after `attempts` failed ones: `first`, doubling, at most an hour. */
export const retryDelaySeconds = (first: number, attempts: number) => Math.min(3600, first * 2 ** Math.max(0, attempts - 1));
