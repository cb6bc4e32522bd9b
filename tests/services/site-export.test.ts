import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type SiteExport, siteExport } from "../../src/domain/export-format.ts";
import { settingsOf } from "../../src/domain/settings.ts";
import { importSite } from "../../src/services/site-export.ts";
import { adminFetch, db, fetchWorker, launchArticle, newComment, postApprovedComment, postComment, seedArticle } from "../helpers.ts";

async function exportJson(query = "") {
  const response = await adminFetch(`/export${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  return JSON.parse(await response.text()) as Record<string, unknown> & { comments: Record<string, unknown>[]; articles: Record<string, unknown>[] };
}

const withoutDate = ({ exportedAt: _, ...rest }: Record<string, unknown>) => rest;

describe("GET /api/admin/export", () => {
  it("needs the owner's token", async () => {
    expect((await adminFetch("/export", { headers: { Authorization: "" } })).status).toBe(401);
  });

  it("round-trips: an empty instance that imports the export exports the same site", async () => {
    const launch = await seedArticle(launchArticle());
    const other = await seedArticle();
    const root = await postApprovedComment(launch.slug, newComment({ email: "Root.Person@example.com", url: "https://root.example" }));
    const reply = await postApprovedComment(launch.slug, newComment({ parentId: root.id }));
    await postApprovedComment(launch.slug, newComment({ parentId: reply.id, body: "Ünïcödé & <tags>\n\nsecond paragraph" }));
    await postComment(other.slug, newComment({ body: "held" }));
    expect((await adminFetch(`/articles/${other.slug}`, { method: "DELETE" })).status).toBe(204);

    const original = await exportJson("?include=emails");
    const parsed = siteExport.safeParse(original);
    expect(parsed.success).toBe(true);
    expect(original.articles).toHaveLength(2);
    expect(original.comments).toHaveLength(4);
    expect(original.comments[0]).toMatchObject({ id: root.id, email: "Root.Person@example.com", parentGuid: null });

    // An empty instance…
    await env.DB.batch([env.DB.prepare("DELETE FROM idempotency_keys"), env.DB.prepare("DELETE FROM comments"), env.DB.prepare("DELETE FROM articles")]);
    expect((await fetchWorker(`/articles/${launch.slug}?after=wipe`)).status).toBe(404);
    // …imports the file.
    await importSite(db(), parsed.data as SiteExport, settingsOf(env).keys, new Date());

    const again = await exportJson("?include=emails");
    expect(withoutDate(again)).toEqual(withoutDate(original));
    const page = await (await fetchWorker(`/articles/${launch.slug}?after=import`)).text();
    expect(page).toContain("3 Comments");
    expect(page).toContain(`id="comment-${reply.id}"`); // old #comment links still land
    expect(page).toContain("Ünïcödé &amp; &lt;tags&gt;");
    // Emails came back encrypted and matchable: the privacy export finds the commenter.
    const commenter = await (await adminFetch("/commenters/export", { method: "POST", json: { email: "root.person@example.com" } })).json<{
      comments: unknown[];
    }>();
    expect(commenter.comments).toHaveLength(1);
  });

  it("leaves emails out unless asked", async () => {
    await postApprovedComment((await seedArticle()).slug, newComment({ email: "hidden@example.com" }));
    const text = JSON.stringify(await exportJson());
    expect(text).not.toContain("hidden@example.com");
    expect(text).not.toContain('"email"');
  });
});
