import { beforeAll, describe, expect, it } from "vitest";
import { fetchWorker, LAUNCH_GUID, LAUNCH_SLUG, launchArticle, seedArticle } from "../helpers.ts";

beforeAll(async () => {
  await seedArticle(launchArticle());
});

describe("GET /api/articles", () => {
  it("lists published articles", async () => {
    const response = await fetchWorker("/api/articles");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const { articles } = await response.json<{ articles: { id: string; slug: string; url: string }[] }>();
    expect(articles).toContainEqual(expect.objectContaining({ id: LAUNCH_GUID, slug: LAUNCH_SLUG, url: `http://wirepost.test/articles/${LAUNCH_SLUG}` }));
  });
});

describe("GET /api/articles/:slug", () => {
  it("returns one article with its rendered body", async () => {
    const response = await fetchWorker(`/api/articles/${LAUNCH_SLUG}`);
    expect(response.status).toBe(200);
    const { article } = await response.json<{ article: Record<string, string> }>();
    expect(article).toMatchObject({
      id: LAUNCH_GUID,
      slug: LAUNCH_SLUG,
      source: "foreignpolicy.com",
      publishedAt: "2025-03-20T12:00:00.000Z",
    });
    expect(article.bodyHtml).toMatch(/^<p>In a recent speech/);
  });

  it("answers an unknown slug with 404 and the error shape", async () => {
    const response = await fetchWorker("/api/articles/missing");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "Article not found." } });
  });

  it("answers an unknown API path with the JSON error shape", async () => {
    const response = await fetchWorker("/api/nothing-here");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "Page not found." } });
  });
});
