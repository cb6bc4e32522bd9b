import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../src/index.ts";

/**
 * Workers Cache in front of the Worker, as the docs describe it, for tests
 * (the local runtime has no Workers Cache and no `ctx.cache`): keyed by path
 * and query string only (no host, cookies or Authorization); stores GET/HEAD
 * answers by `Cloudflare-CDN-Cache-Control`, else `Cache-Control`, else
 * heuristically (200 for two hours, 404 for three minutes); bypasses
 * `private`, `no-store` and `Set-Cookie`; strips `Cache-Tag`; serves a stale
 * copy within `stale-if-error` when the Worker fails; purges by tag
 * (case-insensitively) or everything, and can be made to refuse purges.
 */

export const SITE_URL = "https://news.example.com";

interface Entry {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
  tags: Set<string>;
  storedAt: number;
  maxAge: number;
  staleIfError: number;
}

const HEURISTIC_SECONDS: Record<number, number> = { 200: 7200, 301: 1200, 404: 180 };

function directives(value: string): Map<string, string> {
  return new Map(
    value
      .split(",")
      .map((part) => part.trim().toLowerCase().split("="))
      .filter(([name]) => name)
      .map(([name, arg]) => [name!, arg ?? ""]),
  );
}

/** How long the edge may keep a response (s), or null if it must not. */
function freshness(response: Response): { maxAge: number; staleIfError: number } | null {
  if (response.headers.has("Set-Cookie")) return null;
  const header = response.headers.get("Cloudflare-CDN-Cache-Control") ?? response.headers.get("Cache-Control");
  if (header === null) {
    const heuristic = HEURISTIC_SECONDS[response.status];
    return heuristic === undefined ? null : { maxAge: heuristic, staleIfError: Infinity };
  }
  const parsed = directives(header);
  if (parsed.has("private") || parsed.has("no-store")) return null;
  const maxAge = Number(parsed.get("s-maxage") ?? parsed.get("max-age") ?? Number.NaN);
  if (!(maxAge > 0)) return null;
  return { maxAge, staleIfError: Number(parsed.get("stale-if-error") ?? 0) };
}

export interface EdgeOptions {
  /** Bindings to change, on top of the test environment and SITE_URL. */
  env?: Record<string, unknown>;
}

export function workersCacheEdge(options: EdgeOptions = {}) {
  const entries = new Map<string, Entry>();
  const purges: CachePurgeOptions[] = [];
  let clock = Date.now();
  let refusals = 0;

  const cache: CacheContext = {
    async purge(purge) {
      purges.push(purge);
      if (refusals > 0) {
        refusals -= 1;
        return { success: false, errors: [{ code: 1134, message: "Too many purge requests" }] };
      }
      const tags = new Set(purge.tags?.map((tag) => tag.toLowerCase()));
      for (const [key, entry] of entries) if (purge.purgeEverything || [...entry.tags].some((tag) => tags.has(tag))) entries.delete(key);
      return { success: true, errors: [] };
    },
    invalidate() {
      throw new Error("wirepost never invalidates");
    },
  };

  function served(entry: Entry, status: string): Response {
    const response = new Response(entry.body, { status: entry.status, headers: entry.headers });
    response.headers.set("CF-Cache-Status", status);
    return response;
  }

  /** Runs the Worker itself, as the cache does on a miss, with `ctx.cache` as in production. */
  async function run(request: Request, bindings: Record<string, unknown> = {}): Promise<Response> {
    const ctx = createExecutionContext();
    Object.defineProperty(ctx, "cache", { value: cache });
    const response = await worker.fetch!(request as Request<unknown, IncomingRequestCfProperties>, { ...env, SITE_URL, ...options.env, ...bindings }, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  /** A request from a reader, through the cache. */
  async function fetch(path: string, init: RequestInit = {}, bindings: Record<string, unknown> = {}): Promise<Response> {
    const request = new Request(new URL(path, SITE_URL), { redirect: "manual", ...init });
    const { pathname, search } = new URL(request.url);
    const key = `${pathname}${search}`;
    const cacheable = request.method === "GET" || request.method === "HEAD";
    const entry = cacheable ? entries.get(key) : undefined;
    const age = entry ? (clock - entry.storedAt) / 1000 : Infinity;
    if (entry && age < entry.maxAge) return served(entry, "HIT");
    const response = await run(request, bindings);
    if (entry && response.status >= 500 && age < entry.maxAge + entry.staleIfError) return served(entry, "STALE");
    const keep = cacheable ? freshness(response) : null;
    const headers = new Headers(response.headers);
    headers.delete("Cache-Tag");
    headers.delete("Cloudflare-CDN-Cache-Control");
    headers.set("CF-Cache-Status", !cacheable ? "DYNAMIC" : keep ? "MISS" : "BYPASS");
    const body = await response.arrayBuffer();
    if (keep && request.method === "GET") {
      const tags = new Set(
        (response.headers.get("Cache-Tag") ?? "")
          .split(",")
          .filter(Boolean)
          .map((tag) => tag.toLowerCase()),
      );
      entries.set(key, { status: response.status, headers: [...headers], body, tags, storedAt: clock, ...keep });
    }
    return new Response(request.method === "HEAD" ? null : body, { status: response.status, headers });
  }

  return {
    fetch,
    run,
    cache,
    /** Every purge the Worker made, in order. */
    purges,
    /** The paths (and query strings) stored now. */
    storedKeys: () => [...entries.keys()],
    /** The next `count` purges are refused, as when over the rate limit. */
    refuseNextPurges(count: number) {
      refusals = count;
    },
    /** Moves the edge's clock on (the Worker's is unaffected). */
    advance(seconds: number) {
      clock += seconds * 1000;
    },
  };
}

export type WorkersCacheEdge = ReturnType<typeof workersCacheEdge>;
