// Reference: the floor cost of one D1 round trip — a ~20 KB row read by a single query.
export default {
  async fetch(_request, env) {
    const row = await env.DB.prepare("SELECT body FROM pages WHERE id = ?").bind(1).first();
    return new Response(row.body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
};
