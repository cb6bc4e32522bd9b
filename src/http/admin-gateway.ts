import { forgetDiscussionCopy } from "../services/site-discussion.ts";
import { type FetchHandler, PURGE_HEADER, purgeTags } from "./edge-cache.ts";

/** The owner's paths: `/admin`, `/api/admin` and everything under them. */
const isAdminPath = (path: string) => /^\/(?:api\/)?admin(?:\/|$)/.test(path);

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
      answer = await env.ADMIN.fetch(new Request(request, { redirect: "manual" }));
    } catch (error) {
      console.error(JSON.stringify({ event: "admin_worker_failed", error: error instanceof Error ? error.name : "unknown" }));
      return app(request, env, ctx);
    }
    // The owner may have saved the discussion settings, which this isolate keeps a copy of for a while.
    if (request.method !== "GET" && request.method !== "HEAD") forgetDiscussionCopy();
    const tags = answer.headers.get(PURGE_HEADER)?.split(",");
    if (!tags) return answer;
    const response = new Response(answer.body, answer);
    response.headers.delete(PURGE_HEADER);
    await purgeTags(env, ctx, tags);
    return response;
  };
}
