import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { comments, subscriberAddresses, subscriptions } from "../../src/db/schema.ts";
import { keyedHash } from "../../src/domain/privacy.ts";
import { confirmationUrl, moderationUrls, unsubscribeUrls } from "../../src/services/email-links.ts";
import { db, newComment, seedArticle } from "../helpers.ts";
import { catchQueued, fetchSecure, postSecure, type Queued, SECURE_ORIGIN } from "../queue-helpers.ts";

let queued: Queued[];
beforeEach(() => {
  queued = catchQueued();
});
afterEach(() => vi.restoreAllMocks());

const DAY = 86_400_000;
const oneClick = { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" };

/** A reader who asked for notifications (unconfirmed): their address row. */
async function subscriber(slug: string, notify = "thread", email = String(newComment().email)) {
  await postSecure(slug, newComment({ email, notify }));
  const emailHash = await keyedHash(env.HASH_KEY, "email", email.toLowerCase());
  return (await db().select().from(subscriberAddresses).where(eq(subscriberAddresses.emailHash, emailHash)))[0]!;
}

const addressRow = async (id: number) => (await db().select().from(subscriberAddresses).where(eq(subscriberAddresses.id, id)))[0];
const subscriptionsOf = (addressId: number) => db().select().from(subscriptions).where(eq(subscriptions.addressId, addressId));

async function expectPage(response: Response, status: number, text: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  const html = await response.text();
  expect(html).toContain(text);
  return html;
}

describe("the confirmation link", () => {
  it("asks on GET (a mail scanner confirms nothing), confirms on POST, and may be used again", async () => {
    const { slug } = await seedArticle();
    const address = await subscriber(slug);
    const url = await confirmationUrl(env.HASH_KEY, SECURE_ORIGIN, address.id, new Date());
    const html = await expectPage(await fetchSecure(url), 200, "Confirm email notifications");
    expect(html).toContain(`action="${url.slice(SECURE_ORIGIN.length)}"`);
    expect((await addressRow(address.id))!.confirmedAt).toBeNull();

    await expectPage(await fetchSecure(url, { method: "POST" }), 200, "Confirmed");
    const confirmedAt = (await addressRow(address.id))!.confirmedAt;
    expect(confirmedAt).toBeInstanceOf(Date);
    await expectPage(await fetchSecure(url, { method: "POST" }), 200, "Confirmed");
    expect((await addressRow(address.id))!.confirmedAt).toEqual(confirmedAt);
  });

  it("refuses a forged link (403) and an expired one (410), and says when the address is gone", async () => {
    const { slug } = await seedArticle();
    const address = await subscriber(slug);
    const url = await confirmationUrl(env.HASH_KEY, SECURE_ORIGIN, address.id, new Date());
    const forged = url.replace(`t=${address.id}.`, `t=${address.id + 1}.`);
    await expectPage(await fetchSecure(forged, { method: "POST" }), 403, "This link isn&#39;t valid");
    const expired = await confirmationUrl(env.HASH_KEY, SECURE_ORIGIN, address.id, new Date(Date.now() - 8 * DAY));
    await expectPage(await fetchSecure(expired), 410, "This link has expired");
    await expectPage(await fetchSecure(expired, { method: "POST" }), 410, "This link has expired");
    expect((await addressRow(address.id))!.confirmedAt).toBeNull();

    const gone = await confirmationUrl(env.HASH_KEY, SECURE_ORIGIN, 987_654, new Date());
    await expectPage(await fetchSecure(gone, { method: "POST" }), 410, "Nothing left to do");
  });
});

describe("unsubscribe links", () => {
  it("work in one click (RFC 8058): a POST from a mail program, with no page, origin or cookie; again and again", async () => {
    const first = await seedArticle();
    const second = await seedArticle();
    const email = String(newComment().email);
    const address = await subscriber(first.slug, "thread", email);
    await subscriber(second.slug, "replies", email);
    expect(await subscriptionsOf(address.id)).toHaveLength(2);

    const links = await unsubscribeUrls(env.HASH_KEY, SECURE_ORIGIN, address.id, (await subscriptionsOf(address.id))[0]!.articleId, new Date());
    await expectPage(await fetchSecure(links.article), 200, "Stop emails about this article?");
    expect(await subscriptionsOf(address.id)).toHaveLength(2);
    for (let i = 0; i < 2; i++) await expectPage(await fetchSecure(links.article, oneClick), 200, "No more emails about this article.");
    expect(await subscriptionsOf(address.id)).toHaveLength(1);

    await expectPage(await fetchSecure(links.everything), 200, "Stop all emails?");
    // The page's own button posts no body at all.
    for (const init of [{ method: "POST" }, oneClick]) await expectPage(await fetchSecure(links.everything, init), 200, "No more emails from Wirepost.");
    expect(await subscriptionsOf(address.id)).toEqual([]);
    expect(await addressRow(address.id)).toBeUndefined();
  });

  it("are refused when forged", async () => {
    const { slug } = await seedArticle();
    const address = await subscriber(slug);
    const links = await unsubscribeUrls(env.HASH_KEY, SECURE_ORIGIN, address.id, 1, new Date());
    await expectPage(await fetchSecure(links.everything.replace(`t=${address.id}.`, `t=${address.id - 1}.`), oneClick), 403, "This link isn&#39;t valid");
    await expectPage(await fetchSecure("/notifications/unsubscribe", oneClick), 403, "This link isn&#39;t valid");
    expect(await subscriptionsOf(address.id)).toHaveLength(1);
  });
});

describe("the owner's moderation links", () => {
  async function heldComment(slug: string) {
    const { body } = await postSecure(slug, newComment({ body: "Held for the owner" }));
    expect(body.status).toBe("pending");
    return body.comment.id;
  }
  /** The links of one owner's email about a held comment. */
  async function ownerLinks(id: number, now = new Date()) {
    const links = await moderationUrls(env.HASH_KEY, SECURE_ORIGIN, id, true, now);
    expect(links.map(([label]) => label)).toEqual(["Approve it", "Mark it as spam", "Trash it"]);
    const [approve, spam, trash] = links.map(([, url]) => url) as [string, string, string];
    return { approve, spam, trash };
  }
  const status = async (id: number) => (await db().select({ status: comments.status }).from(comments).where(eq(comments.id, id)))[0]?.status;

  it("work without signing in, once: the email's other links die with it", async () => {
    const { slug } = await seedArticle();
    const id = await heldComment(slug);
    const { approve, spam, trash } = await ownerLinks(id);
    const html = await expectPage(await fetchSecure(approve), 200, "Approve this comment?");
    expect(html).toContain("Held for the owner");
    expect(await status(id)).toBe("pending");

    queued.length = 0;
    await expectPage(await fetchSecure(approve, { method: "POST" }), 200, "The comment is approved and on the site.");
    expect(await status(id)).toBe("approved");
    expect(queued.map(({ body }) => body)).toEqual([{ kind: "event", event: "comment.approved", commentId: id, posted: false, baseUrl: SECURE_ORIGIN }]);
    expect(await (await fetchSecure(`/articles/${slug}`)).text()).toContain("Held for the owner");

    await expectPage(await fetchSecure(approve, { method: "POST" }), 410, "This link was already used");
    await expectPage(await fetchSecure(spam, { method: "POST" }), 410, "This link was already used");
    await expectPage(await fetchSecure(trash), 410, "This link was already used");
    expect(await status(id)).toBe("approved");
  });

  it("refuse an expired link (410) and a forged one (403)", async () => {
    const { slug } = await seedArticle();
    const id = await heldComment(slug);
    const { spam } = await ownerLinks(id, new Date(Date.now() - 8 * DAY));
    await expectPage(await fetchSecure(spam, { method: "POST" }), 410, "This link has expired");
    const fresh = (await ownerLinks(id)).spam;
    await expectPage(await fetchSecure(fresh.replace(".spam.", ".approve."), { method: "POST" }), 403, "This link isn&#39;t valid");
    const other = await heldComment(slug);
    await expectPage(await fetchSecure(fresh.replace(`t=${id}.`, `t=${other}.`), { method: "POST" }), 403, "This link isn&#39;t valid");
    expect(await status(id)).toBe("pending");
    expect(await status(other)).toBe("pending");

    // The genuine link still works once the forgeries failed.
    await expectPage(await fetchSecure(fresh, { method: "POST" }), 200, "The comment is marked as spam.");
    expect(await status(id)).toBe("spam");
  });
});
