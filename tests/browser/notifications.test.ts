import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { linksIn, type ReadEmail, readEmail } from "../mime-reader.ts";
import { launchChromium, newReader, TYPING_TIME_MS } from "./browser.ts";

const site = inject("siteUrl");
const outbox = inject("outbox");
const ARTICLE = "/articles/us-pakistan-security-cooperation";
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Every email the site has sent so far, from the outbox (complete .eml files, as `npm start` keeps them). */
const sentEmails = (): ReadEmail[] => readdirSync(outbox).map((name) => readEmail(readFileSync(join(outbox, name), "utf8")));

const to = (address: string) => (email: ReadEmail) => email.headers.get("to") === `<${address}>`;

/** The first email `match` accepts, once it is there (each hop through the queue takes up to its 5 s batch window). */
async function emailWhere(match: (email: ReadEmail) => boolean): Promise<ReadEmail> {
  await expect.poll(() => sentEmails().some(match), { timeout: 40_000, interval: 250 }).toBe(true);
  return sentEmails().find(match)!;
}

const linkAfter = (email: ReadEmail, label: string) => new RegExp(`^${label}:\\r?\\n(\\S+)$`, "m").exec(email.text)![1]!;

function api(path: string, body: unknown, init: RequestInit = {}) {
  return fetch(`${site}/api${path}`, {
    method: "POST",
    ...init,
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.210", ...init.headers },
    body: JSON.stringify(body),
  });
}
const approve = (id: number) =>
  api(
    `/admin/comments/${id}`,
    { status: "approved" },
    { method: "PATCH", headers: { Authorization: `Bearer ${inject("adminToken")}`, "CF-Connecting-IP": "198.51.100.211" } },
  );

/** Opens a link from an email, answers the page's question with its button, and returns the page's answer. */
async function follow(page: Page, url: string, question: string): Promise<string> {
  await page.goto(url);
  expect(await page.locator("h1").textContent()).toBe(question);
  await page.locator("main form button").click();
  await expect.poll(() => page.locator("h1").textContent()).not.toBe(question);
  return (await page.locator("main").textContent())!;
}

describe("email notifications in a real browser", () => {
  it("a reader subscribes through the form, confirms from the outbox, gets the reply the owner approved, unsubscribes in one click, and hears nothing more", async () => {
    const stamp = Date.now();
    const reader = `subscriber.${stamp}@example.com`;
    const context = await newReader(browser);
    const page = await context.newPage();
    await page.goto(site + ARTICLE);
    await page.fill("#comment-author", "Subscriber");
    await page.fill("#comment-email", reader);
    await page.fill("#comment-body", `Tell me when someone answers ${stamp}.`);
    await page.getByLabel("Replies to my comment").check();
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Your comment is awaiting moderation.");
    const commentId = Number(new URL(page.url()).searchParams.get("unapproved"));

    // Double opt-in: the only email an unconfirmed address gets.
    const confirmation = await emailWhere(to(reader));
    expect(confirmation.headers.get("subject")).toBe("Confirm comment notifications from Wirepost");
    const confirm = linksIn(confirmation.text).find((url) => url.startsWith(`${site}/notifications/confirm?t=`))!;
    expect(await follow(page, confirm, "Confirm email notifications")).toContain("Confirmed");
    expect((await approve(commentId)).status).toBe(200);

    // Someone answers; the owner approves the answer from the one-time link in their email, without signing in.
    const replier = `replier.${stamp}@example.com`;
    const answer = `Here is an answer ${stamp}.`;
    const reply = await api(`${ARTICLE}/comments`, { author: "Replier", email: replier, body: answer, parentId: commentId });
    const replyId = ((await reply.json()) as { comment: { id: number } }).comment.id;
    const ownerEmail = await emailWhere((email) => to("owner@localhost")(email) && email.text.includes(answer));
    const owner = await (await newReader(browser)).newPage();
    expect(await follow(owner, linkAfter(ownerEmail, "Approve it"), "Approve this comment?")).toContain("The comment is approved and on the site.");

    // The reply reaches the reader: the comment, the article, its permalink, one-click unsubscribe, no one else's address.
    const notice = await emailWhere((email) => to(reader)(email) && email.text.includes(answer));
    expect(notice.headers.get("subject")).toBe(
      'New reply to your comment on "Analyzing U.S.-Pakistan Security Cooperation: Observations from Recent Developments"',
    );
    expect(notice.raw).not.toContain(replier);
    expect(notice.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const unsubscribe = /^<([^>]+)>$/.exec(notice.headers.get("list-unsubscribe")!)![1]!;
    expect(unsubscribe).toBe(linkAfter(notice, "Stop emails about this article"));
    const permalink = linkAfter(notice, "Read it on the site");
    // The comment page that shows it (comments keep the page they were first shown on).
    expect(permalink).toMatch(new RegExp(`^${site}${ARTICLE}\\?cpage=\\d+#comment-${replyId}$`));
    await page.goto(permalink);
    expect(await page.locator(`#comment-${replyId}`).textContent()).toContain(answer);

    // The mail program's one click (RFC 8058), then the reader's own click on the link: both fine, both final.
    const oneClick = await fetch(unsubscribe, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(await follow(page, unsubscribe, "Stop emails about this article?")).toContain("No more emails about this article.");

    // Another reader follows the whole article: their email for the next reply shows it went out to everyone subscribed.
    const follower = `follower.${stamp}@example.com`;
    await api(`${ARTICLE}/comments`, { author: "Follower", email: follower, body: `Following ${stamp}.`, notify: "thread" });
    const followerConfirm = linksIn((await emailWhere(to(follower))).text).find((url) => url.includes("/notifications/confirm?t="))!;
    expect((await fetch(followerConfirm, { method: "POST" })).status).toBe(200);
    const next = `Another answer ${stamp}.`;
    const second = await api(`${ARTICLE}/comments`, { author: "Replier", email: replier, body: next, parentId: commentId });
    expect((await approve(((await second.json()) as { comment: { id: number } }).comment.id)).status).toBe(200);
    await emailWhere((email) => to(follower)(email) && email.text.includes(next));
    await page.waitForTimeout(2_000);
    expect(
      sentEmails()
        .filter(to(reader))
        .map((email) => email.headers.get("subject")),
    ).toEqual(["Confirm comment notifications from Wirepost", expect.stringMatching(/^New reply to your comment/)]);
    await context.close();
  }, 180_000);
});
