import { EmailMessage } from "cloudflare:email";
import { commentWithArticle } from "../db/admin-comments.ts";
import { createDb, type Database } from "../db/client.ts";
import { confirmationData, deliveryData, finishDelivery, queueForSubscribers, reschedule, storeDeadLetters } from "../db/notifications.ts";
import { confirmationEmail, ownerEmail, subscriberEmail } from "../domain/notifications/emails.ts";
import { type Job, type NotificationEvent, retryDelaySeconds } from "../domain/notifications/jobs.ts";
import { type EmailContent, mimeMessage } from "../domain/notifications/mime.ts";
import { webhookSignature } from "../domain/notifications/webhook-signature.ts";
import { decryptCommentEmail, decryptSubscriberEmail, emailKeyring } from "../domain/privacy.ts";
import { type Settings, type SettingVars, settingsOf } from "../domain/settings.ts";
import { absoluteUrl, commentUrl, discussionUrl, resolveSite, type Site, type SiteSettings } from "../domain/site.ts";
import { confirmationUrl, moderationUrls, unsubscribeUrls } from "./email-links.ts";
import { ownerNotificationSettings } from "./owner-notifications.ts";

/** The queue jobs go to, and the one its dead letters go to (wrangler.toml). */
const JOBS_QUEUE = "wirepost-notifications";
const DEAD_LETTER_QUEUE = "wirepost-notifications-dlq";

export const isNotificationQueue = (name: string) => name === JOBS_QUEUE || name === DEAD_LETTER_QUEUE;

/** What the consumer needs of the bindings (the reader Worker's: it consumes the queue). */
export type NotificationBindings = Pick<Env, "DB" | "EMAIL" | "NOTIFICATIONS"> & SiteSettings & SettingVars;

interface Worker {
  db: Database;
  settings: Settings;
  env: NotificationBindings;
  now: Date;
}

/**
 * The queue's consumer. Each job is handled on its own: done, it is acked;
 * failed, it is retried after `NOTIFY_RETRY_SECONDS`, doubling, until the
 * queue's `max_retries` move it to the dead-letter queue, whose jobs are kept
 * in D1 for the owner. Only the job's kind and an error code are logged.
 */
export async function consumeNotifications(batch: MessageBatch<Job>, env: NotificationBindings): Promise<void> {
  const db = createDb(env.DB);
  const now = new Date();
  if (batch.queue === DEAD_LETTER_QUEUE) {
    await storeDeadLetters(
      db,
      batch.messages.map(({ body }) => ({ kind: body.kind, job: JSON.stringify(body), failedAt: now })),
    );
    console.error(JSON.stringify({ event: "notifications_dead", count: batch.messages.length }));
    return batch.ackAll();
  }
  let settings: Settings;
  try {
    settings = settingsOf(env);
  } catch (error) {
    console.error(JSON.stringify({ event: "notification_failed", error: errorCode(error) }));
    return batch.retryAll({ delaySeconds: 300 });
  }
  for (const message of batch.messages) {
    try {
      await handle({ db, settings, env, now }, message.body);
      message.ack();
    } catch (error) {
      console.warn(JSON.stringify({ event: "notification_failed", kind: message.body.kind, attempts: message.attempts, error: errorCode(error) }));
      message.retry({ delaySeconds: retryDelaySeconds(settings.retrySeconds, message.attempts) });
    }
  }
}

/** An error's name, or its code (Cloudflare's email errors, E_WEBHOOK_<status>): never its message, which may quote an address. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^E_[A-Z0-9_]{1,60}$/.test(code)) return code;
  return error instanceof Error ? error.name : "unknown";
}

function handle(worker: Worker, job: Job): Promise<void> {
  const site = resolveSite(worker.env, job.baseUrl);
  switch (job.kind) {
    case "event":
      return fanOut(worker, job);
    case "webhook":
      return callWebhook(worker, site, job.event);
    case "owner-email":
      return emailOwner(worker, site, job);
    case "confirm":
      return emailConfirmation(worker, site, job);
    case "deliver":
      return deliver(worker, site, job);
  }
}

/** Queues jobs, a delivery with the delay its digest window asks for. */
async function enqueue({ env, now }: Worker, jobs: Job[]): Promise<void> {
  const requests = jobs.map((body) => ({ body, delaySeconds: body.kind === "deliver" ? Math.max(0, Math.ceil((body.dueAt - now.getTime()) / 1000)) : 0 }));
  for (let start = 0; start < requests.length; start += 100) await env.NOTIFICATIONS.sendBatch(requests.slice(start, start + 100));
}

/**
 * An event becomes one job per listener, each retried on its own: the
 * webhook, the owner's addresses if they asked for it, and (for an approved
 * comment) each subscription that should hear of it, scheduled by its digest window.
 */
async function fanOut(worker: Worker, job: Extract<Job, { kind: "event" }>): Promise<void> {
  const { settings, db, now } = worker;
  const { baseUrl, ...rest } = job;
  const event = rest as NotificationEvent;
  const jobs: Job[] = settings.notify ? [{ kind: "webhook", event, baseUrl }] : [];
  // The owner's emails follow their choices (the discussion settings); the webhook hears every event.
  if (settings.email && (job.event === "comment.held" || job.event === "comment.approved")) {
    const owner = await ownerNotificationSettings(db, settings);
    const wanted = job.event === "comment.held" ? owner.notifyOnHeld : job.posted && owner.notifyOnComment;
    if (wanted) for (const to of owner.notifyEmails) jobs.push({ kind: "owner-email", event: job.event, commentId: job.commentId, to, baseUrl });
  }
  if (job.event === "comment.approved" && settings.email?.readers) {
    for (const { id, dueAt } of await queueForSubscribers(db, job.commentId, now, settings.email.digestMs)) {
      jobs.push({ kind: "deliver", subscriptionId: id, dueAt: dueAt.getTime(), baseUrl });
    }
  }
  await enqueue(worker, jobs);
}

async function webhookPayload(db: Database, settings: Settings, site: Site, event: NotificationEvent) {
  const articleJson = (article: { slug: string; title: string; pageUrl?: string | null }) => ({
    slug: article.slug,
    title: article.title,
    url: discussionUrl(site, article),
  });
  if (event.event === "article.published") return { event: event.event, article: articleJson(event.article) };
  if (event.event === "comment.deleted")
    return { event: event.event, article: articleJson(event.comment.article), comment: { id: event.comment.id, guid: event.comment.guid } };
  const row = await commentWithArticle(db, event.commentId);
  if (!row) return null;
  const { comment } = row;
  const email = settings.notify?.includeEmail ? await decryptCommentEmail(await emailKeyring(settings.keys.emailKey), comment) : null;
  return {
    event: event.event,
    article: articleJson(row.article),
    comment: {
      id: comment.id,
      guid: comment.guid,
      status: comment.status,
      author: comment.author,
      url: comment.url,
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
      ...(email ? { email } : {}),
    },
    moderate: absoluteUrl(site, "/admin"),
  };
}

/** POSTs the event as JSON, signed when `WEBHOOK_SECRET` is set; anything but a 2xx is retried. */
async function callWebhook({ db, settings, now }: Worker, site: Site, event: NotificationEvent): Promise<void> {
  const notify = settings.notify;
  const payload = notify && (await webhookPayload(db, settings, site, event));
  if (!notify || !payload) return; // turned off since, or the comment is gone
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-Wirepost-Event": event.event };
  if (notify.secret) headers["X-Wirepost-Signature"] = await webhookSignature(notify.secret, Math.floor(now.getTime() / 1000), body);
  const response = await fetch(notify.webhookUrl, { method: "POST", headers, body });
  await response.body?.cancel();
  if (!response.ok) throw Object.assign(new Error("The webhook refused the event"), { code: `E_WEBHOOK_${response.status}` });
}

/** Sends raw MIME as an `EmailMessage` (what `wrangler dev` keeps as a whole .eml file). */
async function send({ env, settings, now }: Worker, site: Site, to: string, content: EmailContent): Promise<void> {
  const from = settings.email!.from;
  await env.EMAIL.send(new EmailMessage(from, to, mimeMessage({ from, fromName: site.title, to }, content, now)));
}

async function emailOwner(worker: Worker, site: Site, job: Extract<Job, { kind: "owner-email" }>): Promise<void> {
  const row = worker.settings.email && (await commentWithArticle(worker.db, job.commentId));
  const held = job.event === "comment.held";
  // Gone, or moderated meanwhile: nothing left to ask.
  if (!row || (held && row.comment.status !== "pending")) return;
  const { comment, article } = row;
  const admin = absoluteUrl(site, "/admin");
  const actions = await moderationUrls(worker.settings.keys.hashKey, job.baseUrl, comment.id, held, worker.now);
  const emailed = { author: comment.author, body: comment.body, url: held ? admin : commentUrl(site, article, comment), website: comment.url };
  await send(worker, site, job.to, ownerEmail({ site, article }, held, emailed, actions, admin));
}

async function emailConfirmation(worker: Worker, site: Site, job: Extract<Job, { kind: "confirm" }>): Promise<void> {
  const { settings, db, now } = worker;
  const { address, article } = await confirmationData(db, job.addressId, job.articleId);
  if (!settings.email?.readers || !address || !article || address.confirmedAt) return;
  const to = await decryptSubscriberEmail(await emailKeyring(settings.keys.emailKey), address);
  await send(worker, site, to, confirmationEmail({ site, article }, await confirmationUrl(settings.keys.hashKey, job.baseUrl, address.id, now)));
}

/**
 * One subscription's waiting comments, as one email (a digest when several
 * came within the window). A job whose schedule was taken over does nothing;
 * one that comes early waits out the window; if more comments are waiting
 * afterwards, the next delivery is scheduled one window on.
 */
async function deliver(worker: Worker, site: Site, job: Extract<Job, { kind: "deliver" }>): Promise<void> {
  const { settings, db, now } = worker;
  const email = settings.email;
  const { found: subscription, comments } = await deliveryData(db, job.subscriptionId);
  if (!email?.readers || !subscription || subscription.deliveryDueAt?.getTime() !== job.dueAt) return;
  const opens = (subscription.lastSentAt?.getTime() ?? 0) + email.digestMs;
  if (opens > now.getTime()) {
    if (await reschedule(db, subscription.id, new Date(job.dueAt), new Date(opens))) await enqueue(worker, [{ ...job, dueAt: opens }]);
    return;
  }
  if (comments.length > 0 && subscription.confirmedAt) {
    const { title } = subscription;
    const to = await decryptSubscriberEmail(await emailKeyring(settings.keys.emailKey), subscription);
    const emailed = comments.map((comment) => ({ author: comment.author, body: comment.body, url: commentUrl(site, subscription, comment) }));
    const unsubscribe = await unsubscribeUrls(settings.keys.hashKey, job.baseUrl, subscription.addressId, subscription.articleId, now);
    await send(worker, site, to, subscriberEmail({ site, article: { title } }, subscription.kind, emailed, unsubscribe));
  }
  const next = await finishDelivery(
    db,
    subscription.id,
    comments.map(({ id }) => id),
    now,
    email.digestMs,
  );
  if (next) await enqueue(worker, [{ kind: "deliver", subscriptionId: subscription.id, dueAt: next.getTime(), baseUrl: job.baseUrl }]);
}
