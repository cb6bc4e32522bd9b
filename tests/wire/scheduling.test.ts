import { describe, expect, it } from "vitest";
import { adminFetch, fetchWorker, newComment, postApprovedComment } from "../helpers.ts";

const LISTS = ["/", "/feed.xml", "/feed.atom", "/feed.json", "/api/articles"];

describe("a scheduled article", () => {
  it("appears at its time in pages, feeds and the API, cached copies included, with no job and no purge", async () => {
    const slug = `on-time-${crypto.randomUUID().slice(0, 8)}`;
    const at = new Date(Date.now() + 2_500);
    const put = await adminFetch(`/articles/${slug}`, { method: "PUT", json: { title: "Right on time", body: "Now.", publishedAt: at.toISOString() } });
    const { article } = await put.json<{ article: { id: string; status: string } }>();
    expect(article.status).toBe("scheduled");

    // Readers ask before its time: the lists are cached without it (a second request touches no D1)…
    for (const path of LISTS) {
      expect(await (await fetchWorker(path)).text(), path).not.toContain(article.id);
      const again = await fetchWorker(path);
      expect(again.headers.get("Server-Timing"), path).toContain("D1 round trips: 0");
      expect(await again.text(), path).not.toContain(article.id);
    }
    expect((await fetchWorker(`/articles/${slug}`)).status).toBe(404);

    // …and those copies end at its time: the next request renders it.
    await new Promise((resolve) => setTimeout(resolve, at.getTime() - Date.now() + 100));
    for (const path of LISTS) {
      const text = await (await fetchWorker(path)).text();
      expect(path === "/" ? text.includes(`/articles/${slug}"`) : text.includes(article.id), path).toBe(true);
    }
    expect((await fetchWorker(`/articles/${slug}`)).status).toBe(200);
  });

  it("moved back into the future takes its comments out of the site's comment feed until then, and back in at its time", async () => {
    const slug = `rescheduled-${crypto.randomUUID().slice(0, 8)}`;
    await adminFetch(`/articles/${slug}`, { method: "PUT", json: { title: "Too early", body: "Oops." } });
    const comment = await postApprovedComment(slug, newComment({ body: "Said too early" }));
    const feed = () => fetchWorker("/comments/feed.json").then((r) => r.text());
    expect(await feed()).toContain(`#comment-${comment.id}`);
    const at = new Date(Date.now() + 2_500);
    await adminFetch(`/articles/${slug}`, { method: "PATCH", json: { publishedAt: at.toISOString() } });
    expect(await feed()).not.toContain(`#comment-${comment.id}`);
    expect(await feed()).not.toContain(`#comment-${comment.id}`);
    expect((await fetchWorker(`/api/articles/${slug}/comments`)).status).toBe(404);
    // The feed kept (and cached) meanwhile ends at its time, with no purge.
    await new Promise((resolve) => setTimeout(resolve, at.getTime() - Date.now() + 100));
    expect(await feed()).toContain(`#comment-${comment.id}`);
  });
});
