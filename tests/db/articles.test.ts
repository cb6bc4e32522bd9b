import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordingDatabase } from "../../scripts/lib/sql-recorder.ts";
import { upsertArticleByGuid } from "../../src/db/articles.ts";
import { articles } from "../../src/db/schema.ts";
import { db, draftArticle } from "../helpers.ts";

async function storedArticle(guid: string) {
  return db().select().from(articles).where(eq(articles.guid, guid)).get();
}

/** What `npm run import` does: record the upsert as SQL text, then run that text on D1. */
async function importLikeTheScript(draft: ReturnType<typeof draftArticle>, now: Date) {
  const { db: recorder, statements } = recordingDatabase();
  await upsertArticleByGuid(recorder, draft, now);
  for (const statement of statements) await env.DB.prepare(statement).run();
}

describe("upsertArticleByGuid, as the importer runs it", () => {
  it("creates the article once and re-imports idempotently", async () => {
    const draft = draftArticle({ title: "It's a 'quoted' title; DROP TABLE articles; --", body: "Ünïcödé ✓ and 'quotes'" });
    await importLikeTheScript(draft, new Date("2026-01-01T00:00:00Z"));
    await importLikeTheScript(draft, new Date("2026-02-01T00:00:00Z"));
    const rows = await db().select().from(articles).where(eq(articles.guid, draft.guid));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: draft.title, body: draft.body, slug: draft.slug });
    // Nothing changed, so nothing was touched.
    expect(rows[0]!.updatedAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("updates in place when the content changes, keyed by guid even if the slug moves", async () => {
    const draft = draftArticle();
    await importLikeTheScript(draft, new Date("2026-01-01T00:00:00Z"));
    const before = await storedArticle(draft.guid);
    await importLikeTheScript({ ...draft, slug: `${draft.slug}-renamed`, title: "New title" }, new Date("2026-03-01T00:00:00Z"));
    const after = await storedArticle(draft.guid);
    expect(after).toMatchObject({ id: before!.id, slug: `${draft.slug}-renamed`, title: "New title" });
    expect(after!.updatedAt.toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  it("gives an undated article the import time and keeps it on re-import", async () => {
    const draft = draftArticle({ publishedAt: null });
    await importLikeTheScript(draft, new Date("2026-01-01T00:00:00Z"));
    await importLikeTheScript({ ...draft, title: "Changed" }, new Date("2026-05-01T00:00:00Z"));
    const stored = await storedArticle(draft.guid);
    expect(stored!.publishedAt.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(stored!.title).toBe("Changed");
  });
});
