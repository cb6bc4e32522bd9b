import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app.tsx";
import { comments, subscriberAddresses } from "../../src/db/schema.ts";
import { keyedHash } from "../../src/domain/privacy.ts";
import { adminFetch, db, fetchWorker, newComment, nextClientIp, ORIGIN, postApprovedComment, postForm, seedArticle } from "../helpers.ts";
import { parseDocument, textareaValue } from "../parse-html.ts";
import { catchQueued } from "../queue-helpers.ts";

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
});

function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  const { author, email, body } = newComment() as Record<string, string>;
  return { author: author!, email: email!, url: "", body: body!, ...overrides };
}

async function page(path: string) {
  const response = await fetchWorker(path);
  return { response, document: parseDocument(await response.text()) };
}

describe("POST /articles/:slug/comments (the HTML form)", () => {
  it("redirects a held comment with 303 to a page that shows its author the moderation notice", async () => {
    const fields = formFields({ body: "Held for moderation, please." });
    const response = await postForm(slug, fields);
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/articles/${slug}\\?unapproved=(\\d+)&moderation-hash=[0-9a-f]{32}#comment-\\1$`));

    const { response: notice, document } = await page(location);
    expect(notice.status).toBe(200);
    expect(notice.headers.get("Cache-Control")).toBe("private, no-store");
    const held = document.querySelector(`#comment-${/unapproved=(\d+)/.exec(location)![1]}`)!;
    expect(held.textContent).toContain("Your comment is awaiting moderation.");
    expect(held.textContent).toContain("Held for moderation, please.");

    // Without the right hash, nobody else sees it (and such a URL is never stored either).
    const forged = location.replace(/moderation-hash=[0-9a-f]+/, "moderation-hash=" + "0".repeat(32));
    const other = await page(forged);
    expect(other.document.body.textContent).not.toContain("Held for moderation, please.");
    expect(other.response.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("shows the held comment for ten minutes only, and never a comment filed as spam", async () => {
    const held = (await postForm(slug, formFields({ body: "Held, then expired." }))).headers.get("Location")!;
    expect((await page(held)).document.body.textContent).toContain("Held, then expired.");
    const id = Number(/unapproved=(\d+)/.exec(held)![1]);
    await db()
      .update(comments)
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(comments.id, id));
    const expired = await page(held);
    expect(expired.document.body.textContent).not.toContain("Held, then expired.");
    expect(expired.response.headers.get("Cache-Control")).toBe("private, no-store");

    // A bot's post (honeypot filled) is answered as held, but its link shows nothing.
    const spam = (await postForm(slug, formFields({ body: "Buy now, from a bot.", subject: "filled by a bot" }))).headers.get("Location")!;
    expect(spam).toContain("unapproved=");
    expect((await page(spam)).document.body.textContent).not.toContain("Buy now, from a bot.");
  });

  it("redirects an approved comment with 303 to its permalink: the comment page that shows it", async () => {
    const returning = newComment() as Record<string, string>;
    await postApprovedComment(slug, returning);
    const response = await postForm(slug, formFields({ author: returning.author!, email: returning.email!, body: "Approved at once." }));
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    const [, id] = /^\/articles\/[^?#]+\?cpage=1#comment-(\d+)$/.exec(location)!;
    const { document } = await page(location.split("#")[0]!);
    expect(document.querySelector(`#comment-${id}`)!.textContent).toContain("Approved at once.");
  });

  it("re-renders the page with 422, messages beside each field, and what the reader typed", async () => {
    const response = await postForm(slug, { author: "Grace <Hopper>", email: "grace@", url: "", body: 'My "careful" words\nover two lines' });
    expect(response.status).toBe(422);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const document = parseDocument(await response.text());
    const email = document.querySelector("#comment-email")!;
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector(`#${email.getAttribute("aria-describedby")}`)!.textContent).toBe("Enter a valid email address.");
    expect(email.getAttribute("value")).toBe("grace@");
    expect(document.querySelector("#comment-author")!.getAttribute("value")).toBe("Grace <Hopper>");
    expect(textareaValue(document.querySelector("#comment-body")!)).toBe('My "careful" words\nover two lines');
    expect(document.querySelector("#comment-author")!.getAttribute("aria-invalid")).toBeNull();
  });

  it("keeps the reply target when re-rendering after an error", async () => {
    const parent = await postApprovedComment(slug);
    const response = await postForm(slug, formFields({ email: "", parentId: String(parent.id) }));
    expect(response.status).toBe(422);
    const document = parseDocument(await response.text());
    expect(document.querySelector('input[name="parentId"]')!.getAttribute("value")).toBe(String(parent.id));
  });

  it("files a comment whose hidden honeypot is filled as spam, answering as if pending", async () => {
    const fields = formFields({ subject: "Buy now", body: "Totally human comment." });
    const response = await postForm(slug, fields);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toContain("unapproved=");
    const listed = await (await fetchWorker(`/api/articles/${slug}/comments?limit=100`)).text();
    expect(listed).not.toContain("Totally human comment.");
  });

  it("answers a duplicate with a 409 page", async () => {
    const fields = formFields();
    const ip = nextClientIp();
    expect((await postForm(slug, fields, { ip })).status).toBe(303);
    const again = await postForm(slug, fields, { ip });
    expect(again.status).toBe(409);
    expect(again.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await again.text()).toContain("Duplicate comment detected");
  });

  it("answers an unknown article with a 404 page", async () => {
    const response = await postForm("no-such-article", formFields());
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Article not found.");
  });

  it("answers another content type with a 415 page", async () => {
    const response = await fetchWorker(`/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Origin: ORIGIN, "CF-Connecting-IP": nextClientIp() },
      body: "author=x",
    });
    expect(response.status).toBe(415);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  });
});

describe("comments on the article page", () => {
  it("shows the count and approved comments threaded, each with a Reply link that works without JS", async () => {
    const article = await seedArticle();
    const root = await postApprovedComment(article.slug, newComment({ author: "Root", url: "https://root.example" }));
    const reply = await postApprovedComment(article.slug, newComment({ author: "Replier", parentId: root.id }));
    const { document } = await page(`/articles/${article.slug}`);
    expect(document.querySelector("#comments-title")!.textContent).toBe("2 Comments");
    const rootItem = document.querySelector(`#comment-${root.id}`)!;
    expect(rootItem.querySelector(".comment-author a")!.getAttribute("href")).toBe("https://root.example");
    expect(rootItem.querySelector(".comment-author a")!.getAttribute("rel")).toBe("nofollow ugc noopener");
    expect(rootItem.querySelector(`ol > li#comment-${reply.id}`)).not.toBeNull();
    const replyLink = rootItem.querySelector("a.reply")!.getAttribute("href")!;
    expect(replyLink).toBe(`/articles/${article.slug}?cpage=1&replyto=${root.id}#respond`);

    const replying = await page(replyLink.split("#")[0]!);
    expect(replying.document.querySelector("#reply-title")!.textContent).toContain("Leave a Reply to Root");
    expect(replying.document.querySelector('input[name="parentId"]')!.getAttribute("value")).toBe(String(root.id));
  });

  it("shows the newest comments by default, pages the older ones, and gives every comment a permalink to its page (60 threads)", async () => {
    const article = await seedArticle();
    const comments = [];
    for (let i = 0; i < 60; i++) comments.push(await postApprovedComment(article.slug));
    const ids = comments.map((comment) => comment.id);
    // WordPress's "last page displayed by default": the article's URL shows the newest page.
    const newest = await page(`/articles/${article.slug}`);
    expect([...newest.document.querySelectorAll(".comment-list > li")].map((li) => li.id)).toEqual(ids.slice(50).map((id) => `comment-${id}`));
    expect(newest.document.querySelector("#comments-title")!.textContent).toBe("60 Comments");
    const previous = newest.document.querySelector('link[rel="prev"]')!.getAttribute("href")!;
    expect(previous).toBe(`/articles/${article.slug}?cpage=1#comments`);
    expect(newest.document.querySelector('link[rel="next"]')).toBeNull();
    const first = await page(previous.split("#")[0]!);
    expect([...first.document.querySelectorAll(".comment-list > li")].map((li) => li.id)).toEqual(ids.slice(0, 50).map((id) => `comment-${id}`));
    expect(first.document.querySelector('link[rel="next"]')!.getAttribute("href")).toBe(`/articles/${article.slug}?cpage=2#comments`);
    expect((await fetchWorker(`/articles/${article.slug}?cpage=3`)).status).toBe(404);

    // Every permalink lands on a page that shows its comment, and stays right as comments arrive.
    const permalinks = [comments[0]!, comments[49]!, comments[50]!, comments[59]!].map((comment) => ({
      id: comment.id,
      href:
        first.document.querySelector(`#comment-${comment.id} .comment-meta a[href*="#comment-"]`)?.getAttribute("href") ??
        newest.document.querySelector(`#comment-${comment.id} .comment-meta a[href*="#comment-"]`)!.getAttribute("href")!,
    }));
    expect(permalinks.map(({ href }) => href)).toEqual([
      `?cpage=1#comment-${ids[0]}`,
      `?cpage=1#comment-${ids[49]}`,
      `?cpage=2#comment-${ids[50]}`,
      `?cpage=2#comment-${ids[59]}`,
    ]);
    for (let i = 0; i < 45; i++) await postApprovedComment(article.slug);
    for (const { id, href } of permalinks) {
      const shown = await page(`/articles/${article.slug}${href.split("#")[0]}`);
      expect(shown.document.querySelector(`#comment-${id}`), href).not.toBeNull();
    }
    const feed = await (await fetchWorker(`/articles/${article.slug}/feed.json`)).json<{ items: { url: string }[] }>();
    expect(feed.items.at(-1)!.url).toBe(`http://wirepost.test/articles/${article.slug}?cpage=2#comment-${ids[55]}`);
  }, 60_000);

  it.each([
    ["trashed", { method: "PATCH", json: { status: "trash" } }],
    ["spammed", { method: "PATCH", json: { status: "spam" } }],
    ["unapproved", { method: "PATCH", json: { status: "pending" } }],
    ["deleted", { method: "DELETE" }],
  ] as const)("shows a thread's approved replies when its top comment is %s: the page, its count, the API and the feeds agree", async (_, change) => {
    const article = await seedArticle();
    const root = await postApprovedComment(article.slug, newComment({ author: "Top" }));
    const first = await postApprovedComment(article.slug, newComment({ parentId: root.id, body: "First reply" }));
    const nested = await postApprovedComment(article.slug, newComment({ parentId: first.id, body: "Nested reply" }));
    const second = await postApprovedComment(article.slug, newComment({ parentId: root.id, body: "Second reply" }));
    const third = await postApprovedComment(article.slug, newComment({ parentId: root.id, body: "Third reply" }));
    expect((await adminFetch(`/comments/${root.id}`, change)).status).toBeLessThan(300);

    const { document } = await page(`/articles/${article.slug}`);
    const listed = [...document.querySelectorAll(".comment-list li.comment")].map((li) => li.id);
    expect(listed.sort()).toEqual([first, nested, second, third].map((comment) => `comment-${comment.id}`).sort());
    expect(document.querySelector("#comments-title")!.textContent).toBe("4 Comments");
    // The replies that lost their top comment start threads of their own; the nested one stays under its parent.
    expect([...document.querySelectorAll(".comment-list > li")].map((li) => li.id)).toEqual([first, second, third].map((c) => `comment-${c.id}`));
    expect(document.querySelector(`#comment-${first.id} > ol > li#comment-${nested.id}`)).not.toBeNull();

    const api = await (await fetchWorker(`/api/articles/${article.slug}/comments`)).json<{ comments: { id: number }[] }>();
    expect(api.comments.map((comment) => comment.id).sort()).toEqual([first, nested, second, third].map((comment) => comment.id).sort());
    const feed = await (await fetchWorker(`/articles/${article.slug}/feed.json`)).json<{ items: unknown[] }>();
    expect(feed.items).toHaveLength(4);
  });
});

describe("Notify me of follow-up comments by email", () => {
  afterEach(() => vi.restoreAllMocks());
  const addressOf = async (email: string) =>
    (
      await db()
        .select()
        .from(subscriberAddresses)
        .where(eq(subscriberAddresses.emailHash, await keyedHash(env.HASH_KEY, "email", email.toLowerCase())))
    )[0];

  it("is offered where readers can be emailed (none chosen), and not at all where they can't", async () => {
    const { document } = await page(`/articles/${slug}`);
    const choices = [...document.querySelectorAll('form fieldset.notify input[name="notify"]')];
    expect(document.querySelector("fieldset.notify legend")!.textContent).toBe("Notify me of follow-up comments by email");
    expect(choices.map((input) => [input.getAttribute("value"), input.hasAttribute("checked")])).toEqual([
      ["none", true],
      ["replies", false],
      ["thread", false],
    ]);
    const off = await app.request(`/articles/${slug}`, {}, { ...env, EMAIL_READERS: "false" });
    expect(parseDocument(await off.text()).querySelector('input[name="notify"]')).toBeNull();
  });

  it("records the choice and queues one confirmation; keeps it when the form comes back with errors; a bot's gets nothing", async () => {
    const queued = catchQueued();
    const fields = formFields({ notify: "thread" });
    expect((await postForm(slug, fields)).status).toBe(303);
    expect(queued.map(({ body }) => body.kind)).toEqual(["event", "confirm"]);
    expect(await addressOf(fields.email!)).toMatchObject({ confirmedAt: null });

    const again = await postForm(slug, formFields({ email: "not-an-email", notify: "replies" }));
    expect(again.status).toBe(422);
    expect(
      parseDocument(await again.text())
        .querySelector('input[name="notify"][checked]')!
        .getAttribute("value"),
    ).toBe("replies");
    const tampered = await postForm(slug, formFields({ notify: "everything" }));
    expect(tampered.status).toBe(422);
    expect(parseDocument(await tampered.text()).querySelector("fieldset.notify .field-error")!.textContent).toBe("Choose none, replies, thread.");

    queued.length = 0;
    const bot = formFields({ subject: "Buy now", notify: "thread" });
    expect((await postForm(slug, bot)).status).toBe(303);
    expect(queued).toEqual([]);
    expect(await addressOf(bot.email!)).toBeUndefined();
  });
});
