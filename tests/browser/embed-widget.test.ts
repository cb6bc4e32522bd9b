import { createServer, type Server } from "node:http";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/local-site.ts";
import { launchChromium, seriousViolations, TYPING_TIME_MS } from "./browser.ts";

const site = inject("siteUrl");
const adminToken = inject("adminToken");
const HOST = `http://127.0.0.1:${inject("embedHostPort")}`;
let browser: Browser;
let allowedHost: Server;
let otherHost: Server;
let OTHER = "";

/**
 * A newsroom's page on another origin, with a strict CSP that adds only what
 * the README says the widget needs: script-src and connect-src for wirepost.
 * No inline script or style is allowed, and neither is anything else.
 */
function hostPage(path: string, lang: string): string {
  const id = `${HOST}${path}`;
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Host story ${path}</title><link rel="canonical" href="${id}"></head>
<body><main><h1>Host story</h1><p>The newsroom's own article.</p>
<p><a href="${id}#comments" data-wirepost-count="">Comments</a></p>
<div id="comments" data-wirepost-thread></div></main>
<script src="${site}/embed.js" async></script><script src="${site}/count.js" async></script>
</body></html>`;
}

/** The widget loads after the host page: its first answers may take a moment. */
const SLOW = { timeout: 15_000 };

const STRICT_CSP = `default-src 'none'; script-src ${site}; connect-src ${site}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function serve(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", HOST);
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": STRICT_CSP });
    response.end(hostPage(url.pathname, url.searchParams.get("lang") ?? "en"));
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  browser = await launchChromium();
  allowedHost = await serve(inject("embedHostPort"));
  const otherPort = await freePort();
  otherHost = await serve(otherPort);
  OTHER = `http://127.0.0.1:${otherPort}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => allowedHost?.close(resolve));
  await new Promise((resolve) => otherHost?.close(resolve));
});

function adminApi(path: string, init: RequestInit = {}) {
  return fetch(`${site}/api/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.210", ...init.headers },
  });
}

/** Everything the page's CSP refused, as Chromium reports it. */
function cspRefusals(page: Page): string[] {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}

/**
 * A reader of the host's site. Unlike newReader, no CF-Connecting-IP header:
 * a browser sends none (Cloudflare adds it), and a header the widget doesn't
 * send would make every read a preflight the API rightly refuses.
 */
const hostReader = (options: { colorScheme?: "light" | "dark"; bypassCSP?: boolean } = {}) => browser.newContext(options);

let poster = 0;
/** A comment on the host page at `path`, posted through the API (as any client may) and approved by the owner. */
async function approvedComment(path: string, fields: { author: string; body: string; parentId?: number }): Promise<{ id: number }> {
  poster += 1;
  const posted = await fetch(`${site}/api/threads/${encodeURIComponent(`${HOST}${path}`)}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": `198.51.100.${100 + poster}` },
    body: JSON.stringify({ ...fields, email: `poster.${poster}.${Date.now()}@example.com`, pageUrl: `${HOST}${path}`, pageTitle: `Story ${path}` }),
  });
  const { comment } = (await posted.json()) as { comment: { id: number } };
  expect((await adminApi(`/comments/${comment.id}`, { method: "PATCH", body: JSON.stringify({ status: "approved" }) })).status).toBe(200);
  return comment;
}

/** Whether the widget's element has the keyboard focus (inside its shadow root). */
const hasFocus = (page: Page, selector: string) => page.locator(selector).evaluate((element) => element.getRootNode().activeElement === element);

async function openHost(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

describe("the widget on another site's page", () => {
  it("under a strict CSP: renders the thread, posts a comment held for moderation, and shows it once the owner approves it", async () => {
    const context = await hostReader();
    const path = `/stories/${Date.now()}/`;
    const page = await openHost(context, `${HOST}${path}`);
    const refused = cspRefusals(page);
    await expect.poll(async () => page.locator("#wp-count").textContent(), SLOW).toBe("No comments yet");
    // The form reads as our own pages' does.
    // (Accessible names: the required fields' "*" is hidden from them, as on our pages.)
    for (const label of ["Name", "Email", "Website", "Comment"]) expect(await page.getByRole("textbox", { name: label, exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Post Comment" }).count()).toBe(1);
    expect(await page.locator("#respond form > p.note").textContent()).toBe("Your email address will not be published. Required fields are marked *");
    // Its styles apply inside its shadow root, though the host allows no style at all.
    expect(await page.locator(".wp").evaluate((root) => root.ownerDocument.defaultView.getComputedStyle(root).backgroundColor)).toBe("rgb(255, 255, 255)");

    // Errors beside the fields, the focus on the first.
    await page.getByRole("button", { name: "Post Comment" }).click();
    await expect.poll(async () => page.locator("#wp-author-error").textContent(), SLOW).toBe("Enter your name.");
    expect(await page.locator("#wp-body").getAttribute("aria-invalid")).toBe("true");
    expect(await hasFocus(page, "#wp-author")).toBe(true);

    const body = `Posted from the host page ${Date.now()}`;
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Host Reader");
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(`host.reader.${Date.now()}@example.com`);
    await page.getByRole("textbox", { name: "Comment", exact: true }).fill(body);
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.getByRole("button", { name: "Post Comment" }).click();
    await expect.poll(async () => page.locator(".notice[role=status]").textContent(), SLOW).toContain("Your comment is awaiting moderation.");
    expect(await page.locator(".notice[role=status]").textContent()).toContain(body);
    // Its author still sees it after reloading (for ten minutes); nobody else does.
    await page.reload();
    await expect.poll(async () => page.locator(".notice[role=status]").textContent(), SLOW).toContain(body);

    const held = (await (await adminApi("/comments?status=pending")).json()) as { comments: { id: number; body: string; status: string }[] };
    const comment = held.comments.find((candidate) => candidate.body === body);
    expect(comment).toBeDefined(); // held, not filed as spam: the form token and the hidden field passed
    expect((await adminApi(`/comments/${comment!.id}`, { method: "PATCH", body: JSON.stringify({ status: "approved" }) })).status).toBe(200);

    const stranger = await openHost(await hostReader(), `${HOST}${path}`);
    await expect.poll(async () => stranger.locator(`#comment-${comment!.id} .content`).textContent(), SLOW).toBe(body);
    expect(await stranger.locator("#wp-count").textContent()).toBe("1 Comment");
    // count.js filled the listing link in the host's language.
    await expect.poll(async () => stranger.locator("a[data-wirepost-count]").textContent(), SLOW).toBe("1 Comment");
    expect(refused).toEqual([]);
    await context.close();
  });

  it("replies in place, and keeps the reply threaded under its parent", async () => {
    const path = `/replies/${Date.now()}/`;
    const parent = await approvedComment(path, { author: "Parent", body: "The parent." });
    const context = await hostReader();
    const page = await openHost(context, `${HOST}${path}`);
    await page.getByRole("button", { name: "Reply to Parent" }).click();
    await expect.poll(async () => page.locator("#wp-reply-title").textContent(), SLOW).toBe("Leave a Reply to Parent Cancel reply");
    expect(await hasFocus(page, "#wp-body")).toBe(true);
    expect(await page.locator(`#comment-${parent.id} #respond`).count()).toBe(1);
    await page.getByRole("button", { name: "Cancel reply" }).click();
    expect(await page.locator(`#comment-${parent.id} #respond`).count()).toBe(0);
    expect(await hasFocus(page, `#comment-${parent.id} > button`)).toBe(true);

    await page.getByRole("button", { name: "Reply to Parent" }).click();
    const body = `A reply from the host page ${Date.now()}`;
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Replier");
    await page.getByRole("textbox", { name: "Email", exact: true }).fill(`replier.${Date.now()}@example.com`);
    await page.getByRole("textbox", { name: "Comment", exact: true }).fill(body);
    await page.waitForTimeout(TYPING_TIME_MS);
    await page.getByRole("button", { name: "Post Comment" }).click();
    await expect.poll(async () => page.locator(".notice[role=status]").textContent(), SLOW).toContain(body);
    const held = (await (await adminApi("/comments?status=pending")).json()) as { comments: { id: number; body: string; parentId: number }[] };
    const reply = held.comments.find((candidate) => candidate.body === body)!;
    expect(reply.parentId).toBe(parent.id);
    await adminApi(`/comments/${reply.id}`, { method: "PATCH", body: JSON.stringify({ status: "approved" }) });
    await page.reload();
    await expect.poll(async () => page.locator(`#comment-${parent.id} > ol > #comment-${reply.id} .content`).textContent(), SLOW).toBe(body);
    await context.close();
  });

  it("pages as our own pages do: newest first, older ones a click away, and a permalink opens the page with its comment", async () => {
    expect((await adminApi("/settings", { method: "PATCH", body: JSON.stringify({ commentsPerPage: 10 }) })).status).toBe(200);
    try {
      const path = `/paged/${Date.now()}/`;
      const first = await approvedComment(path, { author: "First", body: "The very first." });
      for (let i = 0; i < 10; i++) await approvedComment(path, { author: `Later ${i}`, body: `Later comment ${i}.` });
      const context = await hostReader();
      const page = await openHost(context, `${HOST}${path}`);
      await expect.poll(async () => page.locator("#wp-count").textContent(), SLOW).toBe("11 Comments");
      expect(await page.locator(`#comment-${first.id}`).count()).toBe(0);
      await page.getByRole("button", { name: "← Older comments" }).click();
      await expect.poll(async () => page.locator(`#comment-${first.id} .content`).textContent(), SLOW).toBe("The very first.");
      expect(await hasFocus(page, "#wp-count")).toBe(true);
      expect(await page.getByRole("button", { name: "Newer comments →" }).count()).toBe(1);
      // A permalink, as feeds and emails give it, opens the comment page that shows the comment.
      const linked = await openHost(context, `${HOST}${path}#comment-${first.id}:1`);
      await expect.poll(async () => hasFocus(linked, `#comment-${first.id}`), SLOW).toBe(true);
      await context.close();
    } finally {
      await adminApi("/settings", { method: "PATCH", body: JSON.stringify({ commentsPerPage: 50 }) });
    }
  });

  it("has no serious accessibility violation on the host page, in either theme", async () => {
    const path = `/accessible/${Date.now()}/`;
    const parent = await approvedComment(path, { author: "Ada", body: "A comment with a link: https://example.org/" });
    await approvedComment(path, { author: "Grace", body: "A reply.", parentId: parent.id });
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await hostReader({ bypassCSP: true, colorScheme });
      const page = await openHost(context, `${HOST}${path}`);
      await expect.poll(async () => page.locator("#wp-count").textContent(), SLOW).toBe("2 Comments");
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it("follows the host's dark colour scheme, and right-to-left languages", async () => {
    const context = await hostReader({ colorScheme: "dark" });
    const page = await openHost(context, `${HOST}/dark/${Date.now()}/?lang=ur`);
    await expect.poll(async () => page.locator("#wp-count").textContent(), SLOW).toBe("ابھی کوئی تبصرہ نہیں");
    const look = await page.locator(".wp").evaluate((root) => {
      const style = root.ownerDocument.defaultView.getComputedStyle(root);
      return { background: style.backgroundColor, color: style.color, dir: root.getAttribute("dir") };
    });
    expect(look).toEqual({ background: "rgb(22, 22, 22)", color: "rgb(236, 236, 236)", dir: "rtl" });
    expect(await page.getByRole("button", { name: "تبصرہ شائع کریں" }).count()).toBe(1);
    await context.close();
  });

  it("shows itself under a lang many CMS templates write, en_US, which Intl refuses", async () => {
    const context = await hostReader();
    const page = await openHost(context, `${HOST}/cms/${Date.now()}/?lang=en_US`);
    await expect.poll(async () => page.locator("#wp-count").textContent(), SLOW).toBe("No comments yet");
    expect(await page.getByRole("button", { name: "Post Comment" }).count()).toBe(1);
    await context.close();
  });

  it("is refused on a site that is not allowed: by CORS in the browser, and by the server", async () => {
    const context = await hostReader();
    const page = await openHost(context, `${OTHER}/story/`);
    await expect.poll(async () => page.locator(".wp [role=status]").first().textContent(), SLOW).toBe("The comments could not be loaded.");
    expect(await page.locator("#respond").count()).toBe(0);
    const posted = await fetch(`${site}/api/threads/x/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: OTHER, "CF-Connecting-IP": "198.51.100.212" },
      body: JSON.stringify({ author: "A", email: "a@example.com", body: "B", pageUrl: `${OTHER}/story/`, pageTitle: "T" }),
    });
    expect(posted.status).toBe(403);
    expect(posted.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(((await posted.json()) as { error: { code: string } }).error.code).toBe("origin_not_allowed");
    await context.close();
  });
});
