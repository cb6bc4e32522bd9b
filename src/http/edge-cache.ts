import type { Context } from "hono";
import { keyedHash, timingSafeEqualStrings } from "../domain/privacy.ts";
import { MAX_TAGS_PER_PURGE } from "../domain/purge-budget.ts";
import { remembered } from "../domain/remembered.ts";
import type { AppEnv, Bindings } from "../env.ts";
import type { PurgeOutcome } from "../services/effects.ts";
import { capLifetimes } from "./cache-expiry.ts";
import { isNotModified, notModified } from "./conditional-get.ts";

/*
 * The edge cache, in one place. In production that is Workers Cache: a tiered
 * cache in front of the Worker that serves a hit without running it, stores
 * what the Worker's headers say, and is purged by tag through `ctx.cache`.
 * Where `ctx.cache` is absent (wrangler dev, Miniflare, the tests, the bench)
 * the Worker stands in for it with the runtime's Cache API, keyed and purged
 * the same way, so everything else works alike in both.
 */

// --- what a response says about caching ---------------------------------------

/** How a public response may be kept: browsers, then the edge (seconds). */
const SHELVES = {
  /** Pages and API reads: browsers revalidate every time (cheap, by ETag). */
  page: { browser: "max-age=0, must-revalidate", edge: 300 },
  feed: { browser: "max-age=300", edge: 300 },
  /**
   * A feed's complete archive page (RFC 5005): browsers keep it for good; the
   * edge a week, tagged, so a late removal (an article taken down, a comment
   * trashed) purges it, and a change no purge reaches (an import, made around
   * the Worker) shows within the week.
   */
  archive: { browser: "max-age=31536000, immutable", edge: 604800 },
  /** Not found: kept briefly, and tagged so that publishing purges it. */
  missing: { browser: "max-age=60", edge: 60 },
  /** A redirect to a canonical URL (a function of the URL alone). */
  moved: { browser: "max-age=86400", edge: 86400 },
  /** A redirect from an article's former slug: tagged, as the slug may move again or be taken back; browsers keep it briefly. */
  relocated: { browser: "max-age=300", edge: 300 },
  /** A stored image: its URL is its content, so it never changes (and every cache keeps it as browsers do). */
  immutable: { browser: "max-age=31536000, immutable", edge: 31536000, sharedAsBrowser: true },
} as const satisfies Record<string, { browser: string; edge: number; sharedAsBrowser?: true }>;

export type Shelf = keyof typeof SHELVES;

/** What a response that must never be stored says (silence would mean "cache for two hours" to Workers Cache). */
export const PRIVATE = "private, no-store";

/**
 * Marks a response public, for its shelf's time, tagged with what it shows.
 * The edge time bounds how stale a copy can get should a purge be refused or
 * lost. Workers Cache reads `Cloudflare-CDN-Cache-Control` before
 * `Cache-Control` (and strips it): there, serving stale while revalidating
 * and on errors (a D1 outage) work, which `s-maxage` would turn off. A purge
 * deletes, so no stale copy outlives it; `expiresAt` (a scheduled article's
 * time, comments closing) caps every lifetime, stale ones included.
 */
export function markPublic(headers: Headers, shelf: Shelf, tags: string[], expiresAt?: Date | null): void {
  const { browser, edge } = SHELVES[shelf];
  headers.set("Cache-Control", "sharedAsBrowser" in SHELVES[shelf] ? `public, ${browser}` : `public, ${browser}, s-maxage=${edge}`);
  headers.set("Cloudflare-CDN-Cache-Control", `public, max-age=${edge}, stale-while-revalidate=60, stale-if-error=86400`);
  // What changes by the clock alone (no write will purge it) is kept, fresh or stale, no longer than until then.
  capLifetimes(headers, expiresAt ?? undefined);
  if (tags.length > 0) headers.set("Cache-Tag", tags.join(","));
  else headers.delete("Cache-Tag");
}

export function markPrivate(headers: Headers): void {
  headers.set("Cache-Control", PRIVATE);
  headers.delete("Cloudflare-CDN-Cache-Control");
  headers.delete("Cache-Tag");
}

/** The request's execution context, if it has one (tests may call the app without). */
export function executionContextOf(c: Context<AppEnv>): ExecutionContext | undefined {
  try {
    return c.executionCtx as ExecutionContext;
  } catch {
    return undefined;
  }
}

/** Workers Cache's purge API, when this Worker runs behind Workers Cache. */
export function workersCacheOf(ctx: ExecutionContext | undefined): CacheContext | undefined {
  const cache = ctx?.cache;
  return typeof cache?.purge === "function" ? cache : undefined;
}

// --- the local stand-in: the Cache API ------------------------------------------

/** A fresh prefix per isolate: a copy stored before a restart (its tags unknown here) is never served. */
let localPrefix: string | undefined;
/** The local copies each tag names, so purging a tag deletes exactly those. */
const localKeysByTag = new Map<string, Set<string>>();
/** When each tag was last purged here: a response rendered before that (while the write ran) is not stored. */
const localPurgedAt = new Map<string, number>();

/**
 * Where a request's copy is kept. Workers Cache keeps one copy per value of
 * each request header a response varies by: ours vary by `Origin` alone (the
 * embed API, whose CORS headers name the origin), so the stand-in keys by it too.
 */
const localKey = (request: Request) => {
  localPrefix ??= `https://edge.wirepost.internal/${crypto.randomUUID()}/`;
  const origin = request.headers.get("Origin");
  return `${localPrefix}${origin === null ? "" : `vary-origin/${encodeURIComponent(origin)}/`}${request.url.slice(request.url.indexOf("//") + 2)}`;
};

/**
 * Whether this runtime's Cache API keeps anything (Miniflare can run with it
 * off): if not, the stand-in stays out of the way. Asked once per isolate.
 */
let localCacheProbe: Promise<boolean> | undefined;
let localCacheKnown: boolean | undefined;
const localCacheWorks = async () => {
  localCacheProbe ??= probeLocalCache();
  localCacheKnown = await localCacheProbe;
  return localCacheKnown;
};

async function probeLocalCache(): Promise<boolean> {
  const probe = `https://edge.wirepost.internal/probe/${crypto.randomUUID()}`;
  await caches.default.put(probe, new Response("", { headers: { "Cache-Control": "max-age=60" } }));
  const kept = (await caches.default.match(probe)) !== undefined;
  await caches.default.delete(probe);
  return kept;
}

function isStorable(response: Response): boolean {
  const cacheControl = response.headers.get("Cache-Control") ?? "";
  return response.status === 200 && cacheControl.startsWith("public") && response.headers.has("Cache-Tag") && !response.headers.has("Set-Cookie");
}

// A hit costs no D1 round trip: the stored copy says so.
const NO_ROUND_TRIPS = 'd1;desc="D1 round trips: 0"';

async function keepLocally(key: string, response: Response, startedAt: number): Promise<void> {
  const tags = response.headers.get("Cache-Tag")!.split(",");
  const purgedSince = () => tags.some((tag) => (localPurgedAt.get(tag) ?? -1) >= startedAt);
  if (purgedSince()) return;
  const copy = new Response(response.body, response);
  copy.headers.set("Server-Timing", NO_ROUND_TRIPS);
  for (const tag of tags) remembered(localKeysByTag, tag, () => new Set<string>()).add(key);
  // As Workers Cache does, what is for the cache alone never reaches the reader.
  copy.headers.delete("Cache-Tag");
  copy.headers.delete("Cloudflare-CDN-Cache-Control");
  await caches.default.put(key, copy);
  // A purge that went out while the copy was being stored may have missed it.
  if (purgedSince()) await caches.default.delete(key);
}

/** A stored copy as the answer to `request` (a 304 if the reader's copy is still good). */
function answerFrom(request: Request, hit: Response): Response {
  const conditional = request.headers.has("If-None-Match") || request.headers.has("If-Modified-Since");
  if (conditional && isNotModified(request, hit)) return notModified(hit);
  return request.method === "HEAD" ? new Response(null, hit) : hit;
}

/** Deletes the local stand-in's copies of `tags` (also for writes made around the Worker, as tests make). */
export async function purgeLocally(tags: string[]): Promise<void> {
  const keys = new Set<string>();
  const now = Date.now();
  for (const tag of tags) {
    for (const key of localKeysByTag.get(tag) ?? []) keys.add(key);
    localKeysByTag.delete(tag);
    localPurgedAt.set(tag, now);
  }
  await Promise.all([...keys].map((key) => caches.default.delete(key)));
}

// --- purging --------------------------------------------------------------------

/** The bindings purging needs: the coordinator is the reader's (the admin Worker's purges reach the reader's cache through it, see `PURGE_HEADER`). */
type PurgeBindings = Pick<Bindings, "CACHE_PURGES">;

function coordinator({ CACHE_PURGES }: PurgeBindings) {
  if (!CACHE_PURGES) throw new Error("CACHE_PURGES is the reader Worker's");
  return CACHE_PURGES.get(CACHE_PURGES.idFromName("purges"));
}

function logPurgeProblem(event: string, detail: Record<string, unknown>) {
  console.warn(JSON.stringify({ event, ...detail }));
}

/** Sends one purge (everything, past the per-call tag limit); a refusal is logged and its tags wait for the next. */
async function sendPurge(env: PurgeBindings, cache: CacheContext, tags: string[]): Promise<boolean> {
  const options = tags.length > MAX_TAGS_PER_PURGE ? { purgeEverything: true } : { tags };
  let result: CachePurgeResult;
  try {
    result = await cache.purge(options);
  } catch (error) {
    result = { success: false, errors: [{ code: 0, message: error instanceof Error ? error.name : "unknown" }] };
  }
  if (result.success) return true;
  logPurgeProblem("purge_refused", { tags: tags.length, errors: result.errors.map((error) => error.code) });
  await coordinator(env)
    .refused(tags)
    .catch(() => logPurgeProblem("purge_lost", { tags: tags.length }));
  return false;
}

/**
 * Purges `tags` everywhere. Behind Workers Cache, purges are rate-limited per
 * account, so they go through one coordinator (a Durable Object) that says
 * whether one may go out now, with every waiting tag, or must wait its turn.
 * Locally, the stand-in's copies are deleted at once.
 */
export async function purgeTags(env: PurgeBindings, ctx: ExecutionContext | undefined, tags: string[]): Promise<PurgeOutcome> {
  const cache = workersCacheOf(ctx);
  if (!cache) {
    await purgeLocally(tags);
    return "done";
  }
  let purgeNow: string[];
  try {
    purgeNow = await coordinator(env).claim(tags);
  } catch {
    // Better one purge outside the budget than stale pages for the edge's whole time.
    logPurgeProblem("purge_coordinator_unavailable", { tags: tags.length });
    purgeNow = tags;
  }
  if (purgeNow.length === 0) return "deferred";
  return (await sendPurge(env, cache, purgeNow)) ? "done" : "deferred";
}

/**
 * The admin Worker's answers carry the tags its writes made stale in this
 * header; the reader purges them, from its own entrypoint, before passing the
 * answer on without it (src/http/admin-gateway.ts, src/http/request-effects.ts).
 */
export const PURGE_HEADER = "X-Wirepost-Purge";

/** Where the coordinator calls the Worker back when waiting tags may go out (a purge only reaches the cache of the entrypoint making it). */
export const FLUSH_PATH = "/__wirepost/purges";
export const FLUSH_HEADER = "X-Wirepost-Flush";
export const flushToken = (hashKey: string | undefined) => keyedHash(hashKey, "purge-flush", FLUSH_PATH);

async function flushWaitingPurges(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (!timingSafeEqualStrings(request.headers.get(FLUSH_HEADER) ?? "", await flushToken(env.HASH_KEY))) {
    return new Response(null, { status: 404, headers: { "Cache-Control": PRIVATE } });
  }
  const purgeNow = await coordinator(env).claim([]);
  const cache = workersCacheOf(ctx);
  if (purgeNow.length > 0) await (cache ? sendPurge(env, cache, purgeNow) : purgeLocally(purgeNow));
  return new Response(null, { status: 204, headers: { "Cache-Control": PRIVATE } });
}

// --- the Worker's fetch, behind the edge cache -----------------------------------

export type FetchHandler = (request: Request, env: Env, ctx: ExecutionContext) => Promise<Response> | Response;

/**
 * The Worker's fetch handler: behind Workers Cache, the app as is (the edge
 * already looked); otherwise GETs are answered from the local stand-in when it
 * holds a copy, before any routing, and public answers are stored in it.
 */
export function behindEdgeCache(app: FetchHandler): ExportedHandlerFetchHandler<Env> {
  return async (request, env, ctx) => {
    const read = request.method === "GET" || request.method === "HEAD";
    if (!read && request.headers.has(FLUSH_HEADER)) return flushWaitingPurges(request, env, ctx);
    if (!read || workersCacheOf(ctx) || !(localCacheKnown ?? (await localCacheWorks()))) return app(request, env, ctx);
    const key = localKey(request);
    const hit = await caches.default.match(key);
    if (hit) return answerFrom(request, hit);
    const startedAt = Date.now();
    const response = await app(request, env, ctx);
    if (request.method === "GET" && isStorable(response)) ctx.waitUntil(keepLocally(key, response.clone(), startedAt));
    return response;
  };
}
