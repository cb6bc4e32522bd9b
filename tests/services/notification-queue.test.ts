import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { articles, subscriberAddresses, subscriptions } from "../../src/db/schema.ts";
import type { Job } from "../../src/domain/notifications/jobs.ts";
import { keyedHash } from "../../src/domain/privacy.ts";
import { db, newComment, seedArticle } from "../helpers.ts";
import { linksIn } from "../mime-reader.ts";
import {
  catchQueued,
  consume,
  drain,
  fetchSecure,
  moderateSecure,
  postSecure,
  type Queued,
  SECURE_ORIGIN,
  type SentEmail,
  spyOnEmails,
} from "../queue-helpers.ts";

let queued: Queued[];
let emails: SentEmail[];
beforeEach(() => {
  queued = catchQueued();
  emails = spyOnEmails();
});
afterEach(() => vi.restoreAllMocks());

const isConfirmation = (email: SentEmail) => email.headers.get("subject")!.startsWith("Confirm comment notifications");
/** What an address received, confirmations left out. */
const inbox = (address: string) => emails.filter((email) => email.to === address && !isConfirmation(email));

/** A reader who commented asking for `notify`, confirmed through the emailed link, and whose comment was approved. */
async function confirmedReader(slug: string, notify: "replies" | "thread", fields: Record<string, unknown> = {}) {
  const payload = newComment({ notify, ...fields });
  const { body } = await postSecure(slug, payload);
  expect(body.notify).toBe("requested");
  await drain(queued);
  const confirmation = emails.find((email) => email.to === payload.email && isConfirmation(email))!;
  const link = linksIn(confirmation.text).find((url) => url.startsWith(`${SECURE_ORIGIN}/notifications/confirm?t=`))!;
  expect((await fetchSecure(link, { method: "POST" })).status).toBe(200);
  await moderateSecure(body.comment.id, "approved");
  await drain(queued);
  return { email: payload.email as string, id: body.comment.id };
}

/** Posts a comment, has the owner approve it, and runs everything that queues. */
async function approvedComment(slug: string, fields: Record<string, unknown> = {}, vars: Record<string, string> = {}) {
  const payload = newComment(fields);
  const { body } = await postSecure(slug, payload);
  await moderateSecure(body.comment.id, "approved");
  await drain(queued, vars);
  return { email: payload.email as string, author: payload.author as string, id: body.comment.id, body: payload.body as string };
}

describe("confirmation (double opt-in)", () => {
  it("sends one signed link and nothing else until the address is confirmed", async () => {
    const { slug } = await seedArticle();
    const payload = newComment({ notify: "thread" });
    await postSecure(slug, payload);
    expect(queued.map(({ body }) => body.kind)).toEqual(["event", "confirm"]);
    await drain(queued);
    const [confirmation] = emails.filter((email) => email.to === payload.email);
    expect(emails.filter((email) => email.to === payload.email)).toHaveLength(1);
    expect(confirmation!.headers.get("subject")).toBe("Confirm comment notifications from Wirepost");
    expect(confirmation!.headers.get("from")).toBe('"Wirepost" <comments@wirepost.test>');

    await approvedComment(slug);
    expect(inbox(String(payload.email))).toEqual([]);

    const link = linksIn(confirmation!.text).find((url) => url.includes("/notifications/confirm?t="))!;
    expect((await fetchSecure(link)).status).toBe(200); // the page asks first: a mail scanner opening the link confirms nothing
    await approvedComment(slug);
    expect(inbox(String(payload.email))).toEqual([]);

    expect((await fetchSecure(link, { method: "POST" })).status).toBe(200);
    const after = await approvedComment(slug);
    expect(inbox(String(payload.email)).map((email) => email.text)).toEqual([expect.stringContaining(after.body)]);
  });

  it("go out at most once a day per address, and to a few addresses a day per client", async () => {
    const { slug } = await seedArticle();
    const confirmations = () => queued.filter(({ body }) => body.kind === "confirm").length;
    const payload = newComment({ notify: "replies" });
    await postSecure(slug, payload);
    await postSecure(slug, { ...payload, body: "Again, to be sure.", notify: "thread" });
    expect(confirmations()).toBe(1);

    // A day later the same address may be asked again.
    const emailHash = await keyedHash(env.HASH_KEY, "email", String(payload.email).toLowerCase());
    await db()
      .update(subscriberAddresses)
      .set({ confirmationSentAt: new Date(Date.now() - 25 * 60 * 60 * 1000) })
      .where(eq(subscriberAddresses.emailHash, emailHash));
    await postSecure(slug, { ...payload, body: "A third time.", notify: "thread" });
    expect(confirmations()).toBe(2);

    // One client typing strangers' addresses: three a day, then only the subscriptions are stored (answered the same).
    queued.length = 0;
    const ip = "203.0.113.77";
    for (let i = 0; i < 5; i++) {
      const { body } = await postSecure(slug, newComment({ notify: "thread" }), ip);
      expect(body.notify).toBe("requested");
    }
    expect(confirmations()).toBe(3);
  });
});

describe("reply notifications", () => {
  it("reach whoever should hear of a newly approved comment, never its own author, and no one else's email", async () => {
    const { slug } = await seedArticle();
    const follower = await confirmedReader(slug, "thread");
    const asker = await confirmedReader(slug, "replies");
    expect(inbox(asker.email)).toEqual([]);
    expect(inbox(follower.email).map((email) => email.headers.get("subject"))).toEqual([expect.stringMatching(/^New comment on "Test article /)]);

    // The asker replying under their own comment: the follower hears of it, the asker doesn't.
    await approvedComment(slug, { email: asker.email, author: "Asker", parentId: asker.id });
    expect(inbox(asker.email)).toEqual([]);
    expect(inbox(follower.email)).toHaveLength(2);

    const reply = await approvedComment(slug, { parentId: asker.id, body: "A <b>reply</b> & more" });
    const [replyEmail] = inbox(asker.email);
    expect(replyEmail!.headers.get("subject")).toMatch(/^New reply to your comment on "Test article /);
    expect(replyEmail!.text).toContain("A <b>reply</b> & more");
    expect(replyEmail!.html).toContain("A &lt;b&gt;reply&lt;/b&gt; &amp; more");
    // The comment page that shows it: its permalink.
    expect(replyEmail!.text).toContain(`${SECURE_ORIGIN}/articles/${slug}?cpage=1#comment-${reply.id}`);
    expect(inbox(follower.email)).toHaveLength(3);

    // A new top-level comment is no reply: only the follower hears of it.
    await approvedComment(slug);
    expect(inbox(asker.email)).toHaveLength(1);
    expect(inbox(follower.email)).toHaveLength(4);

    for (const email of emails) {
      for (const other of [asker.email, follower.email, reply.email].filter((address) => address !== email.to)) expect(email.raw).not.toContain(other);
    }
  });

  it("are never sent for held, spam or trashed comments", async () => {
    const { slug } = await seedArticle();
    const follower = await confirmedReader(slug, "thread");
    const before = inbox(follower.email).length;

    const held = await postSecure(slug, newComment());
    await drain(queued);
    await moderateSecure(held.body.comment.id, "spam");
    expect(queued).toEqual([]); // filing as spam is no event
    expect(inbox(follower.email)).toHaveLength(before);

    // Approved, then trashed after its delivery was scheduled, before it ran.
    const trashed = await postSecure(slug, newComment());
    await drain(queued);
    await moderateSecure(trashed.body.comment.id, "approved");
    await consume(queued.splice(0).map(({ body }) => body));
    expect(queued.map(({ body }) => body.kind)).toEqual(["deliver"]);
    await moderateSecure(trashed.body.comment.id, "trash");
    await drain(queued);
    expect(inbox(follower.email)).toHaveLength(before);
  });

  it("come at most once per window per reader and article; what comes meanwhile arrives as one digest", async () => {
    const vars = { NOTIFY_DIGEST_MINUTES: "15" };
    const { slug } = await seedArticle();
    const follower = await confirmedReader(slug, "thread");
    const first = await approvedComment(slug, {}, vars);
    expect(inbox(follower.email).map((email) => email.text)).toEqual([expect.stringContaining(first.body)]);

    const second = await postSecure(slug, newComment());
    const third = await postSecure(slug, newComment());
    await moderateSecure(second.body.comment.id, "approved");
    await moderateSecure(third.body.comment.id, "approved");
    await consume(
      queued.splice(0).map(({ body }) => body),
      { vars },
    );
    // One delivery, due when the window opens.
    expect(queued).toHaveLength(1);
    expect(queued[0]!.body.kind).toBe("deliver");
    expect(queued[0]!.delaySeconds).toBeGreaterThan(14 * 60);
    expect(queued[0]!.delaySeconds).toBeLessThanOrEqual(15 * 60);

    // Run early, it waits out the window again, sending nothing.
    await consume(
      queued.splice(0).map(({ body }) => body),
      { vars },
    );
    expect(queued).toHaveLength(1);
    expect(inbox(follower.email)).toHaveLength(1);

    // Once the window has passed: both comments in one email.
    const [article] = await db().select({ id: articles.id }).from(articles).where(eq(articles.slug, slug));
    await db()
      .update(subscriptions)
      .set({ lastSentAt: new Date(Date.now() - 16 * 60 * 1000) })
      .where(eq(subscriptions.articleId, article!.id));
    await consume(
      queued.splice(0).map(({ body }) => body),
      { vars },
    );
    const digest = inbox(follower.email)[1]!;
    expect(inbox(follower.email)).toHaveLength(2);
    expect(digest.headers.get("subject")).toMatch(/^2 new comments on /);
    expect(digest.text).toContain(`#comment-${second.body.comment.id}`);
    expect(digest.text).toContain(`#comment-${third.body.comment.id}`);
    expect(queued).toEqual([]);
  });
});

describe("the owner's emails", () => {
  const owner = { NOTIFY_EMAILS: "owner@news.example, editor@news.example" };

  it("ask to moderate each held comment, with one-time links, at every configured address", async () => {
    const { slug } = await seedArticle();
    const held = await postSecure(slug, newComment({ body: "Please let me in" }));
    await drain(queued, owner);
    const sent = emails.filter((email) => email.to.endsWith("@news.example"));
    expect(sent.map((email) => email.to).sort()).toEqual(["editor@news.example", "owner@news.example"]);
    expect(sent[0]!.headers.get("subject")).toMatch(/^\[Wirepost\] Please moderate: "/);
    expect(sent[0]!.text).toContain("Please let me in");
    const actions = sent[0]!.text.match(/^(Approve it|Mark it as spam|Trash it):$/gm);
    expect(actions).toEqual(["Approve it:", "Mark it as spam:", "Trash it:"]);
    expect(linksIn(sent[0]!.text).filter((url) => url.includes("/notifications/moderate?t="))).toHaveLength(3);
    expect(held.body.status).toBe("pending");

    await postSecure(slug, newComment());
    await drain(queued, { ...owner, NOTIFY_ON_HELD: "false" });
    expect(emails.filter((email) => email.to.endsWith("@news.example"))).toHaveLength(2);
  });

  it("tell of every published comment only when asked to, and not of the owner's own approvals", async () => {
    const { slug } = await seedArticle();
    const on = { ...owner, NOTIFY_ON_HELD: "false", NOTIFY_ON_COMMENT: "true" };
    const regular = await approvedComment(slug, {}, on);
    expect(emails.filter((email) => email.to === "owner@news.example")).toEqual([]);

    // Someone with an approved comment is published at once (first-time moderation).
    const again = await postSecure(slug, newComment({ author: regular.author, email: regular.email, body: "Published at once" }));
    expect(again.body.status).toBe("approved");
    await drain(queued, on);
    const [notice] = emails.filter((email) => email.to === "owner@news.example");
    expect(notice!.headers.get("subject")).toMatch(/^\[Wirepost\] Comment: "/);
    expect(notice!.text).toContain("Published at once");
    expect(notice!.text.match(/^(Approve it|Mark it as spam|Trash it):$/gm)).toEqual(["Mark it as spam:", "Trash it:"]);
    expect(emails.filter((email) => email.to === "editor@news.example")).toHaveLength(1);
  });
});

describe("the webhook", () => {
  const hook = { NOTIFY_WEBHOOK_URL: "https://hooks.example/wirepost", WEBHOOK_SECRET: "whsec_test" };
  type Call = { headers: Headers; body: string };

  function spyOnWebhook(status = 204) {
    const calls: Call[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      expect(String(input)).toBe(hook.NOTIFY_WEBHOOK_URL);
      calls.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response(null, { status });
    });
    return calls;
  }

  async function verified(call: Call) {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(call.headers.get("X-Wirepost-Signature")!)!;
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(hook.WEBHOOK_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    const mac = Uint8Array.from(v1!.match(/../g)!, (byte) => parseInt(byte, 16));
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    return crypto.subtle.verify("HMAC", key, mac, new TextEncoder().encode(`${t}.${call.body}`));
  }

  it("is told of held, approved and deleted comments, signed, without the commenter's email unless asked", async () => {
    const calls = spyOnWebhook();
    const { slug } = await seedArticle();
    const payload = newComment();
    const { body } = await postSecure(slug, payload);
    await drain(queued, hook);
    await moderateSecure(body.comment.id, "approved");
    await drain(queued, hook);
    await moderateSecure(body.comment.id, "delete");
    await drain(queued, hook);
    expect(calls.map((call) => call.headers.get("X-Wirepost-Event"))).toEqual(["comment.held", "comment.approved", "comment.deleted"]);
    for (const call of calls) {
      expect(await verified(call)).toBe(true);
      expect(call.body).not.toContain(String(payload.email));
    }
    expect(JSON.parse(calls[0]!.body)).toMatchObject({
      event: "comment.held",
      article: { slug, url: `${SECURE_ORIGIN}/articles/${slug}` },
      comment: { id: body.comment.id, status: "pending", body: payload.body },
      moderate: `${SECURE_ORIGIN}/admin`,
    });
    expect(JSON.parse(calls[2]!.body)).toMatchObject({ event: "comment.deleted", comment: { id: body.comment.id }, article: { slug } });

    await postSecure(slug, payload);
    await drain(queued, { ...hook, NOTIFY_INCLUDE_EMAIL: "true", WEBHOOK_SECRET: "" });
    expect(JSON.parse(calls[3]!.body).comment.email).toBe(payload.email);
    expect(calls[3]!.headers.has("X-Wirepost-Signature")).toBe(false);
  });

  it("is told when an article goes live: not of drafts, schedules or later edits", async () => {
    const calls = spyOnWebhook();
    const article = (method: string, slug: string, body: Record<string, unknown>) =>
      fetchSecure(`/api/admin/articles/${slug}`, {
        method,
        headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.90" },
        body: JSON.stringify(body),
      });
    expect((await article("PUT", "webhook-news", { title: "Webhook news", summary: "S", body: "B" })).status).toBe(201);
    expect((await article("PUT", "webhook-draft", { title: "Draft", summary: "S", body: "B", status: "draft" })).status).toBe(201);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    expect((await article("PUT", "webhook-later", { title: "Later", summary: "S", body: "B", publishedAt: later })).status).toBe(201);
    expect((await article("PATCH", "webhook-news", { title: "Webhook news, updated" })).status).toBe(200);
    await drain(queued, hook);
    expect(calls.map((call) => JSON.parse(call.body))).toEqual([
      { event: "article.published", article: { slug: "webhook-news", title: "Webhook news", url: `${SECURE_ORIGIN}/articles/webhook-news` } },
    ]);
    expect((await article("PATCH", "webhook-draft", { status: "published" })).status).toBe(200);
    await drain(queued, hook);
    expect(calls.map((call) => JSON.parse(call.body).article.slug)).toEqual(["webhook-news", "webhook-draft"]);
  });

  it("is retried with backoff while it fails, and acked once it answers", async () => {
    const job: Job = { kind: "webhook", event: { kind: "event", event: "article.published", article: { slug: "a", title: "A" } }, baseUrl: SECURE_ORIGIN };
    spyOnWebhook(500);
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await consume([job], { vars: hook, attempts: 3 })).toMatchObject({ retryMessages: [{ msgId: "job-0" }], explicitAcks: [] });
    expect(warned).toHaveBeenCalledWith(JSON.stringify({ event: "notification_failed", kind: "webhook", attempts: 3, error: "E_WEBHOOK_500" }));
    vi.mocked(fetch).mockRejectedValue(new TypeError("Network connection lost"));
    expect(await consume([job], { vars: hook })).toMatchObject({ retryMessages: [{ msgId: "job-0" }] });
    vi.mocked(fetch).mockResolvedValue(new Response(null, { status: 200 }));
    expect(await consume([job], { vars: hook })).toMatchObject({ retryMessages: [], explicitAcks: ["job-0"] });
  });
});

describe("dead letters", () => {
  it("are kept from the dead-letter queue, shown on /admin's API, queued again or dropped", async () => {
    const job: Job = { kind: "confirm", addressId: 999_999, articleId: 1, baseUrl: SECURE_ORIGIN };
    await consume([job, { ...job, addressId: 999_998 }], { queue: "wirepost-notifications-dlq" });
    const admin = { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "CF-Connecting-IP": "198.51.100.91" } };
    const listed = await (await fetchSecure("/api/admin/dead-letters", admin)).json<{ count: number; deadLetters: { kind: string; job: Job }[] }>();
    expect(listed.count).toBe(2);
    expect(listed.deadLetters.map((letter) => letter.job)).toContainEqual(job);

    const retried = await fetchSecure("/api/admin/dead-letters/retry", { ...admin, method: "POST" });
    expect(await retried.json()).toEqual({ retried: 2 });
    expect(queued.map(({ body }) => body)).toContainEqual(job);

    await consume([job], { queue: "wirepost-notifications-dlq" });
    expect(await (await fetchSecure("/api/admin/dead-letters", { ...admin, method: "DELETE" })).json()).toEqual({ dropped: 1 });
    expect((await (await fetchSecure("/api/admin/dead-letters", admin)).json<{ count: number }>()).count).toBe(0);
    expect((await fetchSecure("/api/admin/dead-letters")).status).toBe(401);
  });
});
