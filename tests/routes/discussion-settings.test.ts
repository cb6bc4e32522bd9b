import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_SETTINGS, patchDiscussion, resetDiscussion } from "../discussion-helpers.ts";
import {
  adminFetch,
  type CreatedComment,
  draftArticle,
  fetchWorker,
  newComment,
  nextClientIp,
  postApprovedComment,
  postComment,
  postForm,
  seedArticle,
} from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";
import { catchQueued, drain, postSecure, spyOnEmails } from "../queue-helpers.ts";

afterEach(async () => {
  vi.restoreAllMocks();
  await resetDiscussion();
});

/** A comment's stored status and moderation note, read straight from D1. */
async function stored(id: number) {
  return (await env.DB.prepare("SELECT status, moderation, depth, parent_id FROM comments WHERE id = ?").bind(id).first<{
    status: string;
    moderation: string | null;
    depth: number;
    parent_id: number | null;
  }>())!;
}

async function created(response: Response) {
  expect(response.status).toBe(201);
  return response.json<CreatedComment>();
}

const countOn = async (slug: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE article_id = (SELECT id FROM articles WHERE slug = ?)").bind(slug).first<{ n: number }>())!.n;

async function page(path: string) {
  const response = await fetchWorker(path);
  return { response, document: parseDocument(await response.text()) };
}

describe("GET and PATCH /api/admin/settings", () => {
  it("answers today's behaviour on a fresh database", async () => {
    const response = await adminFetch("/settings");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await response.json()).toEqual({ settings: DEFAULT_SETTINGS });
  });

  it("changes any subset, keeps the rest, and ignores unknown fields", async () => {
    const response = await adminFetch("/settings", { method: "PATCH", json: { threadDepth: 3, moderationKeys: ["casino", " pills "], bogus: 1 } });
    expect(response.status).toBe(200);
    const { settings } = await response.json<{ settings: Record<string, unknown> }>();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, threadDepth: 3, moderationKeys: ["casino", "pills"] });
    expect(await (await adminFetch("/settings")).json()).toEqual({ settings });
  });

  it("refuses bad values with 422 naming each field, and stores none of the patch", async () => {
    const response = await adminFetch("/settings", {
      method: "PATCH",
      json: {
        threadDepth: 0,
        commentsPerPage: "many",
        moderation: "sometimes",
        disallowedKeys: "casino",
        notifyEmails: ["owner@"],
        commentOrder: "oldest-first",
      },
    });
    expect(response.status).toBe(422);
    const { error } = await response.json<{ error: { code: string; fields: Record<string, string> } }>();
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fields).sort()).toEqual(["commentsPerPage", "disallowedKeys", "moderation", "notifyEmails", "threadDepth"]);
    expect(await (await adminFetch("/settings")).json()).toEqual({ settings: DEFAULT_SETTINGS });
  });

  it("needs the owner's token and a JSON body", async () => {
    expect((await fetchWorker("/api/admin/settings")).status).toBe(401);
    expect((await adminFetch("/settings", { method: "PATCH", headers: { "Content-Type": "text/plain" }, body: "x" })).status).toBe(415);
  });
});

describe("each setting, changed through the API, then a post", () => {
  it("commentsOpenByDefault: articles written after it is turned off are closed, older ones stay open", async () => {
    const before = `open-${crypto.randomUUID().slice(0, 8)}`;
    await adminFetch(`/articles/${before}`, { method: "PUT", json: { title: "Before", body: "Body" } });
    await patchDiscussion({ commentsOpenByDefault: false });
    const after = `closed-${crypto.randomUUID().slice(0, 8)}`;
    await adminFetch(`/articles/${after}`, { method: "PUT", json: { title: "After", body: "Body" } });

    const refused = await postComment(after, newComment());
    expect(refused.status).toBe(403);
    expect((await refused.json<{ error: { code: string } }>()).error.code).toBe("comments_closed");
    expect(await countOn(after)).toBe(0);
    expect((await page(`/articles/${after}`)).document.querySelector("#respond")!.textContent).toBe("Comments are closed.");
    expect((await postComment(before, newComment())).status).toBe(201);
  });

  it("closeCommentsAfterDays: articles older than the limit take no comments, from the API or the form", async () => {
    const old = await seedArticle(draftArticle({ publishedAt: new Date(Date.now() - 40 * 86_400_000) }));
    const recent = await seedArticle(draftArticle({ publishedAt: new Date(Date.now() - 10 * 86_400_000) }));
    expect((await postComment(old.slug, newComment())).status).toBe(201);
    await patchDiscussion({ closeCommentsAfterDays: 30 });

    expect((await postComment(old.slug, newComment())).status).toBe(403);
    const form = await postForm(old.slug, newComment() as Record<string, string>);
    expect(form.status).toBe(403);
    const document = parseDocument(await form.text());
    expect(document.querySelector("#respond")!.textContent).toBe("Comments are closed.");
    expect(document.querySelector("form[action$='/comments']")).toBeNull();
    expect(await countOn(old.slug)).toBe(1);
    expect((await postComment(recent.slug, newComment())).status).toBe(201);
  });

  it("moderation: none publishes, all holds even a returning commenter, first-time holds a newcomer", async () => {
    const { slug } = await seedArticle();
    const returning = newComment();
    await postApprovedComment(slug, returning);
    await patchDiscussion({ moderation: "none" });
    expect((await created(await postComment(slug, newComment()))).status).toBe("approved");
    await patchDiscussion({ moderation: "all" });
    const held = await created(await postComment(slug, { ...returning, body: "Again" }));
    expect(held.status).toBe("pending");
    expect(JSON.parse((await stored(held.comment.id)).moderation!)).toEqual({ reason: "moderate_all", label: null, score: null });
    await patchDiscussion({ moderation: "first-time" });
    expect((await created(await postComment(slug, { ...returning, body: "Once more" }))).status).toBe("approved");
    expect((await created(await postComment(slug, newComment()))).status).toBe("pending");
  });

  it("maxLinks: a comment with more links than the setting is held", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderation: "none", maxLinks: 0 });
    const one = await created(await postComment(slug, newComment({ body: "See https://example.com/a" })));
    expect(one.status).toBe("pending");
    expect(JSON.parse((await stored(one.comment.id)).moderation!)).toEqual({ reason: "links", label: "1 links", score: null });
    await patchDiscussion({ maxLinks: 3 });
    const three = newComment({ body: "https://a.example https://b.example https://c.example" });
    expect((await created(await postComment(slug, three))).status).toBe("approved");
  });

  describe("moderationKeys: a key in any field holds the comment", () => {
    it.each<[string, Record<string, string>, string]>([
      ["the name", { author: "Best PILLS Online" }, "pills"],
      ["the email", { email: `buyer.${Date.now()}@Bulk-Mail.example` }, "bulk-mail.example"],
      ["the website", { url: "https://cheap-watches.example/deal" }, "watches"],
      ["the text, inside a word", { body: "Have you tried SuperCasinoRoyale?" }, "casino"],
      ["the client address", { ip: "203.0.113.77" }, "203.0.113.7"],
    ])("in %s", async (_, overrides, key) => {
      const { slug } = await seedArticle();
      await patchDiscussion({ moderation: "none", moderationKeys: ["unrelated", key] });
      const { ip, ...fields } = overrides;
      const response = await created(await postComment(slug, newComment(fields), ip ? { ip } : {}));
      expect(response.status).toBe("pending");
      expect(JSON.parse((await stored(response.comment.id)).moderation!)).toEqual({ reason: "moderation_key", label: key, score: null });
      // The same comment without the key is published.
      await patchDiscussion({ moderationKeys: ["unrelated"] });
      expect((await created(await postComment(slug, newComment(fields), ip ? { ip } : {}))).status).toBe("approved");
    });
  });

  describe("disallowedKeys: a key in any field sends the comment to the trash, answered exactly as a held one", () => {
    it.each<[string, Record<string, string>, string]>([
      ["the name", { author: "Spammy McSpamface" }, "spammy"],
      ["the email", { email: `x.${Date.now()}@throwaway.example` }, "THROWAWAY.example"],
      ["the website", { url: "https://malware.example/" }, "malware.example"],
      ["the text", { body: "Get your free V1AGRA here" }, "v1agra"],
      ["the client address", { ip: "2001:db8:dead:beef::1" }, "2001:db8:dead:"],
    ])("in %s", async (_, overrides, key) => {
      const { slug } = await seedArticle();
      const { ip, ...fields } = overrides;
      const options = ip ? { ip } : {};
      const held = await postComment(slug, newComment({ body: `An ordinary comment ${crypto.randomUUID()}` }));
      await patchDiscussion({ disallowedKeys: [key] });
      const trashed = await postComment(slug, newComment({ ...fields, body: fields.body ?? `An ordinary comment ${crypto.randomUUID()}` }), options);
      // The same status, headers and shape as the held comment's answer: the poster learns nothing.
      expect(trashed.status).toBe(held.status);
      expect([...trashed.headers.keys()].sort()).toEqual([...held.headers.keys()].sort());
      const [heldBody, trashedBody] = [await held.json<CreatedComment>(), await trashed.json<CreatedComment>()];
      expect(trashedBody.status).toBe("pending");
      expect(Object.keys(trashedBody.comment)).toEqual(Object.keys(heldBody.comment));
      const row = await stored(trashedBody.comment.id);
      expect(row.status).toBe("trash");
      expect(JSON.parse(row.moderation!)).toEqual({ reason: "disallowed_key", label: key, score: null });
    });

    it("sent twice from the same client, is refused as a duplicate, as a held comment is", async () => {
      const { slug } = await seedArticle();
      await patchDiscussion({ disallowedKeys: ["forbidden"] });
      const ip = nextClientIp();
      for (const payload of [newComment(), newComment({ body: "A forbidden word" })]) {
        expect((await postComment(slug, payload, { ip })).status).toBe(201);
        const again = await postComment(slug, payload, { ip });
        expect(again.status).toBe(409);
        expect((await again.json<{ error: { code: string } }>()).error.code).toBe("duplicate_comment");
      }
    });

    it("the form sends the trashed comment's author to a held-comment link, as for a held one, whose page shows nothing (pending comments only)", async () => {
      const { slug } = await seedArticle();
      await patchDiscussion({ disallowedKeys: ["forbidden"] });
      const held = await postForm(slug, newComment({ body: "Held as usual" }) as Record<string, string>);
      const trashed = await postForm(slug, newComment({ body: "A forbidden word" }) as Record<string, string>);
      for (const response of [held, trashed]) {
        expect(response.status).toBe(303);
        expect(response.headers.get("Location")).toMatch(/unapproved=\d+&moderation-hash=[0-9a-f]{32}#comment-\d+$/);
      }
      expect((await page(held.headers.get("Location")!)).document.querySelector("[role=status]")!.textContent).toContain("Held as usual");
      const { document } = await page(trashed.headers.get("Location")!);
      expect(document.querySelector("[role=status]")).toBeNull();
      expect(document.body.textContent).not.toContain("A forbidden word");
    });
  });

  it("threadDepth: a reply to the deepest level attaches beside its parent", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderation: "none", threadDepth: 2 });
    const root = (await created(await postComment(slug, newComment()))).comment;
    const reply = (await created(await postComment(slug, newComment({ parentId: root.id })))).comment;
    expect(reply.depth).toBe(2);
    const deeper = (await created(await postComment(slug, newComment({ parentId: reply.id })))).comment;
    expect(deeper).toMatchObject({ depth: 2, parentId: root.id });
    await patchDiscussion({ threadDepth: 3 });
    expect((await created(await postComment(slug, newComment({ parentId: reply.id })))).comment).toMatchObject({ depth: 3, parentId: reply.id });
  });

  it("commentsPerPage places the comments approved from then on, commentOrder orders a page's threads, defaultCommentsPage picks the bare URL's page", async () => {
    const { slug } = await seedArticle();
    await patchDiscussion({ moderation: "none", commentsPerPage: 20 });
    const ids: number[] = [];
    for (let i = 0; i < 11; i++) ids.push((await created(await postComment(slug, newComment()))).comment.id);
    const threads = async (path: string) => [...(await page(path)).document.querySelectorAll(".comment-list > li")].map((li) => Number(li.id.slice(8)));
    // The bare URL shows the newest page (WordPress's default): the only one so far.
    expect(await threads(`/articles/${slug}`)).toEqual(ids);
    // Fewer to a page from now on: the page filled before keeps what it holds, the next comment starts a new one…
    await patchDiscussion({ commentsPerPage: 10 });
    const twelfth = (await created(await postComment(slug, newComment()))).comment.id;
    expect(await threads(`/articles/${slug}?cpage=1`)).toEqual(ids);
    expect(await threads(`/articles/${slug}`)).toEqual([twelfth]);
    // …which the next ones join (its cached copies purged each time).
    const thirteenth = (await created(await postComment(slug, newComment()))).comment.id;
    expect(await threads(`/articles/${slug}?cpage=2`)).toEqual([twelfth, thirteenth]);

    await patchDiscussion({ commentOrder: "newest-first" });
    expect(await threads(`/articles/${slug}?cpage=1`)).toEqual([...ids].reverse());
    await patchDiscussion({ defaultCommentsPage: "oldest" });
    expect(await threads(`/articles/${slug}`)).toEqual([...ids].reverse());
    await patchDiscussion({ defaultCommentsPage: "newest", commentOrder: "oldest-first" });
    expect(await threads(`/articles/${slug}`)).toEqual([twelfth, thirteenth]);
  });

  it("defaultCommentsPage: only newest or oldest", async () => {
    expect((await adminFetch("/settings", { method: "PATCH", json: { defaultCommentsPage: "middle" } })).status).toBe(422);
  });

  it("notifyOnHeld, notifyOnComment and notifyEmails choose the owner's emails; the webhook hears of every comment either way", async () => {
    const queued = catchQueued();
    const emails = spyOnEmails();
    const webhook = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(null, { status: 204 }));
    const events = () => webhook.mock.calls.map(([, init]) => JSON.parse(String(init?.body)).event as string);
    const subjects = () => emails.filter((email) => email.to === "desk@news.example").map((email) => email.headers.get("subject")!.split(":")[0]);
    const hooked = { NOTIFY_WEBHOOK_URL: "https://hooks.example/wirepost" };
    const { slug } = await seedArticle();

    await postSecure(slug, newComment()); // held; no address yet
    await drain(queued, hooked);
    expect(emails).toEqual([]);
    await patchDiscussion({ notifyEmails: ["desk@news.example"] });
    await postSecure(slug, newComment()); // held: emailed by default
    await drain(queued, hooked);
    expect(subjects()).toEqual(["[Wirepost] Please moderate"]);
    await patchDiscussion({ notifyOnHeld: false });
    await postSecure(slug, newComment());
    await drain(queued, hooked);
    expect(subjects()).toEqual(["[Wirepost] Please moderate"]);
    await patchDiscussion({ notifyOnComment: true, moderation: "none" });
    await postSecure(slug, newComment()); // published as posted
    await drain(queued, hooked);
    expect(subjects()).toEqual(["[Wirepost] Please moderate", "[Wirepost] Comment"]);
    expect(events()).toEqual(["comment.held", "comment.held", "comment.held", "comment.approved"]);
    expect(webhook.mock.calls.every(([url]) => url === "https://hooks.example/wirepost")).toBe(true);
  });

  it("notifyEmails: plain addresses, as the NOTIFY_EMAILS var takes them", async () => {
    expect((await patchDiscussion({ notifyEmails: ["desk@news.example", " editor@news.example "] })).notifyEmails).toEqual([
      "desk@news.example",
      "editor@news.example",
    ]);
    const bad = await adminFetch("/settings", { method: "PATCH", json: { notifyEmails: ["desk@news.example", "not-an-address"] } });
    expect(bad.status).toBe(422);
  });
});

describe("PATCH /api/admin/articles/:slug { commentStatus }", () => {
  it("closes one article: comments stay visible, the form and Reply links give way to a notice, posts are refused", async () => {
    const { slug } = await seedArticle();
    const kept = await postApprovedComment(slug, newComment({ body: "Said before closing." }));
    const response = await adminFetch(`/articles/${slug}`, { method: "PATCH", json: { commentStatus: "closed" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ article: { slug, commentStatus: "closed", commentsOpen: false } });

    const { document } = await page(`/articles/${slug}`);
    expect(document.querySelector(`#comment-${kept.id}`)!.textContent).toContain("Said before closing.");
    expect(document.querySelector("#respond")!.textContent).toBe("Comments are closed.");
    expect(document.querySelector("a.reply")).toBeNull();
    expect(document.querySelector("textarea")).toBeNull();

    const count = await countOn(slug);
    const refused = await postComment(slug, newComment());
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "comments_closed" } });
    expect((await postForm(slug, newComment() as Record<string, string>)).status).toBe(403);
    expect(await countOn(slug)).toBe(count);

    await adminFetch(`/articles/${slug}`, { method: "PATCH", json: { commentStatus: "open" } });
    expect((await page(`/articles/${slug}`)).document.querySelector("#respond textarea")).not.toBeNull();
    expect((await postComment(slug, newComment())).status).toBe(201);
  });

  it("answers 404 for an unknown article and 422 for another status", async () => {
    expect((await adminFetch("/articles/no-such-article", { method: "PATCH", json: { commentStatus: "closed" } })).status).toBe(404);
    const { slug } = await seedArticle();
    const bad = await adminFetch(`/articles/${slug}`, { method: "PATCH", json: { commentStatus: "ajar" } });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed", fields: { commentStatus: expect.any(String) } } });
  });

  it("says an open article past the age limit takes no comments", async () => {
    const old = await seedArticle(draftArticle({ publishedAt: new Date(Date.now() - 400 * 86_400_000) }));
    await patchDiscussion({ closeCommentsAfterDays: 365 });
    const response = await adminFetch(`/articles/${old.slug}`, { method: "PATCH", json: { commentStatus: "open" } });
    expect(await response.json()).toMatchObject({ article: { slug: old.slug, commentStatus: "open", commentsOpen: false } });
  });

  it("edits the article and closes it in one request, on its new slug; a refused edit changes neither", async () => {
    const { slug } = await seedArticle();
    const taken = await seedArticle();
    const refused = await adminFetch(`/articles/${slug}`, { method: "PATCH", json: { slug: taken.slug, commentStatus: "closed" } });
    expect(refused.status).toBe(409);
    expect((await (await adminFetch(`/articles/${slug}`)).json<{ article: { commentStatus: string } }>()).article.commentStatus).toBe("open");

    const moved = `${slug}-moved`;
    const response = await adminFetch(`/articles/${slug}`, { method: "PATCH", json: { slug: moved, title: "Renamed", commentStatus: "closed" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ article: { slug: moved, title: "Renamed", commentStatus: "closed", commentsOpen: false } });
    expect((await page(`/articles/${moved}`)).document.querySelector("#respond")!.textContent).toBe("Comments are closed.");
  });
});
