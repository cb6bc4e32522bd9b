import { describe, expect, it } from "vitest";
import { createArticle, editArticle, suggestSlug } from "../../src/services/save-article.ts";
import { db, seedArticle } from "../helpers.ts";
import { recordingEffects } from "./recording-effects.ts";

const now = () => new Date();
const unique = () => `saved-${crypto.randomUUID().slice(0, 8)}`;

describe("saving articles", () => {
  it("purges nothing for a draft, the article for anything public (scheduled too), both slugs on a move", async () => {
    const slug = unique();
    const { effects, purged } = recordingEffects();
    const created = await createArticle(db(), effects, { slug, title: "T", body: "B" }, undefined, { via: "api", now: now() });
    expect(created).toMatchObject({ outcome: "saved", created: true, article: { status: "draft" } });
    await editArticle(db(), effects, { slug }, { summary: "Still a draft" }, { via: "api", now: now() });
    expect(purged).toEqual([]);

    // Scheduling must reach the cached lists: their lifetime then ends at its time.
    await editArticle(db(), effects, { slug }, { status: "published", publishedAt: new Date(Date.now() + 60_000) }, { via: "api", now: now() });
    expect(purged).toEqual([{ kind: "article", article: { slug, commentCount: 0 } }]);

    const moved = unique();
    await editArticle(db(), effects, { slug }, { slug: moved }, { via: "api", now: now() });
    expect(purged.slice(1)).toEqual([
      { kind: "article", article: { slug: moved, commentCount: 0 } },
      { kind: "article", article: { slug, commentCount: 0 } },
    ]);
    // Taken down: what showed it must forget it.
    await editArticle(db(), effects, { slug: moved }, { status: "unpublished" }, { via: "api", now: now() });
    expect(purged).toHaveLength(4);
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
