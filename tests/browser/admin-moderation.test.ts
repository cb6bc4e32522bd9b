import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newReader } from "./browser.ts";

const site = inject("siteUrl");
const ARTICLE = "/articles/us-pakistan-security-cooperation";
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the site owner in a real browser", () => {
  it("signs in, approves a reader's held comment, and sees it on the article page", async () => {
    const body = `Held until the owner approves it ${Date.now()}`;
    const reader = await newReader(browser);
    const readerPage = await reader.newPage();
    await readerPage.goto(site + ARTICLE);
    await readerPage.fill("#comment-author", "Patient Reader");
    await readerPage.fill("#comment-email", `patient.${Date.now()}@example.com`);
    await readerPage.fill("#comment-body", body);
    await readerPage.waitForTimeout(3_100); // people take longer than the minimum fill time
    await readerPage.click("button[type=submit]");
    await expect.poll(() => readerPage.textContent("[role=status]")).toContain("Your comment is awaiting moderation.");

    const owner = await newReader(browser);
    const admin = await owner.newPage();
    await admin.goto(`${site}/admin`);
    await admin.fill("#admin-token", inject("adminToken"));
    await admin.click("button[type=submit]");
    const row = admin.locator('ol[aria-labelledby="list-title"] li', { hasText: body });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain("@example.com");
    await row.getByRole("button", { name: /^Approve/ }).click();
    await admin.waitForURL(`${site}/admin`);
    expect(await admin.locator('ol[aria-labelledby="list-title"] li', { hasText: body }).count()).toBe(0);

    const later = await (await newReader(browser)).newPage();
    await later.goto(site + ARTICLE);
    expect(await later.locator(".comment-list .comment-content", { hasText: body }).count()).toBe(1);
    await Promise.all([reader.close(), owner.close(), later.context().close()]);
  });
});
