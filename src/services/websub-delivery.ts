import { slugsOfArticles } from "../db/articles.ts";
import { createDb, type Database } from "../db/client.ts";
import { liveSubscription, subscriptionsTo } from "../db/websub-subscriptions.ts";
import type { PublicChange } from "../domain/cache-tags.ts";
import { FEED_FORMATS } from "../domain/feeds/feed.ts";
import { FEED_FILES } from "../domain/feeds/feed-files.ts";
import { feedBase, parseFeedPath } from "../domain/feeds/feed-sources.ts";
import { remembered } from "../domain/remembered.ts";
import { type Settings, type SettingVars, settingsOf } from "../domain/settings.ts";
import { absoluteUrl, resolveSite, type Site, type SiteSettings } from "../domain/site.ts";
import { changedFeeds, hubSignature, hubUrl, isPrivateHost, retryDelaySeconds, type WebSubJob } from "../domain/websub.ts";
import type { Bindings } from "../env.ts";
import { readFeed } from "./read-feed.ts";
import { callSubscriber } from "./websub-hub.ts";

const QUEUE = "wirepost-websub";

/** Whether a batch comes from the WebSub queue (wrangler.toml `[[queues.consumers]]`). */
export const isWebSubQueue = (name: string) => name === QUEUE;

/**
 * Tells the hub which feeds `changes` changed: one queue message, consumed by
 * this Worker's queue handler. Called after the response (it may read the
 * changed articles' slugs); a failure is logged, never passed to the reader
 * whose write it followed.
 */
export async function announceChanges(queue: Queue<WebSubJob>, db: Database, site: Site, changes: PublicChange[]): Promise<void> {
  const { paths, articleIds } = changedFeeds(changes);
  if (paths.length === 0 && articleIds.length === 0) return;
  try {
    const slugs = articleIds.length > 0 ? await slugsOfArticles(db, articleIds) : [];
    // An article's comment feeds, or an outside thread's (under /threads/).
    const bases = [...paths, ...slugs.map((slug) => feedBase({ kind: "article-comments", slug }))];
    await queue.send({ kind: "publish", topics: bases.flatMap((base) => FEED_FILES.map((file) => absoluteUrl(site, `${base}/${file}`))) });
  } catch (error) {
    console.warn(JSON.stringify({ event: "websub_announce_failed", error: error instanceof Error ? error.name : "unknown" }));
  }
}

interface DeliveryContext {
  db: Database;
  settings: Settings["websub"];
  /** Where fan-out deliveries are queued. */
  queue: Queue<WebSubJob>;
  /** The site's vars: a topic's site is resolved from them and the topic's own origin. */
  siteVars: SiteSettings;
  now: Date;
}

type Rendered = { body: string; contentType: string; hub: string } | undefined;

/** A topic's current content, as a GET of it would answer; undefined when the feed is gone. */
async function renderTopic(context: DeliveryContext, topic: string): Promise<Rendered> {
  const site = resolveSite(context.siteVars, topic);
  const feed = parseFeedPath(new URL(topic).pathname);
  const content = feed && (await readFeed(context.db, site, feed.source, null));
  if (!feed || content?.outcome !== "found") return undefined;
  const hub = hubUrl(site, context.settings);
  const { contentType, render } = FEED_FORMATS[feed.format];
  return { body: render({ ...content.feed, hub }), contentType, hub };
}

const succeeded = (response: Response | undefined) => response !== undefined && response.status >= 200 && response.status < 300;

/** An external hub is pinged the way PubSubHubbub publishers do: `hub.mode=publish` with the topic. */
async function pingHub(hub: string, topics: string[]): Promise<boolean> {
  const answers = await Promise.all(
    topics.map((topic) => callSubscriber(hub, { method: "POST", body: new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }) })),
  );
  return answers.every(succeeded);
}

/** One job; true when it is done for good (delivered, or nothing left to do), false to try again later. */
async function runJob(job: WebSubJob, context: DeliveryContext, rendered: Map<string, Promise<Rendered>>): Promise<boolean> {
  if (job.kind === "publish") {
    if (context.settings.externalHub) return pingHub(context.settings.externalHub, job.topics);
    // Fan out: one message per subscriber, so each is retried on its own.
    const subscribers = await subscriptionsTo(context.db, job.topics, context.now);
    for (let start = 0; start < subscribers.length; start += 100) {
      await context.queue.sendBatch(subscribers.slice(start, start + 100).map(({ id, topic }) => ({ body: { kind: "deliver", subscription: id, topic } })));
    }
    return true;
  }
  const subscription = await liveSubscription(context.db, job.subscription, context.now);
  // Unsubscribed, expired, or a callback that is no longer allowed: nothing to deliver.
  if (!subscription || subscription.topic !== job.topic || (!context.settings.allowPrivateCallbacks && isPrivateHost(subscription.callbackHost))) return true;
  const feed = await remembered(rendered, job.topic, () => renderTopic(context, job.topic));
  if (!feed) return true;
  const headers: Record<string, string> = { "Content-Type": feed.contentType, Link: `<${feed.hub}>; rel="hub", <${job.topic}>; rel="self"` };
  if (subscription.secret) headers["X-Hub-Signature"] = await hubSignature(subscription.secret, feed.body);
  const response = await callSubscriber(subscription.callback, { method: "POST", headers, body: feed.body });
  await response?.body?.cancel();
  return succeeded(response);
}

/** What the consumer needs of the bindings. */
type WebSubBindings = Pick<Bindings, "DB" | "WEBSUB_QUEUE"> & SiteSettings & SettingVars;

/**
 * The WebSub queue's consumer: announcements fan out to subscribers (or ping
 * an external hub), and each delivery POSTs the feed's new content to its
 * callback, signed when the subscriber gave a secret. A failure is retried
 * with growing delays; after the queue's `max_retries`, the message goes to
 * the dead-letter queue.
 */
export async function consumeWebSub(batch: MessageBatch<WebSubJob>, env: WebSubBindings): Promise<void> {
  const context: DeliveryContext = {
    db: createDb(env.DB),
    settings: settingsOf(env).websub,
    queue: env.WEBSUB_QUEUE,
    siteVars: env,
    now: new Date(),
  };
  const rendered = new Map<string, Promise<Rendered>>();
  await Promise.all(
    batch.messages.map(async (message) => {
      let done = false;
      try {
        done = await runJob(message.body, context, rendered);
      } catch (error) {
        console.warn(JSON.stringify({ event: "websub_job_failed", kind: message.body.kind, error: error instanceof Error ? error.name : "unknown" }));
      }
      if (done) message.ack();
      else message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }),
  );
}
