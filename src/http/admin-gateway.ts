import { forgetDiscussionCopy } from "../services/site-discussion.ts";
import { type FetchHandler, FLUSH_HEADER, markPrivate, PURGE_HEADER, purgeTags } from "./edge-cache.ts";

/**
 * The owner's paths: `/admin`, `/api/admin` and everything under them, read
 * decoded as Hono routes them (`/%61dmin` is `/admin`), so no spelling of an
 * owner's path is left to the reader.
 */
const isAdminPath = (pathname: string) => {
  let path = pathname;
  try {
    path = decodeURI(pathname);
  } catch {
    // Not decodable: Hono routes it as it is.
  }
  return /^\/(?:api\/)?admin(?:\/|$)/.test(path);
};

/** Cache tags as the admin Worker relays them: printable ASCII, none empty (anything else is not a tag of ours). */
const relayedTags = (header: string | null) => [...new Set((header ?? "").split(",").filter((tag) => /^[\x21-\x7e]{1,1024}$/.test(tag)))];

/**
 * The reader Worker's fetch with the owner's side in front: requests for the
 * owner's paths go unchanged to the admin Worker through the ADMIN service
 * binding (no network hop, no request billed), so the site keeps one origin
 * and one set of URLs. The tags its writes made stale come back with its
 * answer (`PURGE_HEADER`); they are purged here, before the answer goes out,
 * because a purge only reaches the cache of the Worker that makes it; after a
 * write, this isolate reads the discussion settings afresh. Without
 * the binding, or when the call fails, `app` answers those paths (503).
 */
export function withAdminWorker(app: FetchHandler): FetchHandler {
  return async (request, env, ctx) => {
    if (!env.ADMIN || !isAdminPath(new URL(request.url).pathname)) return app(request, env, ctx);
    let answer: Response;
    try {
      // Its redirects (a sign-in's 303) are the browser's to follow, as the reader's own are.
      const forwarded = new Request(request, { redirect: "manual" });
      // The Workers' own headers are theirs to set: a client's copies go no further.
      forwarded.headers.delete(PURGE_HEADER);
      forwarded.headers.delete(FLUSH_HEADER);
      answer = await env.ADMIN.fetch(forwarded);
    } catch (error) {
      console.error(JSON.stringify({ event: "admin_worker_failed", error: error instanceof Error ? error.name : "unknown" }));
      return app(request, env, ctx);
    }
    // The owner may have saved the discussion settings, which this isolate keeps a copy of for a while.
    if (answer.ok && request.method !== "GET" && request.method !== "HEAD") forgetDiscussionCopy();
    const tags = relayedTags(answer.headers.get(PURGE_HEADER));
    // Whatever answered (the app, or the runtime for a Worker past its limits), the owner's side is never cached.
    const response = new Response(answer.body, answer);
    response.headers.delete(PURGE_HEADER);
    markPrivate(response.headers);
    if (tags.length > 0) await purgeTags(env, ctx, tags);
    return response;
  };
}
