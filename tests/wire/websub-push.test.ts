import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { websubSubscriptions } from "../../src/db/schema.ts";
import type { WebSubJob } from "../../src/domain/websub.ts";
import worker from "../../src/index.ts";
import { readerApp as app } from "../../src/reader-app.ts";
import { adminFetch, type CreatedComment, db, fetchWorker, newComment, nextClientIp, ORIGIN, postComment, seedArticle } from "../helpers.ts";

// The subscriber is a real Worker of its own (tests/fixtures/websub-subscriber.js).
// The hub calls its hosts (names under .example, and 127.0.0.1 when private
// callbacks are allowed) as it would any subscriber; this test's fetch hands
// those requests to that Worker instead of the network.
const isSubscriber = (hostname: string) => hostname.endsWith(".example") || hostname === "127.0.0.1";
const realFetch = globalThis.fetch;

beforeEach(() => {
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const request = new Request(input, init);
    return isSubscriber(new URL(request.url).hostname) ? env.WEBSUB_SUBSCRIBER.fetch(request) : realFetch(request);
  });
});
afterEach(() => vi.restoreAllMocks());

interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

const received = async (path: string) => (await env.WEBSUB_SUBSCRIBER.fetch(`http://log/__log?path=${encodeURIComponent(path)}`)).json<Received[]>();
const callbackPath = (kind = "cb") => `/${kind}/${crypto.randomUUID()}`;

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

/** Through the runtime: verification runs after the response, as in production. */
const subscribe = (fields: Record<string, string>) => fetchWorker("/websub", form({ "hub.mode": "subscribe", ...fields }));

/** Without an execution context the app awaits its after-response work, so verification is done when this returns. */
const subscribeNow = (fields: Record<string, string>, vars: Record<string, string> = {}) =>
  app.request(`${ORIGIN}/websub`, form({ "hub.mode": "subscribe", ...fields }), { ...env, ...vars });

const subscriptionsOf = (callback: string) => db().select().from(websubSubscriptions).where(eq(websubSubscriptions.callback, callback));

async function hmacHex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return Buffer.from(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body))).toString("hex");
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => name === "item" });

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
});

describe("the built-in hub, end to end", () => {
  it("verifies the subscriber's intent, then pushes the signed new feed when a comment is approved, and again when moderation removes it", async () => {
    const topic = `${ORIGIN}/articles/${slug}/feed.xml`;
    const path = callbackPath();
    const callback = `http://subscriber.example${path}?token=abc`;
    const accepted = await subscribe({ "hub.topic": topic, "hub.callback": callback, "hub.lease_seconds": "86400", "hub.secret": "s3cret" });
    expect(accepted.status).toBe(202);

    // Verification of intent: a GET echoing a random challenge, with the callback's own query kept.
    await vi.waitUntil(async () => (await subscriptionsOf(callback)).length === 1, { timeout: 5_000 });
    const [verification] = await received(path);
    expect(verification).toMatchObject({ method: "GET", query: { token: "abc", "hub.mode": "subscribe", "hub.topic": topic, "hub.lease_seconds": "86400" } });
    expect(verification!.query["hub.challenge"]).toMatch(/^[0-9a-f-]{36}$/);
    const [stored] = await subscriptionsOf(callback);
    expect(stored!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 86_000_000);

    const { comment } = await (await postComment(slug, newComment({ body: "Pushed words" }))).json<CreatedComment>();
    expect((await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } })).status).toBe(200);

    await vi.waitUntil(async () => (await received(path)).some((entry) => entry.method === "POST"), { timeout: 5_000 });
    const delivery = (await received(path)).find((entry) => entry.method === "POST")!;
    expect(delivery.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(delivery.headers["x-hub-signature"]).toBe(`sha256=${await hmacHex("s3cret", delivery.body)}`);
    expect(delivery.headers.link).toBe(`<${ORIGIN}/websub>; rel="hub", <${topic}>; rel="self"`);
    expect(XMLValidator.validate(delivery.body)).toBe(true);
    const items = xml.parse(delivery.body).rss.channel.item;
    expect(items.map((item: { "content:encoded": string }) => item["content:encoded"])).toContain("<p>Pushed words</p>");

    // Moderation that changes the feed is pushed too.
    expect((await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "trash" } })).status).toBe(200);
    await vi.waitUntil(async () => (await received(path)).filter((entry) => entry.method === "POST").length === 2, { timeout: 5_000 });
    const second = (await received(path)).filter((entry) => entry.method === "POST")[1]!;
    expect(second.body).not.toContain("Pushed words");
    expect(second.headers["x-hub-signature"]).toBe(`sha256=${await hmacHex("s3cret", second.body)}`);
  });

  it("pushes a new article to the site feed's subscribers, unsigned when they gave no secret", async () => {
    const topic = `${ORIGIN}/feed.json`;
    const path = callbackPath();
    expect((await subscribeNow({ "hub.topic": topic, "hub.callback": `http://subscriber.example${path}` })).status).toBe(202);
    const newSlug = `pushed-${crypto.randomUUID().slice(0, 8)}`;
    expect((await adminFetch(`/articles/${newSlug}`, { method: "PUT", json: { title: "Pushed article", body: "Body." } })).status).toBe(201);
    await vi.waitUntil(async () => (await received(path)).some((entry) => entry.method === "POST"), { timeout: 5_000 });
    const delivery = (await received(path)).find((entry) => entry.method === "POST")!;
    expect(delivery.headers["content-type"]).toBe("application/feed+json; charset=utf-8");
    expect(delivery.headers["x-hub-signature"]).toBeUndefined();
    const feed = JSON.parse(delivery.body) as { items: { url: string }[]; hubs: unknown };
    expect(feed.items.map((item) => item.url)).toContain(`${ORIGIN}/articles/${newSlug}`);
    expect(feed.hubs).toEqual([{ type: "WebSub", url: `${ORIGIN}/websub` }]);
  });
});

describe("subscription requests", () => {
  let quiet: string;
  beforeAll(async () => {
    // An article nobody writes to, so these subscribers get no deliveries.
    quiet = (await seedArticle()).slug;
  });
  const topic = () => `${ORIGIN}/articles/${quiet}/feed.atom`;

  it("store nothing when the subscriber doesn't echo the challenge", async () => {
    const path = callbackPath("refuse");
    expect((await subscribeNow({ "hub.topic": topic(), "hub.callback": `http://subscriber.example${path}` })).status).toBe(202);
    expect(await received(path)).toHaveLength(1);
    expect(await subscriptionsOf(`http://subscriber.example${path}`)).toEqual([]);
  });

  it("unsubscribe after verifying that intent too", async () => {
    const callback = `http://subscriber.example${callbackPath()}`;
    await subscribeNow({ "hub.topic": topic(), "hub.callback": callback });
    expect(await subscriptionsOf(callback)).toHaveLength(1);
    const response = await app.request(`${ORIGIN}/websub`, form({ "hub.mode": "unsubscribe", "hub.topic": topic(), "hub.callback": callback }), env);
    expect(response.status).toBe(202);
    expect((await received(new URL(callback).pathname)).at(-1)!.query["hub.mode"]).toBe("unsubscribe");
    expect(await subscriptionsOf(callback)).toEqual([]);
  });

  it("keep a lease within the hub's bounds", async () => {
    const callback = `http://subscriber.example${callbackPath()}`;
    await subscribeNow({ "hub.topic": topic(), "hub.callback": callback, "hub.lease_seconds": "999999999" });
    const [verification] = await received(new URL(callback).pathname);
    expect(verification!.query["hub.lease_seconds"]).toBe(String(30 * 86_400));
  });

  it.each([
    ["a feed of another site", { "hub.topic": "https://elsewhere.example/feed.xml" }],
    ["a page that isn't a feed", { "hub.topic": `${ORIGIN}/articles/${"x"}` }],
    ["an archive page", { "hub.topic": `${ORIGIN}/feed.xml?page=1` }],
    ["the feed of no article", { "hub.topic": `${ORIGIN}/articles/no-such-article/feed.xml` }],
  ])("refuse %s as topic (422)", async (_, fields) => {
    const response = await subscribe({ "hub.callback": "http://subscriber.example/cb", ...fields });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/^hub\.topic: /);
  });

  it.each([
    [{ "hub.mode": "publish" }, "hub.mode"],
    [{ "hub.callback": "ftp://subscriber.example/cb" }, "hub.callback"],
    [{ "hub.callback": "" }, "hub.callback"],
    [{ "hub.lease_seconds": "soon" }, "hub.lease_seconds"],
    [{ "hub.secret": "é".repeat(100) }, "hub.secret"],
  ])("refuse a malformed request %o, naming the field (422)", async (fields, field) => {
    const response = await subscribe({ "hub.topic": `${ORIGIN}/feed.xml`, "hub.callback": "http://subscriber.example/cb", ...fields });
    expect(response.status).toBe(422);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await response.text()).toContain(`${field}: `);
  });

  it("must be form-encoded (415)", async () => {
    const response = await fetchWorker("/websub", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(response.status).toBe(415);
  });

  it.each(["http://127.0.0.1/cb", "http://localhost:8080/cb", "http://[::1]/cb", "http://169.254.169.254/latest", "http://10.0.0.7/cb"])(
    "refuse the private or loopback callback %s (403), calling nothing",
    async (callback) => {
      const response = await subscribe({ "hub.topic": `${ORIGIN}/feed.xml`, "hub.callback": callback });
      expect(response.status).toBe(403);
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  it("accept a loopback callback when WEBSUB_ALLOW_PRIVATE_CALLBACKS is true (as npm start sets it)", async () => {
    const callback = `http://127.0.0.1:8788${callbackPath()}`;
    const response = await subscribeNow({ "hub.topic": `${ORIGIN}/feed.xml`, "hub.callback": callback }, { WEBSUB_ALLOW_PRIVATE_CALLBACKS: "true" });
    expect(response.status).toBe(202);
    expect(await subscriptionsOf(callback)).toHaveLength(1);
  });

  it("bound the live subscriptions of one callback host (429), renewals excepted", async () => {
    const host = `crowded-${crypto.randomUUID().slice(0, 8)}.example`;
    const callbacks = Array.from({ length: 50 }, (_, i) => `https://${host}/cb/${i}`);
    await db()
      .insert(websubSubscriptions)
      .values(
        callbacks.slice(0, 10).map((callback) => ({ topic: `${ORIGIN}/feed.xml`, callback, callbackHost: host, expiresAt: new Date(Date.now() + 3_600_000) })),
      );
    for (let start = 10; start < 50; start += 10) {
      await db()
        .insert(websubSubscriptions)
        .values(
          callbacks
            .slice(start, start + 10)
            .map((callback) => ({ topic: `${ORIGIN}/feed.xml`, callback, callbackHost: host, expiresAt: new Date(Date.now() + 3_600_000) })),
        );
    }
    const more = await subscribe({ "hub.topic": `${ORIGIN}/feed.xml`, "hub.callback": `https://${host}/cb/new` });
    expect(more.status).toBe(429);
    const renewal = await subscribe({ "hub.topic": `${ORIGIN}/feed.xml`, "hub.callback": callbacks[0]! });
    expect(renewal.status).toBe(202);
  });

  it("are not taken when an external hub is configured (404)", async () => {
    const response = await subscribeNow(
      { "hub.topic": `${ORIGIN}/feed.xml`, "hub.callback": "http://subscriber.example/cb" },
      { WEBSUB_HUB_URL: "https://hub.example.net/" },
    );
    expect(response.status).toBe(404);
  });
});

describe("the queue handler", () => {
  async function run(jobs: WebSubJob[], attempts = 1) {
    const batch = createMessageBatch<WebSubJob>(
      "wirepost-websub",
      jobs.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts, body })),
    );
    await worker.queue(batch, env);
    return getQueueResult(batch, createExecutionContext());
  }

  async function subscribed(path: string) {
    const callback = `http://subscriber.example${path}`;
    // An article of its own, so no other test's write delivers to this subscriber.
    const topic = `${ORIGIN}/articles/${(await seedArticle()).slug}/feed.json`;
    await subscribeNow({ "hub.topic": topic, "hub.callback": callback });
    const [row] = await subscriptionsOf(callback);
    return { id: row!.id, topic };
  }

  it("retries a delivery the subscriber failed, and acknowledges it once delivered", async () => {
    const { id, topic } = await subscribed(callbackPath("flaky"));
    const failed = await run([{ kind: "deliver", subscription: id, topic }]);
    expect(failed.retryMessages).toEqual([{ msgId: "m0" }]);
    expect(failed.explicitAcks).toEqual([]);
    const delivered = await run([{ kind: "deliver", subscription: id, topic }], 2);
    expect(delivered.explicitAcks).toEqual(["m0"]);
    expect(delivered.retryMessages).toEqual([]);
  });

  it("drops a delivery whose subscription has ended", async () => {
    const path = callbackPath();
    const { id, topic } = await subscribed(path);
    await db()
      .update(websubSubscriptions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(websubSubscriptions.id, id));
    const result = await run([{ kind: "deliver", subscription: id, topic }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    expect((await received(path)).filter((entry) => entry.method === "POST")).toEqual([]);
  });

  it("fans an announcement out to one delivery per live subscriber", async () => {
    const { id, topic } = await subscribed(callbackPath());
    // Recorded, not sent: a real delivery would land after this test, with no subscriber routing left.
    const sent = vi.spyOn(env.WEBSUB_QUEUE, "sendBatch").mockResolvedValue(undefined as never);
    const result = await run([{ kind: "publish", topics: [topic] }]);
    expect(result.explicitAcks).toEqual(["m0"]);
    const deliveries = sent.mock.calls.flatMap(([messages]) => [...messages].map((message) => message.body));
    expect(deliveries).toContainEqual({ kind: "deliver", subscription: id, topic });
  });

  it("pings an external hub instead, retrying while it fails", async () => {
    const pings: { url: string; body: string }[] = [];
    let status = 500;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      pings.push({ url: request.url, body: new TextDecoder().decode(await request.arrayBuffer()) });
      return new Response(null, { status });
    });
    const externalEnv = { ...env, WEBSUB_HUB_URL: "https://hub.example.net/publish" };
    const jobs: WebSubJob[] = [{ kind: "publish", topics: [`${ORIGIN}/feed.xml`] }];
    const batch = () => createMessageBatch<WebSubJob>("wirepost-websub", [{ id: "m0", timestamp: new Date(), attempts: 1, body: jobs[0]! }]);
    const first = batch();
    await worker.queue(first, externalEnv);
    expect(pings).toEqual([{ url: "https://hub.example.net/publish", body: `hub.mode=publish&hub.url=${encodeURIComponent(`${ORIGIN}/feed.xml`)}` }]);
    expect((await getQueueResult(first, createExecutionContext())).retryMessages).toEqual([{ msgId: "m0" }]);
    status = 204;
    const second = batch();
    await worker.queue(second, externalEnv);
    expect((await getQueueResult(second, createExecutionContext())).explicitAcks).toEqual(["m0"]);
  });
});

describe("announcements", () => {
  it("are queued after a write that changes a feed, never for one that doesn't", async () => {
    const { slug } = await seedArticle();
    const sent = vi.spyOn(env.WEBSUB_QUEUE, "send");
    const held = await (await postComment(slug, newComment())).json<{ comment: { id: number } }>(); // held for moderation: no public change
    expect(sent).not.toHaveBeenCalled();
    // The owner's approval, in this isolate: the admin Worker's queue binding is not the one spied on.
    await adminFetch(`/comments/${held.comment.id}`, { method: "PATCH", json: { status: "approved" } }, { here: true });
    await vi.waitUntil(() => sent.mock.calls.length > 0, { timeout: 2_000 });
    const [job] = sent.mock.calls[0]!;
    expect(job).toEqual({ kind: "publish", topics: expect.arrayContaining([`${ORIGIN}/articles/${slug}/feed.xml`, `${ORIGIN}/comments/feed.atom`]) });
    expect((job as { topics: string[] }).topics).toHaveLength(6);
  });

  it("name an outside page's thread's feeds, under /threads/", async () => {
    const page = `https://blog.example.com/pushed-${crypto.randomUUID()}/`;
    const posted = await fetchWorker(`/api/threads/${encodeURIComponent(page)}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
      body: JSON.stringify({ ...newComment(), pageUrl: page, pageTitle: "Pushed" }),
    });
    const { comment } = await posted.json<{ comment: { id: number } }>();
    const sent = vi.spyOn(env.WEBSUB_QUEUE, "send");
    await adminFetch(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } }, { here: true });
    await vi.waitUntil(() => sent.mock.calls.length > 0, { timeout: 2_000 });
    const [job] = sent.mock.calls[0]!;
    expect(job).toEqual({
      kind: "publish",
      topics: expect.arrayContaining([`${ORIGIN}/threads/${encodeURIComponent(page)}/feed.xml`, `${ORIGIN}/comments/feed.xml`]),
    });
  });
});
