import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { articles, comments } from "../../src/db/schema.ts";
import { issueFormToken } from "../../src/services/form-token.ts";
import {
  type CreatedComment,
  db,
  fetchWorker,
  formTokenIssued,
  newComment,
  nextClientIp,
  ORIGIN,
  postComment,
  postForm,
  sameIsolate,
  seedArticle,
} from "../helpers.ts";

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function storedFor(articleSlug: string) {
  return db()
    .select({ id: comments.id, status: comments.status, body: comments.body, createdAt: comments.createdAt })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(eq(articles.slug, articleSlug));
}

/** The app with some settings changed, as a site owner would in wrangler.toml. */
function withEnv(overrides: Partial<Record<string, unknown>>) {
  return (path: string, init: RequestInit) => sameIsolate.request(path, init, { ...env, ...overrides });
}

function jsonPost(payload: unknown, ip: string, extraHeaders: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip, ...extraHeaders },
    body: JSON.stringify(payload),
  };
}

describe("the burst limit at the edge (5 posts per 60 s per client)", () => {
  it("answers the 6th post from one client with 429 and Retry-After, while another client still posts", async () => {
    const article = await seedArticle();
    const ip = nextClientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postComment(article.slug, newComment(), { ip })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);

    const refused = await postComment(article.slug, newComment(), { ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });

    expect((await postComment(article.slug, newComment(), { ip: nextClientIp() })).status).toBe(201);
    expect(await storedFor(article.slug)).toHaveLength(6);
  });

  it("counts refused and invalid posts too, before reading the body", async () => {
    const ip = nextClientIp();
    for (let i = 0; i < 5; i++) await postComment(slug, { nonsense: true }, { ip });
    const response = await fetchWorker(`/api/articles/${slug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
      body: "{ not even json",
    });
    expect(response.status).toBe(429);
  });

  it("ignores forgeable forwarding headers", async () => {
    const ip = nextClientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const headers = { "X-Forwarded-For": `10.0.0.${i}`, "X-Real-IP": `10.1.0.${i}`, "True-Client-IP": `10.2.0.${i}` };
      statuses.push((await postComment(slug, newComment(), { ip, headers })).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it("buckets IPv6 clients by their /64", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await postComment(slug, newComment(), { ip: `${prefix}::${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it("shows a friendly HTML page to a form poster", async () => {
    const ip = nextClientIp();
    for (let i = 0; i < 5; i++) await postForm(slug, { ...(newComment() as Record<string, string>) }, { ip });
    const response = await postForm(slug, { ...(newComment() as Record<string, string>) }, { ip });
    expect(response.status).toBe(429);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Retry-After")).toBe("60");
    expect(await response.text()).toContain("posting too quickly");
  });

  it("fails closed (503) when the binding fails, leaving reads alone", async () => {
    const broken = withEnv({
      COMMENT_RATE_LIMITER: {
        limit: () => {
          throw new Error("rate limiter unavailable");
        },
      },
    });
    const write = await broken(`/api/articles/${slug}/comments`, jsonPost(newComment(), nextClientIp()));
    expect(write.status).toBe(503);
    expect(write.headers.get("Retry-After")).toBe("30");
    expect(await write.json()).toMatchObject({ error: { code: "unavailable" } });
    expect((await broken(`/articles/${slug}`, {})).status).toBe(200);
    expect((await broken(`/api/articles/${slug}/comments`, {})).status).toBe(200);
  });
});

describe("concurrent posts", () => {
  it("answers 50 simultaneous posts from distinct clients with 201 or 4xx, storing each 201 exactly once", async () => {
    const article = await seedArticle();
    const payloads = Array.from({ length: 50 }, (_, i) => newComment(i % 10 === 9 ? { email: "bad" } : {}));
    const responses = await Promise.all(payloads.map((payload) => postComment(article.slug, payload)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || (status >= 400 && status < 500))).toBe(true);
    const created = await Promise.all(responses.filter((r) => r.status === 201).map((r) => r.json<CreatedComment>()));
    expect(created).toHaveLength(45);
    const stored = await storedFor(article.slug);
    expect(stored.map((row) => row.id).sort()).toEqual(created.map((c) => c.comment.id).sort());
  });

  it("stores a double submission once even when both arrive together", async () => {
    const article = await seedArticle();
    const payload = newComment();
    const ip = nextClientIp(); // one browser, the button pressed three times
    const responses = await Promise.all([1, 2, 3].map(() => postComment(article.slug, payload, { ip })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await storedFor(article.slug)).toHaveLength(1);
  });
});

describe("the flood interval (one comment per 15 s per commenter or client, across locations)", () => {
  const flooding = withEnv({ COMMENT_FLOOD_SECONDS: "15" });

  it("refuses a second comment from the same email via another client, then accepts it after the interval", async () => {
    const article = await seedArticle();
    const commenter = newComment();
    expect((await flooding(`/api/articles/${article.slug}/comments`, jsonPost(commenter, nextClientIp()))).status).toBe(201);

    const second = { ...commenter, body: "A follow-up thought." };
    const refused = await flooding(`/api/articles/${article.slug}/comments`, jsonPost(second, nextClientIp()));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(15);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(await storedFor(article.slug)).toHaveLength(1);

    // Let the interval pass by moving the first comment back in time.
    await db()
      .update(comments)
      .set({ createdAt: new Date(Date.now() - 16_000) })
      .where(eq(comments.articleId, await articleId(article.slug)));
    expect((await flooding(`/api/articles/${article.slug}/comments`, jsonPost(second, nextClientIp()))).status).toBe(201);
  });

  it("refuses a second comment from the same client under another email", async () => {
    const article = await seedArticle();
    const ip = nextClientIp();
    expect((await flooding(`/api/articles/${article.slug}/comments`, jsonPost(newComment(), ip))).status).toBe(201);
    expect((await flooding(`/api/articles/${article.slug}/comments`, jsonPost(newComment(), ip))).status).toBe(429);
  });

  it("tells the client that sent a comment it's a duplicate (409), and anyone else only that they're too quick", async () => {
    const article = await seedArticle();
    const payload = newComment();
    const ip = nextClientIp();
    expect((await flooding(`/api/articles/${article.slug}/comments`, jsonPost(payload, ip))).status).toBe(201);
    expect((await flooding(`/api/articles/${article.slug}/comments`, jsonPost(payload, ip))).status).toBe(409);
    expect((await flooding(`/api/articles/${article.slug}/comments`, jsonPost(payload, nextClientIp()))).status).toBe(429);
  });

  it("holds even when two posts race past the first check", async () => {
    const article = await seedArticle();
    const email = `racer.${crypto.randomUUID()}@example.com`;
    const responses = await Promise.all(
      [1, 2, 3, 4].map((n) => flooding(`/api/articles/${article.slug}/comments`, jsonPost(newComment({ email, body: `Race ${n}` }), nextClientIp()))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 429, 429, 429]);
    expect(await storedFor(article.slug)).toHaveLength(1);
  });
});

async function articleId(articleSlug: string) {
  return (await db().select({ id: articles.id }).from(articles).where(eq(articles.slug, articleSlug)))[0]!.id;
}

describe("cross-site form posts", () => {
  it.each([
    ["a foreign Origin", { Origin: "https://evil.example" }],
    ["Origin null", { Origin: "null" }],
    ["a foreign Referer and no Origin", { Referer: "https://evil.example/page" }],
    ["neither Origin nor Referer", {}],
  ])("are refused with 403 for %s, storing nothing", async (_, headers) => {
    const article = await seedArticle();
    const response = await postForm(article.slug, newComment() as Record<string, string>, { headers });
    expect(response.status).toBe(403);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await storedFor(article.slug)).toHaveLength(0);
  });

  it("don't spend the reader's burst quota, nor do posts of the wrong media type", async () => {
    const article = await seedArticle();
    const ip = nextClientIp();
    for (let i = 0; i < 8; i++) {
      expect((await postForm(article.slug, newComment() as Record<string, string>, { ip, headers: { Origin: "https://evil.example" } })).status).toBe(403);
      const mistyped = await fetchWorker(`/api/articles/${article.slug}/comments`, {
        method: "POST",
        headers: { "Content-Type": "text/plain", "CF-Connecting-IP": ip },
        body: "{}",
      });
      expect(mistyped.status).toBe(415);
    }
    expect((await postForm(article.slug, newComment() as Record<string, string>, { ip })).status).toBe(303);
  });

  it("are accepted with a same-origin Referer when the browser sends no Origin", async () => {
    const article = await seedArticle();
    const response = await postForm(article.slug, newComment() as Record<string, string>, { headers: { Referer: `${ORIGIN}/articles/${article.slug}` } });
    expect(response.status).toBe(303);
  });
});

describe("the signed form token (minimum fill time)", () => {
  async function postedStatus(articleSlug: string, formToken: string | undefined) {
    const fields = newComment() as Record<string, string>;
    const response = await postForm(articleSlug, formToken === undefined ? fields : { ...fields, formToken });
    expect(response.status).toBe(303); // answered as if held, whatever the verdict
    expect(response.headers.get("Location")).toContain("unapproved=");
    const [row] = await db().select({ status: comments.status }).from(comments).where(eq(comments.body, fields.body!));
    return row!.status;
  }

  it("files as spam a form sent under 3 s after render, with a forged or stale token, or none", async () => {
    const { slug: articleSlug } = await seedArticle();
    expect(await postedStatus(articleSlug, await formTokenIssued(articleSlug, 30))).toBe("pending");
    expect(await postedStatus(articleSlug, await formTokenIssued(articleSlug, 1))).toBe("spam");
    expect(await postedStatus(articleSlug, await formTokenIssued(articleSlug, 25 * 3600))).toBe("spam");
    expect(await postedStatus(articleSlug, await issueFormToken("another-key", articleSlug, new Date(Date.now() - 30_000)))).toBe("spam");
    expect(await postedStatus(articleSlug, await formTokenIssued("some-other-article", 30))).toBe("spam");
    expect(await postedStatus(articleSlug, "")).toBe("spam");
  });

  it("is rendered in the form without defeating the page's ETag", async () => {
    const first = await fetchWorker(`/articles/${slug}`);
    const token = /name="formToken" value="(\d+\.[0-9a-f]{32})"/.exec(await first.text())![1];
    expect(token).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await fetchWorker(`/articles/${slug}`, { headers: { "If-None-Match": first.headers.get("ETag")! } });
    expect(second.status).toBe(304);
  });
});

describe("Turnstile, when configured", () => {
  const protectedApp = withEnv({ TURNSTILE_SITE_KEY: "0x4AAAAAAAtestsitekey", TURNSTILE_SECRET_KEY: "turnstile-secret" });

  /** Siteverify as Cloudflare answers it: for a token solved on `hostname`'s comment form, unless told otherwise. */
  function mockSiteverify(success: boolean, answer: { hostname?: string; action?: string } = {}) {
    return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== "https://challenges.cloudflare.com/turnstile/v0/siteverify") throw new Error(`unexpected fetch ${url}`);
      const form = init?.body as FormData;
      expect(form.get("secret")).toBe("turnstile-secret");
      return Response.json({ success: success && form.get("response") === "good-token", hostname: "localhost", action: "comment", ...answer });
    });
  }

  async function formPost(articleSlug: string, extra: Record<string, string>) {
    const body = new URLSearchParams({ ...(newComment() as Record<string, string>), formToken: await formTokenIssued(articleSlug), ...extra });
    return protectedApp(`/articles/${articleSlug}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost", "CF-Connecting-IP": nextClientIp() },
      body: body.toString(),
      redirect: "manual",
    });
  }

  it("renders the widget and allows its script in the CSP, besides the site's own by hash", async () => {
    // Straight to the app: no edge cache in front (its copy was filled without Turnstile).
    const response = await protectedApp(`/articles/${slug}`, {});
    const page = await response.text();
    expect(page).toContain('<div class="cf-turnstile" data-sitekey="0x4AAAAAAAtestsitekey" data-action="comment"></div>');
    expect(response.headers.get("Content-Security-Policy")).toMatch(/script-src 'sha256-[^']+' 'sha256-[^']+' https:\/\/challenges\.cloudflare\.com;/);
  });

  it("accepts a verified token", async () => {
    const siteverify = mockSiteverify(true);
    const response = await formPost(slug, { "cf-turnstile-response": "good-token" });
    expect(response.status).toBe(303);
    expect(siteverify).toHaveBeenCalledOnce();
  });

  it("refuses a rejected token with 403, storing nothing", async () => {
    mockSiteverify(false);
    const article = await seedArticle();
    const response = await formPost(article.slug, { "cf-turnstile-response": "bad-token" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("confirm you&#39;re a person");
    expect(await storedFor(article.slug)).toHaveLength(0);
  });

  it("refuses a missing token with 403 without asking Turnstile", async () => {
    const siteverify = mockSiteverify(true);
    const response = await formPost(slug, {});
    expect(response.status).toBe(403);
    expect(siteverify).not.toHaveBeenCalled();
  });

  it("guards the JSON API too, taking the token from a header", async () => {
    mockSiteverify(true);
    const ok = await protectedApp(`/api/articles/${slug}/comments`, jsonPost(newComment(), nextClientIp(), { "cf-turnstile-response": "good-token" }));
    expect(ok.status).toBe(201);
    const refused = await protectedApp(`/api/articles/${slug}/comments`, jsonPost(newComment(), nextClientIp()));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "turnstile_failed" } });
  });

  it("guards posts from other sites' pages, whose token is solved on that page's host", async () => {
    const page = `https://blog.example.com/turnstile-${crypto.randomUUID()}/`;
    const post = (ip: string) =>
      protectedApp(
        `/api/threads/${encodeURIComponent(page)}/comments`,
        jsonPost({ ...newComment(), pageUrl: page, pageTitle: "A page", "cf-turnstile-response": "good-token" }, ip),
      );
    mockSiteverify(true, { hostname: "blog.example.com" });
    expect((await post(nextClientIp())).status).toBe(201);
    vi.restoreAllMocks();
    // A token solved on our own pages doesn't count on theirs.
    mockSiteverify(true, { hostname: "localhost" });
    const refused = await post(nextClientIp());
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "turnstile_failed" } });
  });

  it.each<[{ hostname?: string; action?: string }, string]>([
    [{ hostname: "evil.example" }, "solved on another site"],
    [{ action: "login" }, "solved for another action"],
  ])("refuses a token %j (%s)", async (answer, _why) => {
    mockSiteverify(true, answer);
    expect((await formPost(slug, { "cf-turnstile-response": "good-token" })).status).toBe(403);
  });

  it("gives up on a slow siteverify after 3 seconds, refusing the post", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(
      (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );
    const started = Date.now();
    expect((await formPost(slug, { "cf-turnstile-response": "good-token" })).status).toBe(403);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
  });

  it("treats a siteverify outage as not verified", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("network down"));
    expect((await formPost(slug, { "cf-turnstile-response": "good-token" })).status).toBe(403);
  });
});
