import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { settleImport } from "../../src/db/imports.ts";
import { articles, comments } from "../../src/db/schema.ts";
import { ARCHIVES_TAG, ARTICLE_PAGES_TAG, ARTICLES_TAG, articleTag, COMMENTS_TAG, mediaTag, termTag } from "../../src/domain/cache-tags.ts";
import { mediaKey } from "../../src/domain/media/media-keys.ts";
import { MAX_TAGS_PER_PURGE, PURGE_BURST, type PurgeBudget } from "../../src/domain/purge-budget.ts";
import { FLUSH_HEADER, FLUSH_PATH, flushToken } from "../../src/http/edge-cache.ts";
import { moderationUrls } from "../../src/services/email-links.ts";
import { SITE_URL, type WorkersCacheEdge, workersCacheEdge } from "../edge-emulator.ts";
import { type CreatedComment, db, draftArticle, formTokenIssued, newComment, nextClientIp, seedArticle } from "../helpers.ts";
import { IMAGES, imageFile } from "../images.ts";
import { parseDocument } from "../parse-html.ts";

const coordinator = () => env.CACHE_PURGES.get(env.CACHE_PURGES.idFromName("purges"));

/** Puts the purge budget (and anything waiting) back to a fresh start. */
const resetPurgeBudget = () => runInDurableObject(coordinator(), (_, state) => state.storage.deleteAll());

/** As if the budget's interval had passed: one purge may go out. */
const earnOnePurge = () =>
  runInDurableObject(coordinator(), async (_, state) => {
    const budget = (await state.storage.get<PurgeBudget>("budget"))!;
    await state.storage.put("budget", { ...budget, tokens: 1, updatedAt: Date.now() });
  });

const waitingTags = () => runInDurableObject(coordinator(), async (_, state) => (await state.storage.get<PurgeBudget>("budget"))?.waiting ?? []);

const idOf = async (slug: string) => (await db().select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).get())!.id;

let edge: WorkersCacheEdge;
beforeEach(async () => {
  edge = workersCacheEdge();
  await resetPurgeBudget();
});
afterEach(() => vi.restoreAllMocks());

const admin = (path: string, init: RequestInit & { json?: unknown } = {}) => {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set("Authorization", `Bearer ${env.ADMIN_TOKEN}`);
  headers.set("CF-Connecting-IP", nextClientIp());
  if (json !== undefined) headers.set("Content-Type", "application/json");
  return edge.fetch(`/api/admin${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
};

const post = (slug: string, payload = newComment()) =>
  edge.fetch(`/api/articles/${slug}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": nextClientIp() },
    body: JSON.stringify(payload),
  });

async function postForm(slug: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams({ formToken: await formTokenIssued(slug), ...fields });
  return edge.fetch(`/articles/${slug}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: SITE_URL, "CF-Connecting-IP": nextClientIp(), ...headers },
    body: body.toString(),
  });
}

/** A commenter whose comments are approved at once (one approved comment before), and their next comment. */
async function returningCommenter(slug: string) {
  const first = newComment();
  const { comment } = await (await post(slug, first)).json<CreatedComment>();
  await admin(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } });
  return (body: string) => ({ ...first, body }) as Record<string, string>;
}

/** What the coordinator's alarm does: calls the Worker back to purge what waits. */
const flushWaitingPurges = async () => edge.fetch(FLUSH_PATH, { method: "POST", headers: { [FLUSH_HEADER]: await flushToken(env.HASH_KEY) } });

const purgedTagSets = (from = 0) => edge.purges.slice(from).map((purge) => [...(purge.tags ?? [])].sort());

describe("what the Worker tells Workers Cache", () => {
  it("tags every public response with what it shows, and says how long the edge may keep it", async () => {
    const section = { taxonomy: "section", slug: "tagged" } as const;
    const article = await seedArticle(draftArticle({ terms: [{ ...section, name: "Tagged" }] }));
    const id = await idOf(article.slug);
    await post(article.slug);
    const expected: [string, string[]][] = [
      ["/", [ARTICLES_TAG]],
      // Article feeds show comment counts: comment activity (and every article change) purges them.
      ["/feed.xml", [COMMENTS_TAG]],
      ["/feed.atom", [COMMENTS_TAG]],
      ["/feed.json", [COMMENTS_TAG]],
      ["/api/articles", [ARTICLES_TAG]],
      ["/sitemap.xml", [ARTICLES_TAG]],
      ["/sitemaps/articles-1.xml", [ARTICLES_TAG]],
      ["/news-sitemap.xml", [ARTICLES_TAG]],
      ["/sections/tagged", [termTag(section)]],
      ["/sections/tagged/feed.atom", [COMMENTS_TAG, termTag(section)]],
      // Not found until an article joins it.
      ["/tags/never-used", [termTag({ taxonomy: "tag", slug: "never-used" })]],
      // The article's pages also follow the discussion settings.
      [`/articles/${article.slug}`, [articleTag(id), ARTICLE_PAGES_TAG]],
      [`/articles/${article.slug}?cpage=1`, [articleTag(id), ARTICLE_PAGES_TAG]],
      [`/articles/${article.slug}?cpage=1&replyto=1`, [articleTag(id), ARTICLE_PAGES_TAG]],
      [`/articles/${article.slug}/feed.xml`, [articleTag(id)]],
      [`/articles/${article.slug}/feed.json`, [articleTag(id)]],
      [`/api/articles/${article.slug}`, [articleTag(id)]],
      [`/api/articles/${article.slug}/comments`, [articleTag(id)]],
      [`/api/articles/${article.slug}/comments?limit=1`, [articleTag(id)]],
      ["/comments/feed.xml", [COMMENTS_TAG]],
      ["/comments/feed.atom", [COMMENTS_TAG]],
      // Not found, until something is published (or a comment page fills).
      ["/articles/no-such-article", [ARTICLES_TAG]],
      ["/api/articles/no-such-article", [ARTICLES_TAG]],
      [`/articles/${article.slug}?cpage=9`, [articleTag(id)]],
    ];
    const robots = await edge.run(new Request(new URL("/robots.txt", SITE_URL)));
    expect(robots.headers.get("Cache-Control")).toMatch(/^public, /);
    expect(robots.headers.get("Cache-Tag"), "robots.txt changes with a deployment only").toBeNull();
    for (const [path, tags] of expected) {
      const response = await edge.run(new Request(new URL(path, SITE_URL)));
      expect(response.headers.get("Cache-Tag"), path).toBe(tags.join(","));
      expect(response.headers.get("Cache-Control"), path).toMatch(/^public, /);
      expect(response.headers.get("Cloudflare-CDN-Cache-Control"), path).toMatch(/^public, max-age=\d+, stale-while-revalidate=60, stale-if-error=86400$/);
      // Served through the cache, the tags never reach the reader, and the copy is kept.
      const served = await edge.fetch(path);
      expect(served.headers.get("Cache-Tag"), path).toBeNull();
      expect((await edge.fetch(path)).headers.get("CF-Cache-Status"), path).toBe("HIT");
    }
  });

  it("says private, no-store on everything that is not the same for every reader", async () => {
    const article = await seedArticle();
    const held = await postForm(article.slug, newComment() as Record<string, string>);
    const flood = { ...newComment(), body: "" };
    const privateAnswers: [string, Response][] = [
      ["the held-comment view", await edge.fetch(held.headers.get("Location")!)],
      ["a form post's redirect", held],
      ["an API post", await post(article.slug)],
      ["a form with errors", await postForm(article.slug, flood as Record<string, string>)],
      ["the moderation page", await edge.fetch("/admin")],
      ["the admin API", await admin("/comments")],
      ["the export", await admin("/export")],
      ["a bad query", await edge.fetch(`/api/articles/${article.slug}/comments?limit=0`)],
      ["a D1 outage", await edge.fetch("/", {}, { DB: brokenD1() })],
    ];
    for (const [what, response] of privateAnswers) {
      await response.arrayBuffer();
      expect(response.headers.get("Cache-Control"), what).toBe("private, no-store");
      expect(response.headers.get("CF-Cache-Status"), what).not.toBe("MISS");
    }
    expect(edge.storedKeys().some((key) => key.includes("unapproved") || key.startsWith("/admin") || key.startsWith("/api/admin"))).toBe(false);
  });

  it("refuses to serve without SITE_URL, since cached links would carry one reader's host to all", async () => {
    const unset = workersCacheEdge({ env: { SITE_URL: "" } });
    const response = await unset.fetch("/");
    expect(response.status).toBe(503);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await response.text()).toContain("set SITE_URL");
  });
});

describe("purges", () => {
  it("go out with the tags each kind of write changed, one call each", async () => {
    const article = await seedArticle();
    const id = await idOf(article.slug);
    const commentTags = [articleTag(id), COMMENTS_TAG].sort();
    // Moderation moves comments within the feeds' archive pages too; a comment approved as posted only adds the newest.
    const moderationTags = [articleTag(id), COMMENTS_TAG, ARCHIVES_TAG].sort();

    const write = async (what: string, action: () => Promise<Response>, tags: string[]) => {
      await resetPurgeBudget();
      const before = edge.purges.length;
      const response = await action();
      expect(response.status, what).toBeLessThan(400);
      expect(purgedTagSets(before), what).toEqual(tags.length > 0 ? [tags.sort()] : []);
      return response;
    };
    const held = await write("a held comment", () => post(article.slug), []);
    const { comment } = await held.json<CreatedComment>();
    await write("approving it", () => admin(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } }), moderationTags);
    const again = await returningCommenter(article.slug);
    await write("an approved comment", () => post(article.slug, again("Straight in")), commentTags);
    await write("spamming it", () => admin(`/comments/${comment.id}`, { method: "PATCH", json: { status: "spam" } }), moderationTags);
    await write("trashing a spammed one (nobody saw either)", () => admin(`/comments/${comment.id}`, { method: "PATCH", json: { status: "trash" } }), []);
    await write("deleting it", () => admin(`/comments/${comment.id}`, { method: "DELETE" }), moderationTags);
    await write("erasing a commenter", () => admin("/commenters/erase", { method: "POST", json: { email: String(again("").email) } }), moderationTags);
    // A live article changed: its archive items too.
    const articleTags = [articleTag(id), ARTICLES_TAG, COMMENTS_TAG, ARCHIVES_TAG].sort();
    await write("editing the article", () => admin(`/articles/${article.slug}`, { method: "PUT", json: { title: "Edited", body: "New body" } }), articleTags);
    await write("unpublishing it", () => admin(`/articles/${article.slug}`, { method: "DELETE" }), articleTags);
  });

  it("drop exactly what they name: every comment page and feed of the article, nothing of another", async () => {
    const article = await seedArticle();
    const other = await seedArticle();
    const writer = await returningCommenter(article.slug);
    for (let i = 0; i < 3; i++) await post(article.slug, writer(`Filler ${i}`));
    // The article feeds show each article's comment count.
    const shown = [`/articles/${article.slug}`, `/articles/${article.slug}?cpage=1`, `/articles/${article.slug}/feed.json`, "/comments/feed.json", "/feed.xml"];
    const untouched = [`/articles/${other.slug}`, `/articles/${other.slug}/feed.json`, "/"];
    for (const path of [...shown, ...untouched]) await edge.fetch(path);
    await resetPurgeBudget();
    await post(article.slug, writer("A new approved comment"));
    for (const path of shown) expect(edge.storedKeys(), path).not.toContain(path);
    for (const path of untouched) expect(edge.storedKeys(), path).toContain(path);
    expect(await (await edge.fetch(`/articles/${article.slug}`)).text()).toContain("A new approved comment");
  });

  it("let a commenter read their own comment next: the purge makes it a miss, and the miss reads their write", async () => {
    const article = await seedArticle();
    const writer = await returningCommenter(article.slug);
    expect((await edge.fetch(`/articles/${article.slug}?cpage=1`)).headers.get("CF-Cache-Status")).toBe("MISS");
    expect((await edge.fetch(`/articles/${article.slug}?cpage=1`)).headers.get("CF-Cache-Status")).toBe("HIT");
    await resetPurgeBudget();
    const posted = await postForm(article.slug, writer("Can I see this at once?"));
    expect(posted.status).toBe(303);
    const location = posted.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/articles/${article.slug}\\?cpage=1#comment-\\d+$`));
    // Cookies don't matter to the cache (they are not in the key); the purge does.
    const next = await edge.fetch(location.split("#")[0]!, { headers: { Cookie: "reader=returning" } });
    expect(next.headers.get("CF-Cache-Status")).toBe("MISS");
    expect(parseDocument(await next.text()).querySelector(`#${location.split("#")[1]}`)!.textContent).toContain("Can I see this at once?");
  });

  it("are coalesced once the budget is spent: later writes wait and go out together in one purge", async () => {
    const slugs = [];
    for (let i = 0; i < PURGE_BURST + 2; i++) slugs.push((await seedArticle()).slug);
    const writers = await Promise.all(slugs.map((slug) => returningCommenter(slug)));
    await resetPurgeBudget();
    const before = edge.purges.length;
    const locations = [];
    for (const [i, slug] of slugs.entries()) locations.push((await postForm(slug, writers[i]!(`Comment ${i}`))).headers.get("Location")!);
    expect(edge.purges.length - before).toBe(PURGE_BURST);
    // The writers past the budget are sent to their own, uncached view of the page: they still see their comment.
    for (const location of locations.slice(PURGE_BURST)) {
      expect(location).toMatch(/\?cpage=1&unapproved=\d+&moderation-hash=[0-9a-f]{32}#comment-\d+$/);
      const own = await edge.fetch(location.split("#")[0]!);
      expect(own.headers.get("Cache-Control")).toBe("private, no-store");
      expect(await own.text()).toContain(`Comment ${locations.indexOf(location)}`);
    }
    const waiting = [...(await Promise.all(slugs.slice(PURGE_BURST).map(idOf))).map(articleTag), COMMENTS_TAG].sort();
    expect([...(await waitingTags())].sort()).toEqual(waiting);

    // When the next purge may go out, the coordinator calls the Worker back, which purges everything waiting at once.
    await earnOnePurge();
    const flush = await flushWaitingPurges();
    expect(flush.status).toBe(204);
    expect(purgedTagSets(before + PURGE_BURST)).toEqual([waiting]);
    expect(await waitingTags()).toEqual([]);
  });

  it("refused by Cloudflare are logged, and their tags wait for the next purge", async () => {
    const article = await seedArticle();
    const writer = await returningCommenter(article.slug);
    await resetPurgeBudget();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    edge.refuseNextPurges(1);
    const posted = await postForm(article.slug, writer("Refused purge"));
    expect(posted.headers.get("Location")).toContain("unapproved=");
    expect(warn.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual({ event: "purge_refused", tags: 2, errors: [1134] });
    expect([...(await waitingTags())].sort()).toEqual([articleTag(await idOf(article.slug)), COMMENTS_TAG].sort());
  });

  it("waiting for the budget are flushed by the coordinator's alarm, through the Worker", async () => {
    const article = await seedArticle();
    const writer = await returningCommenter(article.slug);
    await runInDurableObject(coordinator(), (_, state) =>
      state.storage.put("budget", { tokens: 0, updatedAt: Date.now(), waiting: [], echo: [], echoAt: null }),
    );
    await post(article.slug, writer("Waits for the alarm"));
    expect(await waitingTags()).not.toEqual([]);
    await earnOnePurge();
    expect(await runDurableObjectAlarm(coordinator())).toBe(true);
    expect(await waitingTags()).toEqual([]);
  });

  it("purge everything at once when more tags wait than one call may name", async () => {
    const waiting = Array.from({ length: MAX_TAGS_PER_PURGE + 1 }, (_, i) => articleTag(i + 1));
    await runInDurableObject(coordinator(), (_, state) => state.storage.put("budget", { tokens: 1, updatedAt: Date.now(), waiting, echo: [], echoAt: null }));
    await edge.fetch("/");
    const flush = await flushWaitingPurges();
    expect(flush.status).toBe(204);
    expect(edge.purges.at(-1)).toEqual({ purgeEverything: true });
    expect(edge.storedKeys()).toEqual([]);
  });

  it("go out once more a little later, for a miss that was running when the first went out", async () => {
    const article = await seedArticle();
    const writer = await returningCommenter(article.slug);
    await resetPurgeBudget();
    const before = edge.purges.length;
    await post(article.slug, writer("Echoed"));
    const tags = [articleTag(await idOf(article.slug)), COMMENTS_TAG].sort();
    expect(purgedTagSets(before)).toEqual([tags]);
    // A miss that read the page before the write stores it after the purge.
    await runInDurableObject(coordinator(), async (_, state) => {
      const budget = (await state.storage.get<PurgeBudget>("budget"))!;
      await state.storage.put("budget", { ...budget, echoAt: Date.now() - 1 });
    });
    await flushWaitingPurges();
    expect(purgedTagSets(before)).toEqual([tags, tags]);
    await flushWaitingPurges();
    expect(edge.purges.length - before).toBe(2);
  });

  it("ignore a flush request without the Worker's own token", async () => {
    const response = await edge.fetch(FLUSH_PATH, { method: "POST", headers: { [FLUSH_HEADER]: "guess" } });
    expect(response.status).toBe(404);
  });
});

/** D1 with a replica that lags: queries in a session (which may be served by a replica) see the state when `lag()` was called. */
function laggingReplica() {
  const answers = new Map<string, unknown>();
  let lagging = false;
  const keyOf = (sql: string, params: unknown[]) => JSON.stringify([sql, params]);
  const session = (target: D1Database | D1DatabaseSession, replica: boolean) => {
    const statement = (sql: string, params: unknown[] = []) => {
      const real = () => target.prepare(sql).bind(...params);
      const answer = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
        const key = keyOf(`${method}:${sql}`, params);
        if (replica && lagging && answers.has(key)) return answers.get(key) as T;
        const result = await run();
        if (!lagging) answers.set(key, result);
        return result;
      };
      return {
        sql,
        params,
        real,
        bind: (...values: unknown[]) => statement(sql, values),
        all: () => answer("all", () => real().all()),
        first: (column?: string) => answer("first", () => (column === undefined ? real().first() : real().first(column))),
        run: () => real().run(),
        raw: () => answer("raw", () => real().raw()),
      };
    };
    return {
      prepare: (sql: string) => statement(sql),
      batch: async (statements: ReturnType<typeof statement>[]) => {
        const key = keyOf(
          "batch",
          statements.map((s) => [s.sql, s.params]),
        );
        if (replica && lagging && answers.has(key)) return answers.get(key);
        const results = await target.batch(statements.map((s) => s.real()));
        if (!lagging) answers.set(key, results);
        return results;
      },
    };
  };
  return {
    binding: {
      ...session(env.DB, false),
      // Without a session, D1 queries the primary.
      withSession: (constraint?: string) => session(env.DB.withSession(constraint), true),
    },
    /** From now on, the replica stops applying writes. */
    lag() {
      lagging = true;
    },
  };
}

describe("a lagging D1 replica", () => {
  it("never puts a page older than the purge back into the cache: misses read from the primary", async () => {
    const article = await seedArticle();
    const writer = await returningCommenter(article.slug);
    const replica = laggingReplica();
    const path = `/articles/${article.slug}`;
    await edge.fetch(path, {}, { DB: replica.binding });
    replica.lag();
    await resetPurgeBudget();
    await postForm(article.slug, writer("Written after the replica fell behind"), {});
    const afterPurge = await edge.fetch(path, {}, { DB: replica.binding });
    expect(afterPurge.headers.get("CF-Cache-Status")).toBe("MISS");
    expect(await afterPurge.text()).toContain("Written after the replica fell behind");
    expect(await (await edge.fetch(path, {}, { DB: replica.binding })).text()).toContain("Written after the replica fell behind");
  });
});

/** D1 that is down: every query fails. */
function brokenD1() {
  const outage = () => {
    throw new Error("D1_ERROR: no such database (outage)");
  };
  return { prepare: outage, batch: async () => outage() };
}

describe("the desk, the discussion and notifications behind Workers Cache", () => {
  const expectPublic = (response: Response, what: string, tags: string[]) => {
    expect(response.headers.get("Cache-Control"), what).toMatch(/^public, /);
    expect(response.headers.get("Cloudflare-CDN-Cache-Control"), what).toMatch(/^public, max-age=\d+/);
    expect(response.headers.get("Cache-Tag"), what).toBe(tags.length > 0 ? tags.join(",") : null);
  };

  it("keeps a stored image for a year, untagged; a not-found image key is tagged with its key, and storing the image purges it", async () => {
    const key = await mediaKey(IMAGES.png, "image/png");
    const missing = await edge.run(new Request(`${SITE_URL}/media/${key}`));
    expect(missing.status).toBe(404);
    expectPublic(missing, "a missing image", [mediaTag(key)]);
    expect((await edge.fetch(`/media/${key}`)).status).toBe(404);
    expect((await edge.fetch(`/media/${key}`)).headers.get("CF-Cache-Status")).toBe("HIT");

    const form = new FormData();
    form.set("file", imageFile(IMAGES.png, "chart.png"));
    form.set("alt", "A chart");
    const before = edge.purges.length;
    expect((await admin("/media", { method: "POST", body: form })).status).toBe(201);
    expect(purgedTagSets(before)).toEqual([[mediaTag(key)]]);
    const stored = await edge.run(new Request(`${SITE_URL}/media/${key}`));
    expect(stored.status).toBe(200);
    expect(stored.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(stored.headers.get("Cloudflare-CDN-Cache-Control")).toMatch(/^public, max-age=31536000, /);
    expect(stored.headers.get("Cache-Tag")).toBeNull();
    expect((await edge.fetch(`/media/${key}`)).status).toBe(200);
    expect((await edge.fetch(`/media/${key}`)).headers.get("CF-Cache-Status")).toBe("HIT");
  });

  it("answers a draft's address not found until it is published, which purges that answer", async () => {
    const slug = `desk-draft-${crypto.randomUUID().slice(0, 8)}`;
    const before = edge.purges.length;
    expect((await admin(`/articles/${slug}`, { method: "PUT", json: { title: "Not yet", body: "Draft.", status: "draft" } })).status).toBe(201);
    expect(edge.purges.length, "a draft purges nothing").toBe(before);
    const draft = await edge.run(new Request(`${SITE_URL}/articles/${slug}`));
    expect(draft.status).toBe(404);
    expectPublic(draft, "a draft's page", [ARTICLES_TAG]);
    expect(draft.headers.get("Cloudflare-CDN-Cache-Control")).toMatch(/max-age=60,/);
    await edge.fetch(`/articles/${slug}`);
    expect((await edge.fetch(`/articles/${slug}`)).headers.get("CF-Cache-Status")).toBe("HIT");

    await resetPurgeBudget();
    expect((await admin(`/articles/${slug}`, { method: "PATCH", json: { status: "published" } })).status).toBe(200);
    const id = await idOf(slug);
    expect(purgedTagSets(before)).toEqual([[articleTag(id), ARTICLES_TAG, COMMENTS_TAG].sort()]);
    expect((await edge.fetch(`/articles/${slug}`)).status).toBe(200);
  });

  it("purges an article for every desk change readers see: its text, its featured image, its slug (the old one redirects, tagged), taking it down", async () => {
    const slug = `desk-${crypto.randomUUID().slice(0, 8)}`;
    await admin(`/articles/${slug}`, { method: "PUT", json: { title: "On the desk", body: "Body." } });
    const id = await idOf(slug);
    const form = new FormData();
    form.set("file", imageFile(IMAGES.jpeg, "photo.jpg"));
    form.set("alt", "A photo");
    const { media } = await (await admin("/media", { method: "POST", body: form })).json<{ media: { url: string } }>();
    const articleTags = [articleTag(id), ARTICLES_TAG, COMMENTS_TAG, ARCHIVES_TAG].sort();
    const change = async (what: string, json: Record<string, unknown>, at = slug) => {
      await resetPurgeBudget();
      const before = edge.purges.length;
      expect((await admin(`/articles/${at}`, { method: "PATCH", json })).status, what).toBe(200);
      expect(purgedTagSets(before), what).toEqual([articleTags]);
    };
    await change("its text", { body: "A new body." });
    await change("its featured image", { featuredImage: media.url });
    const moved = `${slug}-moved`;
    await change("its slug", { slug: moved });

    const redirect = await edge.run(new Request(`${SITE_URL}/articles/${slug}`));
    expect([redirect.status, redirect.headers.get("Location")]).toEqual([301, `/articles/${moved}`]);
    expectPublic(redirect, "a former slug's redirect", [articleTag(id), ARTICLES_TAG]);
    expect(redirect.headers.get("Cache-Control")).toBe("public, max-age=300, s-maxage=300");
    await edge.fetch(`/articles/${slug}`);
    expect((await edge.fetch(`/articles/${slug}`)).headers.get("CF-Cache-Status")).toBe("HIT");
    // Moved again: the kept redirect goes with the article's purge, and the old address follows it.
    const again = `${slug}-again`;
    await change("its slug again", { slug: again }, moved);
    expect((await edge.fetch(`/articles/${slug}`)).headers.get("Location")).toBe(`/articles/${again}`);

    await resetPurgeBudget();
    const before = edge.purges.length;
    expect((await admin(`/articles/${again}`, { method: "DELETE" })).status).toBe(204);
    expect(purgedTagSets(before)).toEqual([articleTags]);
    expect((await edge.fetch(`/articles/${again}`)).status).toBe(404);
  });

  it("purges an article's pages when its comments are closed, which then say so, with no form", async () => {
    const article = await seedArticle();
    const id = await idOf(article.slug);
    await edge.fetch(`/articles/${article.slug}`);
    await resetPurgeBudget();
    const before = edge.purges.length;
    expect((await admin(`/articles/${article.slug}`, { method: "PATCH", json: { commentStatus: "closed" } })).status).toBe(200);
    expect(purgedTagSets(before)).toEqual([[articleTag(id)]]);
    const closed = await edge.fetch(`/articles/${article.slug}`);
    expect(closed.headers.get("CF-Cache-Status")).toBe("MISS");
    const document = parseDocument(await closed.text());
    expect(document.querySelector("#respond")!.textContent).toBe("Comments are closed.");
    expect(document.querySelector("form.comment-form, form[action$='/comments']")).toBeNull();
  });

  it("keeps an article page no longer than until its comments close with age, stale copies included", async () => {
    const inSeconds = 100;
    const article = await seedArticle(draftArticle({ publishedAt: new Date(Date.now() - 86_400_000 + inSeconds * 1000) }));
    expect((await admin("/settings", { method: "PATCH", json: { closeCommentsAfterDays: 1 } })).status).toBe(200);
    try {
      const open = await edge.run(new Request(`${SITE_URL}/articles/${article.slug}`));
      expect(parseDocument(await open.text()).querySelector("form[action$='/comments']")).not.toBeNull();
      const [, seconds] = /max-age=(\d+), stale-while-revalidate=0, stale-if-error=0$/.exec(open.headers.get("Cloudflare-CDN-Cache-Control")!)!;
      expect(Number(seconds)).toBeLessThanOrEqual(inSeconds);
      expect(Number(seconds)).toBeGreaterThan(inSeconds - 10);
    } finally {
      await admin("/settings", { method: "PATCH", json: { closeCommentsAfterDays: 0 } });
    }
  });

  it("purges every article page when a discussion setting they follow changes, and nothing for the others", async () => {
    const setting = async (json: Record<string, unknown>, tags: string[][]) => {
      await resetPurgeBudget();
      const before = edge.purges.length;
      expect((await admin("/settings", { method: "PATCH", json })).status).toBe(200);
      expect(purgedTagSets(before), JSON.stringify(json)).toEqual(tags);
    };
    await setting({ commentOrder: "newest-first" }, [[ARTICLE_PAGES_TAG]]);
    await setting({ commentOrder: "newest-first", maxLinks: 5, threadDepth: 4, commentsPerPage: 30 }, []);
    await setting({ commentOrder: "oldest-first", defaultCommentsPage: "oldest" }, [[ARTICLE_PAGES_TAG]]);
    await setting({ defaultCommentsPage: "newest", maxLinks: 2, threadDepth: 5, commentsPerPage: 50 }, [[ARTICLE_PAGES_TAG]]);
  });

  it("purges what bulk moderation and an owner's email link change; blocking or trusting a commenter changes nothing readers see", async () => {
    const article = await seedArticle();
    const id = await idOf(article.slug);
    const held = await Promise.all([post(article.slug), post(article.slug), post(article.slug)]);
    const [first, second, third] = await Promise.all(held.map(async (response) => (await response.json<CreatedComment>()).comment.id));
    const commentTags = [articleTag(id), COMMENTS_TAG, ARCHIVES_TAG].sort();

    await resetPurgeBudget();
    let before = edge.purges.length;
    expect((await admin("/comments/bulk", { method: "POST", json: { ids: [first, second], status: "approved" } })).status).toBe(200);
    expect(purgedTagSets(before)).toEqual([commentTags]);

    await resetPurgeBudget();
    before = edge.purges.length;
    expect((await admin(`/comments/${third}/block`, { method: "POST" })).status).toBe(200);
    expect((await admin(`/comments/${first}/trust`, { method: "POST" })).status).toBe(200);
    expect(edge.purges.length).toBe(before);

    const [approve] = await moderationUrls(env.HASH_KEY, SITE_URL, third!, true, new Date());
    const link = new URL(approve![1]);
    expect((await edge.fetch(`${link.pathname}${link.search}`, { method: "POST" })).status).toBe(200);
    expect(purgedTagSets(before)).toEqual([commentTags]);
  });

  it("never lets the edge keep a notification link's page, whatever it answers", async () => {
    const comment = (await (await post((await seedArticle()).slug)).json<CreatedComment>()).comment;
    const [approve] = await moderationUrls(env.HASH_KEY, SITE_URL, comment.id, true, new Date());
    const link = new URL(approve![1]);
    for (const path of [`${link.pathname}${link.search}`, "/notifications/confirm?t=forged", "/notifications/unsubscribe"]) {
      const response = await edge.fetch(path);
      await response.arrayBuffer();
      expect(response.headers.get("Cache-Control"), path).toBe("private, no-store");
      expect(response.headers.get("CF-Cache-Status"), path).toBe("BYPASS");
    }
  });
});

describe("sections, tags and feed archives behind Workers Cache", () => {
  it("purges the sections and tags an article leaves and joins, and nothing of the others", async () => {
    const slug = `termed-${crypto.randomUUID().slice(0, 8)}`;
    expect((await admin(`/articles/${slug}`, { method: "PUT", json: { title: "Termed", body: "Body.", section: "Before", tags: ["Kept"] } })).status).toBe(201);
    const id = await idOf(slug);
    for (const path of ["/sections/before", "/tags/kept", "/sections/other-desk"]) await edge.fetch(path);
    await resetPurgeBudget();
    const before = edge.purges.length;
    expect((await admin(`/articles/${slug}`, { method: "PATCH", json: { section: "After" } })).status).toBe(200);
    const terms = [
      termTag({ taxonomy: "section", slug: "before" }),
      termTag({ taxonomy: "tag", slug: "kept" }),
      termTag({ taxonomy: "section", slug: "after" }),
    ];
    expect(purgedTagSets(before)).toEqual([[articleTag(id), ARTICLES_TAG, COMMENTS_TAG, ARCHIVES_TAG, ...terms].sort()]);
    expect(await (await edge.fetch("/sections/before")).text()).not.toContain(`/articles/${slug}`);
    expect(await (await edge.fetch("/sections/after")).text()).toContain(`/articles/${slug}`);
  });

  it("keeps a complete archive page for good in browsers and long at the edge, tagged: comments as posted leave it, moderation purges it", async () => {
    const article = await seedArticle();
    const id = await idOf(article.slug);
    // One complete archive page (50 comments), written as an import would.
    await db().batch(
      Array.from({ length: 50 }, (_, i) =>
        db()
          .insert(comments)
          .values({
            guid: crypto.randomUUID(),
            articleId: id,
            author: `Archived ${i}`,
            emailEncrypted: "",
            emailHash: `none:${crypto.randomUUID()}`,
            body: `Archived ${i}`,
            bodyHtml: `<p>Archived ${i}</p>`,
            bodyHash: crypto.randomUUID(),
            status: "approved",
            createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
            updatedAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
          }),
      ) as [never],
    );
    await settleImport(db());
    // (Approving the returning commenter's first comment is moderation: done before the page is kept.)
    const writer = await returningCommenter(article.slug);
    const path = `/articles/${article.slug}/feed.xml?page=1`;
    const fresh = await edge.run(new Request(new URL(path, SITE_URL)));
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable, s-maxage=604800");
    expect(fresh.headers.get("Cloudflare-CDN-Cache-Control")).toBe("public, max-age=604800, stale-while-revalidate=60, stale-if-error=86400");
    expect(fresh.headers.get("Cache-Tag")).toBe(ARCHIVES_TAG);
    await edge.fetch(path);
    expect((await edge.fetch(path)).headers.get("CF-Cache-Status")).toBe("HIT");

    await resetPurgeBudget();
    await post(article.slug, writer("The newest"));
    expect((await edge.fetch(path)).headers.get("CF-Cache-Status")).toBe("HIT");

    const [oldest] = await db().select({ id: comments.id }).from(comments).where(eq(comments.author, "Archived 0"));
    await resetPurgeBudget();
    expect((await admin(`/comments/${oldest!.id}`, { method: "PATCH", json: { status: "trash" } })).status).toBe(200);
    const after = await edge.fetch(path);
    expect(after.headers.get("CF-Cache-Status")).toBe("MISS");
    expect(await after.text()).not.toContain("Archived 0<");
  });
});

describe("when D1 is down", () => {
  it("the edge serves its stale copy, but never one a purge removed (an erased commenter stays erased)", async () => {
    const article = await seedArticle();
    const email = `erase.me.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const { comment } = await (await post(article.slug, newComment({ author: "Erasable Name", email }))).json<CreatedComment>();
    await admin(`/comments/${comment.id}`, { method: "PATCH", json: { status: "approved" } });
    const path = `/articles/${article.slug}`;
    expect(await (await edge.fetch(path)).text()).toContain("Erasable Name");

    edge.advance(3600); // the fresh copy has expired
    const stale = await edge.fetch(path, {}, { DB: brokenD1() });
    expect(stale.headers.get("CF-Cache-Status")).toBe("STALE");

    await resetPurgeBudget();
    expect((await admin("/commenters/erase", { method: "POST", json: { email } })).status).toBe(200);
    const afterErasure = await edge.fetch(path, {}, { DB: brokenD1() });
    expect(afterErasure.status).toBe(503);
    expect(await afterErasure.text()).not.toContain("Erasable Name");
  });
});

describe("canonical URLs", () => {
  it.each([
    ["?cpage=01", "?cpage=1"],
    ["?cpage=1&utm_source=x", "?cpage=1"],
    ["?replyto=5&cpage=2", "?cpage=2&replyto=5"],
    ["?cpage=0", ""],
    ["?cpage=abc&replyto=-1", ""],
    ["?cpage=2&cpage=3", "?cpage=2"],
  ])("an article page at %s is redirected (301) to %s", async (query, canonical) => {
    const article = await seedArticle();
    const response = await edge.fetch(`/articles/${article.slug}${query}`);
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe(`/articles/${article.slug}${canonical}`);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=86400, s-maxage=86400");
  });

  it("redirects a percent-encoded slug, and query strings on feeds and the front page", async () => {
    const article = await seedArticle();
    const encoded = `/articles/${article.slug.replace(/-/g, "%2D")}`;
    for (const [from, to] of [
      [encoded, `/articles/${article.slug}`],
      [`${encoded}/feed.json`, `/articles/${article.slug}/feed.json`],
      ["/feed.xml?x=1", "/feed.xml"],
      ["/comments/feed.atom?utm_medium=rss", "/comments/feed.atom"],
      ["/?utm_source=x", "/"],
    ]) {
      const response = await edge.fetch(from!);
      expect([response.status, response.headers.get("Location")], from).toEqual([301, to]);
    }
  });

  it("keeps the canonical page cached under one key, which the article's purge reaches", async () => {
    const article = await seedArticle();
    const writer = await returningCommenter(article.slug);
    await edge.fetch(`/articles/${article.slug}?cpage=01`);
    await edge.fetch(`/articles/${article.slug}?cpage=1`);
    await resetPurgeBudget();
    await post(article.slug, writer("After the redirect"));
    expect(await (await edge.fetch(`/articles/${article.slug}?cpage=1`)).text()).toContain("After the redirect");
  });
});
