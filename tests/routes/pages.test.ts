import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { readerApp as app } from "../../src/reader-app.ts";
import { draftArticle, fetchWorker, LAUNCH_SLUG, launchArticle, postApprovedComment, seedArticle } from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";

beforeAll(async () => {
  await seedArticle(launchArticle());
});

describe("GET /articles/:slug", () => {
  it("serves the launch article as a server-rendered page", async () => {
    const response = await fetchWorker(`/articles/${LAUNCH_SLUG}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const page = await response.text();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain("<h1>Analyzing U.S.-Pakistan Security Cooperation: Observations from Recent Developments</h1>");
    expect(page).toContain('<time datetime="2025-03-20T12:00:00.000Z">March 20, 2025</time>');
    expect(page).toContain('<p class="standfirst">Despite President Trump acknowledging');
    expect(page).toContain("<p>The apprehension of Mohammad Sharifullah");
    expect(page).toContain("Original Source: foreignpolicy.com");
    // The seed's trailing form text is the site's own form, not article content.
    expect(page.match(/Leave a Reply/g)).toHaveLength(1);
  });

  it("speaks the site's language (SITE_LANGUAGE) from the message catalogue the widget uses, right to left for Urdu", async () => {
    const { slug } = await seedArticle();
    await postApprovedComment(slug);
    const response = await app.request(`/articles/${slug}`, {}, { ...env, SITE_LANGUAGE: "ur" });
    const page = parseDocument(await response.text());
    expect(page.documentElement.getAttribute("lang")).toBe("ur");
    expect(page.documentElement.getAttribute("dir")).toBe("rtl");
    expect(page.querySelector("#comments-title")!.textContent).toBe("1 تبصرہ");
    expect(page.querySelector("#reply-title")!.textContent).toBe("جواب دیں");
    expect(page.querySelector('label[for="comment-author"]')!.textContent).toBe("نام *");
    expect(page.querySelector("button[type=submit]")!.textContent).toBe("تبصرہ شائع کریں");
    expect(page.querySelector("a.reply")!.textContent).toBe("جواب");
    expect(page.querySelector("#respond .note")!.textContent).toBe("آپ کا ای میل ایڈریس شائع نہیں کیا جائے گا۔ ضروری خانوں پر * کا نشان لگا ہے");
  });

  it("renders the Leave a Reply form posting to the article's comments", async () => {
    const page = await (await fetchWorker(`/articles/${LAUNCH_SLUG}`)).text();
    expect(page).toContain(`<form method="post" action="/articles/${LAUNCH_SLUG}/comments"`);
    expect(page).toContain("Your email address will not be published. Required fields are marked");
    expect(page).toMatch(/<input id="comment-author" name="author" required=""/);
    expect(page).toMatch(/<input id="comment-email" name="email" required=""[^>]*type="email"/);
    expect(page).toMatch(/<input id="comment-url" name="url"[^>]*type="url"/);
    expect(page).not.toMatch(/<input id="comment-url"[^>]*required/);
    expect(page).toMatch(/<textarea id="comment-body" name="body" required=""/);
  });

  it("sends security headers with a strict CSP", async () => {
    const response = await fetchWorker(`/articles/${LAUNCH_SLUG}`);
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });

  it("allows exactly the inline stylesheet the page carries", async () => {
    const response = await fetchWorker(`/articles/${LAUNCH_SLUG}`);
    const style = /<style>([\s\S]*?)<\/style>/.exec(await response.text())![1]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(response.headers.get("Content-Security-Policy")).toContain(`'sha256-${hash}'`);
  });

  it("allows by hash the one inline script the article page carries, and no other script", async () => {
    const response = await fetchWorker(`/articles/${LAUNCH_SLUG}`);
    const scripts = [...(await response.text()).matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(scripts).toHaveLength(1);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(scripts[0]));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(/script-src ([^;]*)/.exec(csp)![1]!.split(" ")).toEqual([`'sha256-${hash}'`, expect.stringMatching(/^'sha256-/)]);
  });

  it("answers If-None-Match with 304 and no body", async () => {
    const first = await fetchWorker(`/articles/${LAUNCH_SLUG}`);
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9]+"$/);
    const second = await fetchWorker(`/articles/${LAUNCH_SLUG}`, { headers: { "If-None-Match": etag! } });
    expect(second.status).toBe(304);
    expect(second.headers.get("ETag")).toBe(etag);
    expect(second.headers.get("Cache-Control")).toBe(first.headers.get("Cache-Control"));
    expect(await second.text()).toBe("");
  });

  it("answers a stale If-None-Match with the full page", async () => {
    const response = await fetchWorker(`/articles/${LAUNCH_SLUG}`, { headers: { "If-None-Match": '"stale"' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Leave a Reply");
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const get = await fetchWorker(`/articles/${LAUNCH_SLUG}`);
    const head = await fetchWorker(`/articles/${LAUNCH_SLUG}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(head.headers.get("ETag")).toBe(get.headers.get("ETag"));
    expect(await head.text()).toBe("");
  });

  it("answers an unknown slug with a 404 HTML page", async () => {
    const response = await fetchWorker("/articles/no-such-article");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("Article not found.");
  });

  it("answers an unknown path with a 404 HTML page", async () => {
    const response = await fetchWorker("/nowhere");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("<h1>Page not found</h1>");
  });
});

describe("GET /", () => {
  it("lists the latest articles newest first, linking to each", async () => {
    const older = await seedArticle(draftArticle({ title: "An older story", publishedAt: new Date("2024-01-01T00:00:00Z") }));
    const newer = await seedArticle(draftArticle({ title: "A newer story", publishedAt: new Date("2026-01-01T00:00:00Z") }));
    const response = await fetchWorker("/");
    expect(response.status).toBe(200);
    const page = await response.text();
    const positions = [newer.slug, LAUNCH_SLUG, older.slug].map((slug) => page.indexOf(`href="/articles/${slug}"`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("advertises the three feeds for autodiscovery", async () => {
    const page = await (await fetchWorker("/")).text();
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="Wirepost (RSS)" href="http://wirepost.test/feed.xml"/>');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Wirepost (Atom)" href="http://wirepost.test/feed.atom"/>');
    expect(page).toContain('<link rel="alternate" type="application/feed+json" title="Wirepost (JSON Feed)" href="http://wirepost.test/feed.json"/>');
  });

  it("escapes article titles", async () => {
    await seedArticle(draftArticle({ title: `<script>alert("x")</script> & more` }));
    const page = await (await fetchWorker("/")).text();
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
    expect(page).not.toContain('<script>alert("x")');
  });
});
