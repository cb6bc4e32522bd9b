import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createArticle, editArticle, suggestSlug } from "../../src/services/save-article.ts";
import { db, seedArticle } from "../helpers.ts";
import { recordingEffects } from "./recording-effects.ts";

const now = () => new Date();
const unique = () => `saved-${crypto.randomUUID().slice(0, 8)}`;

describe("saving articles", () => {
  it("purges nothing for a draft, the article for anything public (scheduled too: its tag names every slug it had), and bumps the same tags' renderings", async () => {
    const slug = unique();
    const { effects, purged } = recordingEffects();
    const versions = () =>
      Promise.all(
        [`article:${id}`, "articles", "comments"].map(
          async (tag) => (await env.DB.prepare("SELECT version FROM cache_versions WHERE tag = ?").bind(tag).first<{ version: number }>())?.version ?? 0,
        ),
      );
    const created = await createArticle(db(), effects, { slug, title: "T", body: "B" }, undefined, { via: "api", now: now() });
    expect(created).toMatchObject({ outcome: "saved", created: true, article: { status: "draft" } });
    const id = created.outcome === "saved" ? created.article.id : 0;
    const drafted = await versions();
    await editArticle(db(), effects, { slug }, { summary: "Still a draft" }, { via: "api", now: now() });
    expect(purged).toEqual([]);
    expect(await versions()).toEqual(drafted);

    // Scheduling must reach the cached lists: their lifetime then ends at its time.
    await editArticle(db(), effects, { slug }, { status: "published", publishedAt: new Date(Date.now() + 60_000) }, { via: "api", now: now() });
    expect(purged).toEqual([{ kind: "article", articleId: id }]);
    const scheduled = await versions();
    expect(scheduled).toEqual(drafted.map((version) => version + 1));

    await editArticle(db(), effects, { slug }, { slug: unique() }, { via: "api", now: now() });
    expect(purged.slice(1)).toEqual([{ kind: "article", articleId: id }]);
    // Taken down: what showed it must forget it.
    await editArticle(db(), effects, { id }, { status: "unpublished" }, { via: "api", now: now() });
    expect(purged).toHaveLength(3);
    expect(await versions()).toEqual(scheduled.map((version) => version + 2));
  });

  it("reports a conflict when the article changed since the editor read it", async () => {
    const { slug } = await seedArticle();
    const { effects } = recordingEffects();
    const result = await editArticle(db(), effects, { slug }, { title: "Mine" }, { via: "desk", now: now(), expectedUpdatedAt: new Date(1) });
    expect(result).toMatchObject({ outcome: "conflict", article: { slug } });
  });

  it("suggests a slug from the title that no article has now or had before", async () => {
    const base = unique();
    expect(await suggestSlug(db(), base)).toBe(base);
    const { effects } = recordingEffects();
    await createArticle(db(), effects, { slug: base, title: "x", body: "x" }, undefined, { via: "api", now: now() });
    await createArticle(db(), effects, { slug: `${base}-2`, title: "x", body: "x" }, undefined, { via: "api", now: now() });
    await editArticle(db(), effects, { slug: `${base}-2` }, { slug: `${base}-x` }, { via: "api", now: now() });
    // -2 is an old address now, still answering with a redirect: not offered again.
    expect(await suggestSlug(db(), base)).toBe(`${base}-3`);
    expect(await suggestSlug(db(), "世界")).toMatch(/^article(-\d+)?$/);
  });
});
