import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PURGE_HEADER } from "../../src/http/edge-cache.ts";
import worker from "../../src/index.ts";
import { type CreatedComment, fetchWorker, newComment, nextClientIp, ORIGIN, postComment, seedArticle } from "../helpers.ts";
import { parseDocument } from "../parse-html.ts";

// The reader is the Worker under test; env.ADMIN is its service binding to the
// admin Worker, built from admin/wrangler.toml and running beside it.
afterEach(() => vi.restoreAllMocks());

const owner = () => ({ Authorization: `Bearer ${env.ADMIN_TOKEN}`, "CF-Connecting-IP": nextClientIp() });

/** A response's headers, as pairs. */
const headersOf = (response: Response) => [...response.headers];

/** The reader's entry point with changed bindings, as the runtime calls it. */
async function readerWith(bindings: Partial<Env>, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(new URL(path, ORIGIN), init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, ...bindings } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("the reader forwards the owner's paths to the admin Worker", () => {
  const signIn = () => ({
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": nextClientIp() },
    body: "token=not-the-token",
  });
  it.each<[string, () => RequestInit]>([
    ["/admin", () => ({})],
    ["/admin/", () => ({})],
    ["/admin/articles", () => ({})],
    ["/admin/no-such-page", () => ({})],
    ["/api/admin", () => ({ headers: owner() })],
    ["/api/admin/comments", () => ({ headers: { "CF-Connecting-IP": nextClientIp() } })],
    ["/api/admin/comments?limit=1", () => ({ headers: owner() })],
    ["/api/admin/comments/999999999", () => ({ method: "DELETE", headers: owner() })],
    ["/api/admin/settings", () => ({ method: "PATCH", headers: { ...owner(), "Content-Type": "application/json" }, body: '{"threadDepth":0}' })],
    ["/admin/session", signIn],
  ])("%s: the answer is the admin Worker's own, unchanged", async (path, init) => {
    const through = await fetchWorker(path, { ...init(), redirect: "manual" });
    const direct = await env.ADMIN.fetch(new Request(new URL(path, ORIGIN), { ...init(), redirect: "manual" }));
    expect(through.status).toBe(direct.status);
    expect(headersOf(through)).toEqual(headersOf(direct));
    expect(await through.text()).toBe(await direct.text());
  });

  it("keeps the sign-in's redirect and cookie for the browser", async () => {
    const response = await fetchWorker("/admin/session", {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": nextClientIp() },
      body: new URLSearchParams({ token: env.ADMIN_TOKEN, next: "/admin/settings" }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/admin/settings");
    expect(response.headers.get("Set-Cookie")).toMatch(/^wirepost_admin=/);
  });

  it("sends nothing else there: paths that only begin alike are the reader's", async () => {
    const calls: string[] = [];
    const ADMIN = {
      fetch: async (request: Request) => {
        calls.push(new URL(request.url).pathname);
        return new Response("admin");
      },
    } as unknown as Fetcher;
    for (const path of ["/administrator", "/admins", "/api/administer", "/api/admin-tools", "/articles/admin"]) {
      expect((await readerWith({ ADMIN }, path)).status, path).toBe(404);
    }
    expect(calls).toEqual([]);
    for (const path of ["/admin", "/admin/x/y", "/api/admin", "/api/admin/comments"]) await readerWith({ ADMIN }, path, { method: "PUT" });
    expect(calls).toEqual(["/admin", "/admin/x/y", "/api/admin", "/api/admin/comments"]);
    // Spelled with escapes, an owner's path is still the owner's (Hono routes it decoded), never a 503 from the reader.
    calls.length = 0;
    for (const path of ["/%61dmin", "/api/%61dmin/comments"]) expect((await readerWith({ ADMIN }, path)).status, path).toBe(200);
    expect(calls).toEqual(["/%61dmin", "/api/%61dmin/comments"]);
  });

  it("passes on no client's copy of the Workers' own headers, trusts only tags in the answer, and never lets it be cached", async () => {
    const forwarded: Headers[] = [];
    const ADMIN = {
      // As the runtime might answer for a Worker past its limits: no Cache-Control at all.
      fetch: async (request: Request) => {
        forwarded.push(request.headers);
        return new Response("busy", { status: 500, headers: { [PURGE_HEADER]: ",,bad tag,\u00e9t\u00e9" } });
      },
    } as unknown as Fetcher;
    const response = await readerWith({ ADMIN }, "/api/admin/comments", {
      method: "POST",
      headers: { [PURGE_HEADER]: "comments" },
    });
    expect(forwarded[0]!.has(PURGE_HEADER)).toBe(false);
    expect(response.status).toBe(500);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.has(PURGE_HEADER)).toBe(false);
  });
});

describe("purges of the admin Worker's writes", () => {
  it("come back to the reader with the answer, are made there, and never reach the client", async () => {
    const { slug } = await seedArticle();
    const held = async () => (await (await postComment(slug, newComment())).json<CreatedComment>()).comment;
    const [first, second] = [await held(), await held()];
    const shown = async () => [...parseDocument(await (await fetchWorker(`/articles/${slug}`)).text()).querySelectorAll(".comment-list li")].length;
    expect(await shown()).toBe(0); // and now kept by the reader's cache
    const approve = () => ({
      method: "PATCH",
      headers: { ...owner(), "Content-Type": "application/json" },
      body: JSON.stringify({ status: "approved" }),
    });

    // Asked directly, the admin Worker names what its write made stale: it can't purge the reader's cache itself.
    const direct = await env.ADMIN.fetch(new Request(`${ORIGIN}/api/admin/comments/${first.id}`, approve()));
    expect(direct.status).toBe(200);
    const tags = direct.headers.get(PURGE_HEADER)!.split(",");
    expect(tags).toContain("comments");
    expect(tags.some((tag) => tag.startsWith("article:"))).toBe(true);
    expect(await shown()).toBe(0);

    // Through the reader, the same is purged before the answer goes out, without the header.
    const through = await fetchWorker(`/api/admin/comments/${second.id}`, approve());
    expect(through.status).toBe(200);
    expect(through.headers.has(PURGE_HEADER)).toBe(false);
    expect(await shown()).toBe(2);
  });

  it("a read makes none", async () => {
    const direct = await env.ADMIN.fetch(new Request(`${ORIGIN}/api/admin/comments`, { headers: owner() }));
    expect(direct.status).toBe(200);
    expect(direct.headers.has(PURGE_HEADER)).toBe(false);
  });
});

describe("without the admin Worker", () => {
  it("answers the owner's paths 503 admin_disabled: JSON on the API, a page elsewhere, never stored", async () => {
    const api = await readerWith({ ADMIN: undefined }, "/api/admin/comments", { headers: owner() });
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({
      error: {
        code: "admin_disabled",
        message: "The admin side is off: this site runs without its admin Worker (the ADMIN service binding in wrangler.toml).",
      },
    });
    expect(api.headers.get("Cache-Control")).toBe("private, no-store");
    const write = await readerWith({ ADMIN: undefined }, "/api/admin/articles/x", { method: "PUT", headers: owner() });
    expect(write.status).toBe(503);
    const page = await readerWith({ ADMIN: undefined }, "/admin/articles");
    expect(page.status).toBe(503);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect(parseDocument(await page.text()).querySelector("main")!.textContent).toContain("The admin side is off");
  });

  it("answers 503 unavailable when the admin Worker fails, logging only that it did", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const ADMIN = { fetch: () => Promise.reject(new Error("the admin Worker threw")) } as unknown as Fetcher;
    const response = await readerWith({ ADMIN }, "/api/admin/comments", { headers: owner() });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toMatchObject({ error: { code: "unavailable" } });
    expect(logged).toHaveBeenCalledWith(JSON.stringify({ event: "admin_worker_failed", error: "Error" }));
  });

  it("still serves the public: pages, feeds, sitemaps, the embed API", async () => {
    const { slug } = await seedArticle();
    for (const path of [`/articles/${slug}`, "/feed.xml", `/articles/${slug}/feed.atom`, "/sitemap.xml", "/robots.txt", "/api/counts?thread=x"]) {
      expect((await readerWith({ ADMIN: undefined }, path)).status, path).toBe(200);
    }
    const preflight = await readerWith({ ADMIN: undefined }, "/api/threads/x/comments", {
      method: "OPTIONS",
      headers: { Origin: "https://blog.example.com", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("https://blog.example.com");
  });
});
