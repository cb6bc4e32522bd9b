// Reference: the ceiling for a cache hit — a Worker returning a fixed ~20 KB HTML page
// (the bench passes the page in as the PAGE binding).
export default {
  fetch(_request, env) {
    return new Response(env.PAGE, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
};
