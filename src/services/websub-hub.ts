import type { Database } from "../db/client.ts";
import { hostSubscriptionCount, removeSubscription, saveSubscription } from "../db/websub-subscriptions.ts";
import { parseFeedPath } from "../domain/feeds/feed-sources.ts";
import type { Settings } from "../domain/settings.ts";
import { absoluteUrl, type Site } from "../domain/site.ts";
import { CALLBACK_TIMEOUT_MS, isPrivateHost, leaseSeconds, MAX_SUBSCRIPTIONS_PER_HOST, type SubscriptionRequest } from "../domain/websub.ts";
import type { Effects } from "./effects.ts";
import { readFeed } from "./read-feed.ts";

export interface HubContext {
  db: Database;
  site: Site;
  settings: Settings["websub"];
  effects: Effects;
}

export type SubscriptionResult = { outcome: "accepted" } | { outcome: "unknown_topic" } | { outcome: "private_callback" } | { outcome: "too_many" };

/**
 * Calls a subscriber's callback: no redirects followed (they could lead
 * anywhere), a bounded wait, and a network failure is `undefined`, logged
 * without the URL (callbacks can carry their own tokens).
 */
export async function callSubscriber(url: string, init: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) });
  } catch (error) {
    console.warn(JSON.stringify({ event: "websub_callback_failed", error: error instanceof Error ? error.name : "unknown" }));
    return undefined;
  }
}

/** The start of a response's text: a challenge is short, so a callback can't make the hub read without end. */
async function leadingText(response: Response, max = 1_024): Promise<string> {
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (reader && text.length <= max) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader?.cancel();
  return text;
}

/**
 * Verification of intent (WebSub §5.3): the hub asks the callback to echo a
 * random challenge; only then is the subscription stored (or removed).
 */
async function verifyIntent(db: Database, request: SubscriptionRequest, now: Date): Promise<void> {
  const mode = request["hub.mode"];
  const { "hub.topic": topic, "hub.callback": callback } = request;
  const lease = leaseSeconds(request["hub.lease_seconds"]);
  const challenge = crypto.randomUUID();
  const query = new URLSearchParams({ "hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge });
  if (mode === "subscribe") query.set("hub.lease_seconds", String(lease));
  const response = await callSubscriber(`${callback}${callback.includes("?") ? "&" : "?"}${query}`, { method: "GET" });
  if (!response?.ok || (await leadingText(response)).trim() !== challenge) {
    await response?.body?.cancel();
    return;
  }
  if (mode === "unsubscribe") await removeSubscription(db, topic, callback);
  else {
    await saveSubscription(db, {
      topic,
      callback,
      callbackHost: new URL(callback).hostname,
      secret: request["hub.secret"] || null,
      expiresAt: new Date(now.getTime() + lease * 1000),
    });
  }
}

/**
 * `POST /websub`: a subscriber asks to (un)subscribe a callback to one of
 * this site's feeds. Checked at once (the topic is a live feed of this site,
 * the callback not a private address, its host under its quota); the intent
 * is verified after the response, as WebSub's 202 Accepted says.
 */
export async function requestSubscription(context: HubContext, request: SubscriptionRequest, now: Date): Promise<SubscriptionResult> {
  const { db, site, settings } = context;
  const { "hub.topic": topic, "hub.callback": callback } = request;
  const path = new URL(topic).pathname;
  const feed = topic === absoluteUrl(site, path) ? parseFeedPath(path) : undefined;
  const subscribing = request["hub.mode"] === "subscribe";
  // Unsubscribing needs no live feed: a reader may leave one that is gone.
  if (!feed || (subscribing && (await readFeed(db, site, feed.source, null)).outcome !== "found")) return { outcome: "unknown_topic" };
  const { hostname } = new URL(callback);
  if (!settings.allowPrivateCallbacks && isPrivateHost(hostname)) return { outcome: "private_callback" };
  if (subscribing && (await hostSubscriptionCount(db, hostname, topic, callback, now)) >= MAX_SUBSCRIPTIONS_PER_HOST) return { outcome: "too_many" };
  await context.effects.defer(verifyIntent(db, request, now));
  return { outcome: "accepted" };
}
