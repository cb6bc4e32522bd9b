import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { subscriberAddresses } from "../../src/db/schema.ts";
import type { Job } from "../../src/domain/notifications/jobs.ts";
import { keyedHash } from "../../src/domain/privacy.ts";
import { db, newComment, seedArticle } from "../helpers.ts";
import { linksIn } from "../mime-reader.ts";
import { fetchSecure, moderateSecure, postSecure, SECURE_ORIGIN, type SentEmail, spyOnEmails } from "../queue-helpers.ts";

// Everything here goes through the real local queue (wrangler.toml's, with no
// waiting): producer in the request, consumer in this Worker, retries, dead letters.
afterEach(() => vi.restoreAllMocks());

const admin = () => ({ Authorization: `Bearer ${env.ADMIN_TOKEN}`, "CF-Connecting-IP": "198.51.100.92" });
const received = (emails: SentEmail[], to: string, subject: RegExp) => emails.filter((email) => email.to === to && subject.test(email.headers.get("subject")!));

/** Comments with `notify`, then confirms through the link in the emailed confirmation. */
async function subscribe(emails: SentEmail[], slug: string, notify: "replies" | "thread") {
  const payload = newComment({ notify });
  const { body } = await postSecure(slug, payload);
  await vi.waitUntil(() => received(emails, String(payload.email), /^Confirm/).length > 0, { timeout: 5000 });
  const [confirmation] = received(emails, String(payload.email), /^Confirm/);
  const link = linksIn(confirmation!.text).find((url) => url.includes("/notifications/confirm?t="))!;
  expect((await fetchSecure(link, { method: "POST" })).status).toBe(200);
  return { email: String(payload.email), id: body.comment.id };
}

describe("notifications on the real queue", () => {
  it("a reader subscribes, confirms, gets the approved reply with one-click unsubscribe, and nothing once unsubscribed", async () => {
    const emails = spyOnEmails();
    const { slug } = await seedArticle();
    const reader = await subscribe(emails, slug, "replies");
    const follower = await subscribe(emails, slug, "thread");
    await moderateSecure(reader.id, "approved");

    const replier = newComment({ parentId: reader.id, body: "Here is my answer." });
    const reply = await postSecure(slug, replier);
    await moderateSecure(reply.body.comment.id, "approved");
    await vi.waitUntil(() => received(emails, reader.email, /^New reply/).length > 0, { timeout: 5000 });
    const [email] = received(emails, reader.email, /^New reply/);
    expect(email!.text).toContain("Here is my answer.");
    expect(email!.text).toContain(`${SECURE_ORIGIN}/articles/${slug}?cpage=1#comment-${reply.body.comment.id}`);
    expect(email!.raw).not.toContain(String(replier.email));
    expect(email!.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = /^<(https:\/\/[^>]+)>$/.exec(email!.headers.get("list-unsubscribe")!)![1]!;
    expect(linksIn(email!.text)).toContain(unsubscribe);

    // The mail program's one click: a POST to the header's link, from no page.
    const click = await fetchSecure(unsubscribe, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(click.status).toBe(200);

    const next = await postSecure(slug, newComment({ parentId: reader.id, body: "Another answer." }));
    await moderateSecure(next.body.comment.id, "approved");
    // The follower's email comes from the same event: once it is here, the reader's would be too.
    await vi.waitUntil(() => received(emails, follower.email, /^New comment/).some((sent) => sent.text.includes("Another answer.")), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received(emails, reader.email, /^New reply/)).toHaveLength(1);
  });

  it("retries a failing send and keeps it as a dead letter once the retries are spent", async () => {
    const emails = spyOnEmails("E_DELIVERY_FAILED");
    const { slug } = await seedArticle();
    const payload = newComment({ notify: "thread" });
    await postSecure(slug, payload);
    const deadLetters = async () => (await fetchSecure("/api/admin/dead-letters", { headers: admin() })).json<{ count: number; deadLetters: { job: Job }[] }>();
    await vi.waitUntil(async () => (await deadLetters()).count > 0, { timeout: 10_000, interval: 100 });
    // The first try and wrangler.toml's six retries.
    expect(received(emails, String(payload.email), /^Confirm/)).toHaveLength(7);
    const [letter] = (await deadLetters()).deadLetters;
    expect(letter!.job).toMatchObject({ kind: "confirm", baseUrl: SECURE_ORIGIN });
    expect(JSON.stringify(letter)).not.toContain(String(payload.email));

    // Fixed: queued again, it goes out.
    vi.restoreAllMocks();
    const fixed = spyOnEmails();
    expect(await (await fetchSecure("/api/admin/dead-letters/retry", { method: "POST", headers: admin() })).json()).toEqual({ retried: 1 });
    await vi.waitUntil(() => received(fixed, String(payload.email), /^Confirm/).length > 0, { timeout: 5000 });
    expect((await deadLetters()).count).toBe(0);
  });
});

describe("privacy requests and notifications", () => {
  it("the commenter export lists their subscriptions, and erasure removes them with the address", async () => {
    const emails = spyOnEmails();
    const { slug } = await seedArticle();
    const reader = await subscribe(emails, slug, "thread");
    const headers = { ...admin(), "Content-Type": "application/json" };
    const exported = await (
      await fetchSecure("/api/admin/commenters/export", { method: "POST", headers, body: JSON.stringify({ email: reader.email }) })
    ).json();
    expect(exported).toMatchObject({ subscriptions: [{ article: { slug }, notify: "thread", confirmed: true, since: expect.any(String) }] });

    const erased = await fetchSecure("/api/admin/commenters/erase", { method: "POST", headers, body: JSON.stringify({ email: reader.email }) });
    expect(await erased.json()).toEqual({ erased: 1 });
    const emailHash = await keyedHash(env.HASH_KEY, "email", reader.email.toLowerCase());
    expect(await db().select().from(subscriberAddresses).where(eq(subscriberAddresses.emailHash, emailHash))).toEqual([]);
    const again = await (await fetchSecure("/api/admin/commenters/export", { method: "POST", headers, body: JSON.stringify({ email: reader.email }) })).json();
    expect(again).toMatchObject({ comments: [], subscriptions: [] });

    // Nothing reaches the erased reader any more.
    const later = await postSecure(slug, newComment());
    await moderateSecure(later.body.comment.id, "approved");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received(emails, reader.email, /^New/)).toEqual([]);
  });
});
