import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newReader, ownerAt, seriousViolations, TYPING_TIME_MS } from "./browser.ts";

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

let client = 0;
function adminApi(path: string, init: RequestInit = {}) {
  client += 1;
  return fetch(`${site}/api/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json", "CF-Connecting-IP": `198.51.100.${100 + client}`, ...init.headers },
  });
}

// Every test leaves the site's settings as it found them, for the other browser tests.
afterEach(async () => {
  await adminApi("/settings", { method: "PATCH", body: JSON.stringify({ moderation: "first-time", disallowedKeys: [] }) });
});

async function signedInOwner(options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<Page> {
  return (await ownerAt(browser, "/admin", options)).page;
}

async function heldComments(marker: string, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${site}/api${ARTICLE}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": `203.0.113.${(Date.now() + i) % 250}` },
      body: JSON.stringify({ author: `Queued ${i}`, email: `queued.${marker}.${i}@example.com`, body: `${marker} number ${i}` }),
    });
    ids.push(((await response.json()) as { comment: { id: number } }).comment.id);
  }
  return ids;
}

async function statusOf(id: number): Promise<string> {
  const listed = (await (await adminApi("/comments?limit=500")).json()) as { comments: { id: number; status: string }[] };
  return listed.comments.find((comment) => comment.id === id)!.status;
}

describe("the discussion settings page in a real browser", () => {
  it("adds a disallowed key through the form; a reader using it is sent where a held comment's author is, and sees nothing of it", async () => {
    const owner = await signedInOwner();
    await owner.getByRole("link", { name: "Discussion settings" }).click();
    await owner.waitForURL(`${site}/admin/settings`);
    const word = `forbidden${Date.now()}`;
    await owner.getByLabel("Disallowed keys: trash a comment containing any (one per line)").fill(`${word}\n`);
    await owner.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => owner.textContent("[role=status]")).toBe("Saved.");
    expect(await owner.inputValue("#setting-disallowedKeys")).toBe(word);

    const reader = await (await newReader(browser)).newPage();
    await reader.goto(site + ARTICLE);
    await reader.fill("#comment-author", "Unlucky Reader");
    await reader.fill("#comment-email", `unlucky.${Date.now()}@example.com`);
    await reader.fill("#comment-body", `This mentions ${word.toUpperCase()} by chance.`);
    await reader.waitForTimeout(TYPING_TIME_MS);
    await reader.click("#respond button[type=submit]");
    // The held-comment link, as for any held comment; it shows pending comments only, so nothing of this one.
    await reader.waitForURL(/\?unapproved=\d+&moderation-hash=[0-9a-f]{32}#comment-\d+$/);
    expect(await reader.locator("[role=status]").count()).toBe(0);
    expect(await reader.textContent("body")).not.toContain(word.toUpperCase());

    await owner.goto(`${site}/admin?status=trash&q=${word}`);
    expect(await owner.locator("li.moderated").count()).toBe(1);
    expect(await owner.locator("li.moderated .note").textContent()).toBe(`Why: disallowed key · ${word}`);
    await Promise.all([owner.context().close(), reader.context().close()]);
  });
});

describe("the moderation page in a real browser", () => {
  it("selects comments with the keyboard and approves them in one go", async () => {
    const marker = `kbd${Date.now()}`;
    const ids = await heldComments(marker, 3);
    const owner = await signedInOwner();
    await owner.goto(`${site}/admin?status=pending&q=${marker}`);
    expect(await owner.locator("li.moderated").count()).toBe(3);
    // Newest first: j moves to the first row, x selects it; j, j, x selects the third.
    await owner.keyboard.press("j");
    await owner.keyboard.press("x");
    await owner.keyboard.press("j");
    await owner.keyboard.press("j");
    await owner.keyboard.press("x");
    expect(await owner.locator("input[name^='select-']:checked").count()).toBe(2);
    // From a button in the second comment, j goes on to the third.
    await owner
      .locator("li.moderated")
      .nth(1)
      .getByRole("button", { name: /^Trash/ })
      .focus();
    await owner.keyboard.press("j");
    expect(await owner.locator(":focus").getAttribute("id")).toBe(`select-${ids[0]}`);
    await owner.getByRole("button", { name: "Approve", exact: true }).focus();
    await Promise.all([owner.waitForEvent("load"), owner.keyboard.press("Enter")]);
    expect(owner.url()).toBe(`${site}/admin?status=pending&q=${marker}`);
    expect(await owner.locator("li.moderated").count()).toBe(1);
    expect(await Promise.all(ids.map(statusOf))).toEqual(["approved", "pending", "approved"]);
    await owner.context().close();
  });

  it("selects all shown with one box, and without JavaScript still bulk-moderates with plain check boxes", async () => {
    const marker = `all${Date.now()}`;
    const ids = await heldComments(marker, 2);
    const owner = await signedInOwner();
    await owner.goto(`${site}/admin?status=pending&q=${marker}`);
    await owner.getByLabel("Select all 2 shown").check();
    await Promise.all([owner.waitForEvent("load"), owner.getByRole("button", { name: "Spam", exact: true }).click()]);
    expect(await Promise.all(ids.map(statusOf))).toEqual(["spam", "spam"]);

    const plain = await signedInOwner({ javaScriptEnabled: false });
    await plain.goto(`${site}/admin?status=spam&q=${marker}`);
    expect(await plain.locator("#select-all").isVisible()).toBe(false);
    await plain.locator(`#select-${ids[0]}`).check();
    await Promise.all([plain.waitForEvent("load"), plain.getByRole("button", { name: "Unapprove", exact: true }).click()]);
    expect(plain.url()).toBe(`${site}/admin?status=spam&q=${marker}`);
    expect(await Promise.all(ids.map(statusOf))).toEqual(["pending", "spam"]);
    await Promise.all([owner.context().close(), plain.context().close()]);
  });
});

describe('the reader\'s "Save my name, email, and website" box', () => {
  it("keeps the fields in this browser only, fills them next time, and forgets them when unticked", async () => {
    const context = await newReader(browser);
    const page = await context.newPage();
    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") sent.push(request.postData() ?? "");
    });
    await page.goto(site + ARTICLE);
    const email = `remembered.${Date.now()}@example.com`;
    await page.fill("#comment-author", "Remembered Reader");
    await page.fill("#comment-email", email);
    await page.fill("#comment-url", "https://remembered.example");
    await page.fill("#comment-body", "Remember me, please.");
    await page.getByLabel("Save my name, email, and website in this browser for the next time I comment.").check();
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.click("#respond button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Your comment is awaiting moderation.");
    expect(sent).toHaveLength(1);
    expect(new URLSearchParams(sent[0]).has("remember")).toBe(false);
    // The box is no email subscription: the separate notify choice (offered on this site) stays at its default.
    expect([...new URLSearchParams(sent[0]).keys()].sort()).toEqual(["author", "body", "email", "formToken", "notify", "subject", "url"]);
    expect(new URLSearchParams(sent[0]).get("notify")).toBe("none");

    await page.goto(site + ARTICLE);
    expect(await page.inputValue("#comment-author")).toBe("Remembered Reader");
    expect(await page.inputValue("#comment-email")).toBe(email);
    expect(await page.inputValue("#comment-url")).toBe("https://remembered.example");
    expect(await page.isChecked("#comment-remember")).toBe(true);
    expect(await page.isChecked('input[name="notify"][value="none"]')).toBe(true);

    await page.uncheck("#comment-remember");
    await page.fill("#comment-body", "Forget me now.");
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.click("#respond button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Your comment is awaiting moderation.");
    await page.goto(site + ARTICLE);
    expect(await page.inputValue("#comment-author")).toBe("");
    expect(await page.isChecked("#comment-remember")).toBe(false);
    await context.close();
  });

  it("is not offered without JavaScript, and the form works as before", async () => {
    const context = await newReader(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site + ARTICLE);
    expect(await page.locator("#comment-remember").isVisible()).toBe(false);
    await page.fill("#comment-author", "Plain Reader");
    await page.fill("#comment-email", `plain.${Date.now()}@example.com`);
    await page.fill("#comment-body", "No scripts here.");
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.click("#respond button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Your comment is awaiting moderation.");
    await context.close();
  });
});

describe("accessibility of the owner's pages (axe-core)", () => {
  it("finds no serious or critical violations on the moderation, settings and commenters pages", async () => {
    const marker = `axe${Date.now()}`;
    const [id] = await heldComments(marker, 1);
    await adminApi(`/comments/${id}/block`, { method: "POST" });
    // axe is injected as a script, which the site's CSP rightly forbids; bypass it for the audit only.
    const owner = await signedInOwner({ bypassCSP: true });
    for (const path of [`/admin?status=all&q=${marker}`, "/admin?article=us-pakistan-security-cooperation", "/admin/settings", "/admin/commenters"]) {
      await owner.goto(site + path);
      expect(await seriousViolations(owner), path).toEqual([]);
    }
    await adminApi(`/comments/${id}/block`, { method: "DELETE" });
    await owner.context().close();
  });
});
