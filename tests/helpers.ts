import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import launchArticleText from "../content/us-pakistan-security-cooperation.txt?raw";
import { adminApp } from "../src/admin-app.ts";
import { upsertArticleByGuid } from "../src/db/articles.ts";
import { createDb } from "../src/db/client.ts";
import { bumpVersions } from "../src/db/rendered-responses.ts";
import { articles } from "../src/db/schema.ts";
import { type ArticleDraft, parseTextArticle } from "../src/domain/articles/source-files.ts";
import { tagsOf } from "../src/domain/cache-tags.ts";
import { renderPlainText } from "../src/domain/plain-text.ts";
import { withAdminWorker } from "../src/http/admin-gateway.ts";
import { purgeLocally } from "../src/http/edge-cache.ts";
import { readerApp } from "../src/reader-app.ts";
import { issueFormToken } from "../src/services/form-token.ts";
import { parseDocument } from "./parse-html.ts";

export const ORIGIN = "http://wirepost.test";
export const LAUNCH_GUID = "3a597137-7805-49c0-896e-7ec2c42b4b05";
export const LAUNCH_SLUG = "us-pakistan-security-cooperation";

/** Calls the Worker exactly as the runtime would for a request from outside. */
export function fetchWorker(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init));
}

/**
 * Both Workers' apps in this isolate, joined by the reader's own gateway (its
 * ADMIN binding calls the admin app here), for tests that change bindings —
 * spies, a counting or failing D1, vars — which the real admin Worker behind
 * `fetchWorker` (built as deployed, bound as in admin/wrangler.toml) can't
 * see. Called as Hono's `app.request`; without `ctx`, work deferred past the
 * response is done before it returns.
 */
export const sameIsolate = {
  async request(input: string, init: RequestInit = {}, bindings: object = env, ctx?: ExecutionContext): Promise<Response> {
    const context = ctx ?? createExecutionContext();
    const ADMIN = { fetch: (forwarded: Request) => adminApp.fetch(forwarded, bindings, context) } as unknown as Fetcher;
    const response = await withAdminWorker(readerApp.fetch)(new Request(new URL(input, "http://localhost"), init), { ...bindings, ADMIN } as Env, context);
    if (!ctx) await waitOnExecutionContext(context);
    return response;
  },
};

export const db = () => createDb(env.DB);

export const launchArticle = (): ArticleDraft => parseTextArticle(launchArticleText, "launch.txt");

let counter = 0;
/** A distinct article for each call (storage is shared by the tests of one file). */
export function draftArticle(overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  counter += 1;
  const body = overrides.body ?? `Body of test article ${counter}.`;
  return {
    guid: crypto.randomUUID(),
    slug: `test-article-${counter}-${crypto.randomUUID().slice(0, 8)}`,
    title: `Test article ${counter}`,
    summary: `Summary ${counter}`,
    body,
    bodyHtml: renderPlainText(body),
    source: null,
    publishedAt: new Date(Date.UTC(2025, 0, 1) + counter * 60_000),
    ...overrides,
  };
}

/**
 * Publishes an article straight through the data layer, as `npm run import`
 * does, then invalidates what it changes, rendered and cached (the importer's
 * writes don't pass through the Worker, so nothing else would).
 */
export async function seedArticle(draft: ArticleDraft = draftArticle(), now = new Date()): Promise<ArticleDraft> {
  await upsertArticleByGuid(db(), draft, now);
  const [article] = await db().select({ id: articles.id }).from(articles).where(eq(articles.guid, draft.guid));
  const tags = tagsOf([{ kind: "article", articleId: article!.id, terms: draft.terms ?? [], archives: true }]);
  await bumpVersions(db(), tags);
  await purgeLocally(tags);
  return draft;
}

export interface CommentPayload {
  author?: unknown;
  email?: unknown;
  url?: unknown;
  body?: unknown;
  parentId?: unknown;
  [extra: string]: unknown;
}

let commenter = 0;
/** A valid comment from a new commenter each call. */
export function newComment(overrides: CommentPayload = {}): CommentPayload {
  commenter += 1;
  return {
    author: `Reader ${commenter}`,
    email: `reader${commenter}.${crypto.randomUUID().slice(0, 8)}@example.com`,
    body: `Comment number ${commenter}: ${crypto.randomUUID()}`,
    ...overrides,
  };
}

// Test files run side by side and share the rate limiters and the lockout cache:
// each file starts at a random place in 198.18.0.0/15, so one file's lockouts
// don't land on another's addresses.
let client = Math.floor(Math.random() * 120_000);
/** A different client address each call, so tests don't trip the per-client burst limit by accident. */
export function nextClientIp(): string {
  client += 1;
  const n = client % 125_000;
  return `198.${18 + Math.floor(n / 62_500)}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

/** POSTs JSON to the comment API as client `ip`. */
export function postComment(slug: string, payload: unknown, { ip = nextClientIp(), headers = {} as Record<string, string> } = {}) {
  return fetchWorker(`/api/articles/${slug}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip, ...headers },
    body: JSON.stringify(payload),
  });
}

/** A form token as the page would have issued it `secondsAgo` seconds ago (a person takes a while to type). */
export function formTokenIssued(slug: string, secondsAgo = 30): Promise<string> {
  return issueFormToken(env.HASH_KEY, slug, new Date(Date.now() - secondsAgo * 1000));
}

/** POSTs the HTML form as a browser would (no redirects followed), with a form token unless one is given. */
export async function postForm(
  slug: string,
  fields: Record<string, string>,
  { ip = nextClientIp(), headers = { Origin: ORIGIN } as Record<string, string> } = {},
) {
  const body = new URLSearchParams({ formToken: await formTokenIssued(slug), ...fields });
  return fetchWorker(`/articles/${slug}/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": ip, ...headers },
    body: body.toString(),
    redirect: "manual",
  });
}

export interface CreatedComment {
  comment: { id: number; parentId: number | null; depth: number; author: string; url: string | null; bodyHtml: string; createdAt: string };
  status: "approved" | "pending";
}

/** Posts a comment through the API and, if it was held, approves it through the admin API. */
export async function postApprovedComment(slug: string, payload: CommentPayload = newComment()): Promise<CreatedComment["comment"]> {
  const response = await postComment(slug, payload);
  if (response.status !== 201) throw new Error(`expected 201, got ${response.status}: ${await response.text()}`);
  const created = await response.json<CreatedComment>();
  if (created.status !== "approved") {
    const approval = await adminFetch(`/comments/${created.comment.id}`, { method: "PATCH", json: { status: "approved" } });
    if (approval.status !== 200) throw new Error(`approval failed: ${approval.status}`);
  }
  return created.comment;
}

const ADMIN_TOKEN = env.ADMIN_TOKEN;

/**
 * Calls the admin API with the owner's token, from a client of its own:
 * through the real Workers, or `here`, both apps in this isolate (`sameIsolate`).
 */
export function adminFetch(path: string, init: RequestInit & { json?: unknown } = {}, { here = false } = {}) {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!headers.has("Authorization")) headers.set("Authorization", `Bearer ${ADMIN_TOKEN}`);
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", nextClientIp());
  if (json !== undefined) headers.set("Content-Type", "application/json");
  const request = { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) };
  return here ? sameIsolate.request(`${ORIGIN}/api/admin${path}`, request) : fetchWorker(`/api/admin${path}`, request);
}

/** POSTs a form to an admin page as the owner's browser would (same origin, no redirects followed). */
export function adminFormPost(path: string, fields: Record<string, string | File>, headers: Record<string, string> = {}) {
  const multipart = Object.values(fields).some((value) => value instanceof File);
  const body = multipart ? new FormData() : new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) (body as FormData).append(name, value as string);
  return fetchWorker(path, {
    method: "POST",
    headers: { ...(multipart ? {} : { "Content-Type": "application/x-www-form-urlencoded" }), Origin: ORIGIN, "CF-Connecting-IP": nextClientIp(), ...headers },
    body,
    redirect: "manual",
  });
}

/** Signs in to /admin with the owner's token: the session cookie to send back. */
export async function signInToAdmin(): Promise<string> {
  const response = await adminFormPost("/admin/session", { token: env.ADMIN_TOKEN });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers.get("Set-Cookie")!.split(";")[0]!;
}

/** The session's anti-forgery token, as the admin pages' forms carry it. */
export async function adminCsrf(cookie: string): Promise<string> {
  const page = parseDocument(await (await fetchWorker("/admin", { headers: { Cookie: cookie } })).text());
  return page.querySelector('form[action="/admin/signout"] input[name="csrf"]')!.getAttribute("value")!;
}
