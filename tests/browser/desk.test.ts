import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { XSS } from "../xss.ts";
import { launchChromium, newReader, seriousViolations } from "./browser.ts";

const site = inject("siteUrl");
const adminToken = inject("adminToken");
const PNG = readFileSync(resolve(import.meta.dirname, "../fixtures/images/image.png"));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A signed-in owner on the desk: the sign-in page comes back to where it was asked for. */
async function ownerAt(path: string, options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newReader(browser, options);
  const page = await context.newPage();
  await page.goto(site + path);
  await page.fill("#admin-token", adminToken);
  await page.click("button[type=submit]");
  await page.waitForURL(site + path);
  return { context, page };
}

const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

/** A `datetime-local` value `ms` from now, in UTC (what the desk's time field holds). */
function inUtc(ms: number): string {
  const value = new Date(Date.now() + ms).toISOString().slice(0, 19);
  return value.endsWith(":00") ? value.slice(0, 16) : value; // Chromium writes whole minutes without seconds
}

async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, alt: string) {
  await page.setInputFiles("#article-file", file);
  await page.fill("#article-alt", alt);
  await button(page, "Upload").click();
  await page.waitForLoadState();
}

describe("the desk in a real browser", () => {
  it("writes a draft with an image, previews, schedules it, sees it go live on time, edits, moves and unpublishes it", async () => {
    const { context, page } = await ownerAt("/admin/articles/new");
    const title = `Desk story ${Date.now()}`;
    await page.fill("#article-title", title);
    await page.fill("#article-summary", "Written in the browser.");
    await page.fill("#article-body", "The first paragraph.");

    await page.setInputFiles("#article-file", { name: "chart.png", mimeType: "image/png", buffer: PNG });
    await page.fill("#article-alt", "A small chart");
    await page.check("input[name=setFeatured]");
    await button(page, "Upload").click();
    const markdown = await page.locator("#uploaded-markdown").inputValue();
    expect(markdown).toMatch(/^!\[A small chart\]\(\/media\/[0-9a-f]{64}\.png\)$/);
    expect(await page.inputValue("#article-title")).toBe(title);
    await page.fill("#article-body", `The first paragraph.\n\n${markdown}`);

    await button(page, "Preview").click();
    await expect.poll(() => page.locator(".preview h1").textContent()).toBe(title);
    expect(await page.locator(".preview .featured-image img").getAttribute("alt")).toBe("A small chart");
    const image = await page.request.get(site + (await page.locator(".preview .article-body img").getAttribute("src")));
    expect([image.status(), image.headers()["content-type"], image.headers()["cache-control"]]).toEqual([
      200,
      "image/png",
      "public, max-age=31536000, immutable",
    ]);

    await button(page, "Save draft").click();
    await page.waitForURL(/\/admin\/articles\/\d+\?saved=draft$/);
    const editorUrl = page.url().replace(/\?.*$/, "");
    const slug = await page.inputValue("#article-slug");
    expect(slug).toMatch(/^desk-story-\d+$/);

    // Scheduled a few seconds ahead (the product's own unit is the second): readers see nothing yet.
    const reader = await newReader(browser);
    const readerPage = await reader.newPage();
    await readerPage.goto(site); // cached now, as readers will keep asking
    await page.fill("#article-publishedAt", inUtc(8_000));
    await button(page, "Schedule").click();
    await page.waitForURL(/\?saved=schedule$/);
    expect(await page.locator("#article-status .state").textContent()).toBe("Scheduled");

    const visible = async () => {
      await readerPage.goto(site);
      const feed = await (await readerPage.request.get(`${site}/feed.xml`)).text();
      const json = await (await readerPage.request.get(`${site}/feed.json`)).text();
      return [await readerPage.locator(`a[href="/articles/${slug}"]`).count(), feed.includes(title), json.includes(title)];
    };
    expect(await visible()).toEqual([0, false, false]);
    expect((await readerPage.request.get(`${site}/articles/${slug}`)).status()).toBe(404);
    await expect.poll(visible, { timeout: 20_000, interval: 1_000 }).toEqual([1, true, true]);
    await readerPage.goto(`${site}/articles/${slug}`);
    expect(await readerPage.locator(".featured-image img").getAttribute("alt")).toBe("A small chart");

    // Edited: a revision appears.
    await page.goto(editorUrl);
    await page.fill("#article-body", `The first paragraph, improved.\n\n${markdown}`);
    await button(page, "Update").click();
    await page.waitForURL(/\?saved=publish$/);
    expect(await page.locator(".revisions li").count()).toBe(2);
    expect(await page.locator(".revisions li").first().textContent()).toContain("changed: body");

    // Moved: the old address answers 301 to the new one.
    await page.fill("#article-slug", `${slug}-moved`);
    await button(page, "Update").click();
    await page.waitForURL(/\?saved=publish$/);
    const old = await readerPage.request.get(`${site}/articles/${slug}`, { maxRedirects: 0 });
    expect(old.status()).toBe(301);
    expect(old.headers().location).toBe(`/articles/${slug}-moved`);
    await readerPage.goto(`${site}/articles/${slug}`);
    expect(readerPage.url()).toBe(`${site}/articles/${slug}-moved`);

    // Unpublished: gone for readers.
    await button(page, "Unpublish").click();
    await page.waitForURL(/\?saved=unpublish$/);
    expect((await readerPage.request.get(`${site}/articles/${slug}-moved`)).status()).toBe(404);
    await Promise.all([context.close(), reader.close()]);
  });

  it("refuses a wrong type, an oversized file and a missing alt text with clear messages, keeping the article's text", async () => {
    const { context, page } = await ownerAt("/admin/articles/new");
    await page.fill("#article-title", "Kept while uploading");
    const cases: [{ name: string; mimeType: string; buffer: Buffer }, string, string, string][] = [
      [
        { name: "photo.png", mimeType: "image/png", buffer: Buffer.from("not really a picture") },
        "Alt",
        "#article-file-error",
        "not a JPEG, PNG, WebP, AVIF or GIF image",
      ],
      [
        { name: "huge.png", mimeType: "image/png", buffer: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]) },
        "Alt",
        "#article-file-error",
        "larger than 10 MB",
      ],
      [{ name: "chart.png", mimeType: "image/png", buffer: PNG }, "", "#article-alt-error", "alt text"],
    ];
    for (const [file, alt, error, message] of cases) {
      await upload(page, file, alt);
      await expect.poll(() => page.locator(error).textContent()).toContain(message);
      expect(await page.locator("[role=alert]").count()).toBe(1);
      expect(await page.inputValue("#article-title")).toBe("Kept while uploading");
    }
    await context.close();
  });

  it("takes the XSS corpus in every field as text: no script runs in the editor, the preview, the list or the published page", async () => {
    // The CSP would stop an injected script anyway: bypass it, so only escaping stands between the corpus and a dialog.
    const { context, page } = await ownerAt("/admin/articles/new", { bypassCSP: true });
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const marker = `xss-${Date.now()}`;
    for (const [index, text] of XSS.entries()) {
      await page.fill("#article-title", `${text.slice(0, 450)} ${marker}-${index}`);
      await page.fill("#article-summary", text);
      await page.fill("#article-body", `${text}\n\n[a link](${text})`);
      await page.fill("#article-author", text.slice(0, 200));
      await page.fill("#article-source", text.slice(0, 200));
      await button(page, "Preview").click();
      await expect.poll(() => page.locator(".preview h1").textContent()).toContain(`${marker}-${index}`);
      expect(await page.inputValue("#article-summary")).toBe(text.normalize("NFC").trim());
    }
    await page.fill("#article-title", `Every hostile string ${marker}`);
    await page.fill("#article-body", XSS.join("\n\n"));
    await button(page, "Publish").click();
    await page.waitForURL(/\?saved=publish$/);
    const slug = await page.inputValue("#article-slug");
    await page.goto(`${site}/admin/articles?q=${marker}`);
    await page.goto(`${site}/articles/${slug}`);
    expect(await page.locator("article h1").textContent()).toBe(`Every hostile string ${marker}`);
    await page.goto(`${site}/feed.xml`);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("is clean under axe: the article list, a new article, an article with a preview, an upload and revisions", async () => {
    const { context, page } = await ownerAt("/admin/articles", { bypassCSP: true });
    expect(await seriousViolations(page), "/admin/articles").toEqual([]);
    await page.goto(`${site}/admin/articles/new`);
    expect(await seriousViolations(page), "/admin/articles/new").toEqual([]);
    await page.fill("#article-title", `Audited ${Date.now()}`);
    await page.fill("#article-body", "Words.");
    await upload(page, { name: "chart.png", mimeType: "image/png", buffer: PNG }, "A chart");
    expect(await seriousViolations(page), "after an upload").toEqual([]);
    await button(page, "Save draft").click();
    await page.waitForURL(/\?saved=draft$/);
    await page.fill("#article-body", "More words.");
    await button(page, "Save draft").click();
    await page.waitForURL(/\?saved=draft$/);
    await button(page, "Preview").click();
    await page.waitForSelector(".preview");
    expect(await seriousViolations(page), "editor with preview and revisions").toEqual([]);
    await page.goto(`${site}/admin/articles/new`);
    await page.fill("#article-title", "Too late");
    await page.fill("#article-body", "Words.");
    await page.fill("#article-publishedAt", "2020-01-01T10:00");
    await button(page, "Schedule").click(); // in the past: the error is shown beside the field
    await page.waitForSelector("[role=alert]");
    expect(await seriousViolations(page), "editor with errors").toEqual([]);
    await context.close();
  });
});
