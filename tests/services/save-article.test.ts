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
    // Not live yet: no feed's archive pages change.
    expect(purged).toEqual([{ kind: "article", articleId: id, terms: [], archives: false }]);
    const scheduled = await versions();
    expect(scheduled).toEqual(drafted.map((version) => version + 1));

    await editArticle(db(), effects, { slug }, { slug: unique() }, { via: "api", now: now() });
    expect(purged.slice(1)).toEqual([{ kind: "article", articleId: id, terms: [], archives: false }]);
    // Taken down: what showed it must forget it.
    await editArticle(db(), effects, { id }, { status: "unpublished" }, { via: "api", now: now() });
    expect(purged).toHaveLength(3);
    expect(await versions()).toEqual(scheduled.map((version) => version + 2));
  });

  it("reaches the sections and tags an article left and joined, and the archives when it was live or goes live dated earlier", async () => {
    const { effects, purged } = recordingEffects();
    const version = async (tag: string) =>
      (await env.DB.prepare("SELECT version FROM cache_versions WHERE tag = ?").bind(tag).first<{ version: number }>())?.version ?? 0;
    const [world, pakistan, analysis, archives] = ["term:section:world", "term:tag:pakistan", "term:section:analysis", "archives"];
    const before = await Promise.all([world, pakistan, analysis, archives].map(version));
    const slug = unique();
    const created = await createArticle(db(), effects, { slug, title: "T", body: "B", status: "published", section: "World", tags: ["Pakistan"] }, undefined, {
      via: "api",
      now: now(),
    });
    expect(created.outcome === "saved" && created.article.termsJson).toEqual([
      { taxonomy: "section", slug: "world", name: "World" },
      { taxonomy: "tag", slug: "pakistan", name: "Pakistan" },
    ]);
    const id = created.outcome === "saved" ? created.article.id : 0;
    // Published now: the newest of all, so the archive pages stay as they are.
    expect(purged.at(-1)).toEqual({
      kind: "article",
      articleId: id,
      terms: [
        { taxonomy: "section", slug: "world" },
        { taxonomy: "tag", slug: "pakistan" },
      ],
      archives: false,
    });
    expect(await Promise.all([world, pakistan, analysis, archives].map(version))).toEqual([before[0]! + 1, before[1]! + 1, before[2], before[3]]);

    await editArticle(db(), effects, { id }, { section: "Analysis" }, { via: "api", now: now() });
    expect(purged.at(-1)).toEqual({
      kind: "article",
      articleId: id,
      terms: [
        { taxonomy: "section", slug: "world" },
        { taxonomy: "tag", slug: "pakistan" },
        { taxonomy: "section", slug: "analysis" },
      ],
      archives: true,
    });
    expect(await Promise.all([world, pakistan, analysis, archives].map(version))).toEqual([before[0]! + 2, before[1]! + 2, before[2]! + 1, before[3]! + 1]);

    const backdated = await createArticle(
      db(),
      effects,
      { slug: unique(), title: "Old news", body: "B", status: "published", publishedAt: new Date("2020-01-01T00:00:00Z") },
      undefined,
      { via: "api", now: now() },
    );
    expect(backdated.outcome).toBe("saved");
    expect(purged.at(-1)).toMatchObject({ kind: "article", terms: [], archives: true });
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
