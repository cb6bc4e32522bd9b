import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newReader, seriousViolations, TYPING_TIME_MS } from "./browser.ts";

const site = inject("siteUrl");
const adminToken = inject("adminToken");
const ARTICLE = "/articles/us-pakistan-security-cooperation";
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function adminApi(path: string, init: RequestInit = {}) {
  return fetch(`${site}/api/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.200", ...init.headers },
  });
}

async function fill(page: Page, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`#comment-${name}`, value);
}

describe("a reader in a real browser", () => {
  it.each([
    ["with JavaScript", true],
    ["without JavaScript", false],
  ])("%s: sees a clear message beside a bad field with their text kept, fixes it, and sees the moderation notice", async (_, javaScriptEnabled) => {
    const context = await newReader(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(site + ARTICLE);
    const body = `A considered comment, ${javaScriptEnabled ? "scripted" : "plain"} ${Date.now()}.`;
    // "reader@example" passes the browser's own email check but not ours, so the server answers.
    await fill(page, { author: "Careful Reader", email: "reader@example", body });
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.click("button[type=submit]");

    await expect.poll(() => page.textContent("#comment-email-error")).toBe("Enter a valid email address.");
    expect(await page.getAttribute("#comment-email", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#comment-author")).toBe("Careful Reader");
    expect(await page.inputValue("#comment-email")).toBe("reader@example");
    expect(await page.inputValue("#comment-body")).toBe(body);

    await page.fill("#comment-email", `careful.${Date.now()}@example.com`);
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Your comment is awaiting moderation.");
    expect(await page.textContent("[role=status]")).toContain(body);
    await context.close();
  });

  it("the server names a missing email when the browser doesn't check required fields", async () => {
    const context = await newReader(browser);
    const page = await context.newPage();
    await page.goto(site + ARTICLE);
    await page.locator("#comment-email").evaluate((input) => input.removeAttribute("required"));
    await fill(page, { author: "No Email", body: "Kept text" });
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("#comment-email-error")).toBe("Enter your email address.");
    expect(await page.inputValue("#comment-body")).toBe("Kept text");
    await context.close();
  });

  it("replies to a comment through its Reply link, without JavaScript", async () => {
    const parentBody = `Parent comment ${Date.now()}`;
    const created = await fetch(`${site}/api${ARTICLE}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.201" },
      body: JSON.stringify({ author: "Original Poster", email: `op.${Date.now()}@example.com`, body: parentBody }),
    });
    const parent = ((await created.json()) as { comment: { id: number } }).comment;
    expect((await adminApi(`/comments/${parent.id}`, { method: "PATCH", body: JSON.stringify({ status: "approved" }) })).status).toBe(200);

    const context = await newReader(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site + ARTICLE);
    await page.locator(`#comment-${parent.id} > a.reply`).click();
    await expect.poll(() => page.textContent("#reply-title")).toContain("Leave a Reply to Original Poster");
    const replyBody = `A reply ${Date.now()}`;
    await fill(page, { author: "Replier", email: `replier.${Date.now()}@example.com`, body: replyBody });
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Your comment is awaiting moderation.");

    const listed = (await (await adminApi("/comments?status=pending&limit=500")).json()) as { comments: { body: string; parentId: number | null }[] };
    expect(listed.comments.find((comment) => comment.body === replyBody)?.parentId).toBe(parent.id);
    await context.close();
  });

  it("finds working feeds from the links in the page head", async () => {
    const context = await newReader(browser);
    const page = await context.newPage();
    await page.goto(site + ARTICLE);
    const links = await page
      .locator('link[rel="alternate"]')
      .evaluateAll((elements) => elements.map((element) => ({ href: element.getAttribute("href")!, type: element.getAttribute("type")! })));
    expect(links.length).toBe(6);
    for (const { href, type } of links) {
      const response = await page.request.get(href);
      expect(response.status(), href).toBe(200);
      expect(response.headers()["content-type"], href).toBe(`${type}; charset=utf-8`);
    }
    await context.close();
  });
});

describe("sections, tags and what search engines read", () => {
  it("follows an article's section and tag links, and reads its JSON-LD with no CSP violation", async () => {
    const slug = `browser-${Date.now()}`;
    const put = await adminApi(`/articles/${slug}`, {
      method: "PUT",
      body: JSON.stringify({ title: "A </script> headline", body: "Body.", author: "Jane Doe", section: "World News", tags: ["Browsers"] }),
    });
    expect(put.status).toBe(201);
    const context = await newReader(browser);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${site}/articles/${slug}`);
    const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "");
    expect(data).toMatchObject({ "@type": "NewsArticle", headline: "A </script> headline", author: { name: "Jane Doe" }, articleSection: "World News" });
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe("A </script> headline");
    expect(violations).toEqual([]);

    await page.click('a[rel="tag"]');
    await page.waitForURL(`${site}/tags/browsers`);
    expect(await page.locator("h1").textContent()).toBe("Browsers");
    await page.click(`a[href="/articles/${slug}"]`);
    await page.click('header .meta a[href="/sections/world-news"]');
    await page.waitForURL(`${site}/sections/world-news`);
    const feed = await page.request.get(`${site}/sections/world-news/feed.atom`);
    expect(await feed.text()).toContain(`/articles/${slug}`);
    await context.close();
  });
});

describe("accessibility (axe-core)", () => {
  it("finds no serious or critical violations on the home, article, section and admin pages", async () => {
    await adminApi("/articles/axe-check", { method: "PUT", body: JSON.stringify({ title: "Axe", body: "Body.", section: "Audited" }) });
    // axe is injected as a script, which the site's CSP rightly forbids; bypass it for the audit only.
    const context = await newReader(browser, { bypassCSP: true });
    const page = await context.newPage();
    for (const path of ["/", ARTICLE, "/sections/audited", "/admin"]) {
      await page.goto(site + path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.fill("#admin-token", adminToken);
    await page.click("button[type=submit]");
    await page.waitForURL(`${site}/admin`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Moderation");
    expect(await seriousViolations(page), "/admin (signed in)").toEqual([]);
    await context.close();
  });
});
