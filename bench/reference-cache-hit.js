// Reference: the ceiling for a Cache API hit — a Worker that answers from
// caches.default (filling it on the first request) and does nothing else.
export default {
  async fetch(request, env, ctx) {
    const hit = await caches.default.match(request.url);
    if (hit) return hit;
    const response = new Response(env.PAGE, {
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, s-maxage=3600" },
    });
    ctx.waitUntil(caches.default.put(request.url, response.clone()));
    return response;
  },
};
