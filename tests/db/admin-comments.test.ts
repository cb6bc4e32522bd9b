import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deleteComment, setCommentsStatus } from "../../src/db/admin-comments.ts";
import { publishedArticleBySlug } from "../../src/db/articles.ts";
import { articles, comments } from "../../src/db/schema.ts";
import { db, seedArticle } from "../helpers.ts";

let sequence = 0;

/** Stores a comment under `parent` (or top-level), as posting would place it. */
async function add(articleId: number, parent?: { id: number; rootId: number | null; depth: number }) {
  sequence += 1;
  const [row] = await db()
    .insert(comments)
    .values({
      guid: crypto.randomUUID(),
      articleId,
      parentId: parent?.id ?? null,
      rootId: parent ? (parent.rootId ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 1,
      author: `Writer ${sequence}`,
      emailEncrypted: "",
      emailHash: `e${sequence}`,
      body: `Text ${sequence}`,
      bodyHtml: `<p>Text ${sequence}</p>`,
      bodyHash: `b${sequence}`,
      status: "approved",
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  return row!;
}

async function placeOf(ids: number[]) {
  const rows = await db()
    .select({ id: comments.id, parentId: comments.parentId, rootId: comments.rootId, depth: comments.depth })
    .from(comments)
    .where(inArray(comments.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

async function freshArticleId() {
  return (await publishedArticleBySlug(db(), (await seedArticle()).slug))!.id;
}

describe("deleteComment", () => {
  it("deleting a top-level comment makes each reply the start of its own thread, one level up", async () => {
    const articleId = await freshArticleId();
    const top = await add(articleId);
    const a = await add(articleId, top);
    const b = await add(articleId, top);
    const a1 = await add(articleId, a);
    const a1x = await add(articleId, a1);
    expect(await deleteComment(db(), top.id)).toBe(true);
    const place = await placeOf([a.id, b.id, a1.id, a1x.id]);
    expect(place.get(a.id)).toMatchObject({ parentId: null, rootId: null, depth: 1 });
    expect(place.get(b.id)).toMatchObject({ parentId: null, rootId: null, depth: 1 });
    expect(place.get(a1.id)).toMatchObject({ parentId: a.id, rootId: a.id, depth: 2 });
    expect(place.get(a1x.id)).toMatchObject({ parentId: a1.id, rootId: a.id, depth: 3 });
  });

  it("deleting a reply moves its replies up to its parent, in the same thread", async () => {
    const articleId = await freshArticleId();
    const top = await add(articleId);
    const middle = await add(articleId, top);
    const below = await add(articleId, middle);
    const further = await add(articleId, below);
    expect(await deleteComment(db(), middle.id)).toBe(true);
    const place = await placeOf([below.id, further.id]);
    expect(place.get(below.id)).toMatchObject({ parentId: top.id, rootId: top.id, depth: 2 });
    expect(place.get(further.id)).toMatchObject({ parentId: below.id, rootId: top.id, depth: 3 });
  });

  it("handles hundreds of direct replies in one batch, and keeps the article's count exact", async () => {
    const articleId = await freshArticleId();
    const top = await add(articleId);
    const replies = [];
    for (let i = 0; i < 300; i++) replies.push(await add(articleId, top));
    await db().update(articles).set({ commentCount: 301 }).where(eq(articles.id, articleId));
    expect(await deleteComment(db(), top.id)).toBe(true);
    const rows = await db()
      .select({ parentId: comments.parentId, rootId: comments.rootId, depth: comments.depth })
      .from(comments)
      .where(eq(comments.articleId, articleId));
    expect(rows).toHaveLength(replies.length);
    expect(rows.every((row) => row.parentId === null && row.rootId === null && row.depth === 1)).toBe(true);
    expect((await db().select({ n: articles.commentCount }).from(articles).where(eq(articles.id, articleId)).get())!.n).toBe(300);
  });

  it("answers false for a comment that isn't there", async () => {
    expect(await deleteComment(db(), 987_654_321)).toBe(false);
  });
});

describe("setCommentsStatus", () => {
  it("puts comments approved together on pages one after another, each page filled before the next, as one at a time would", async () => {
    const { slug } = await seedArticle();
    const articleId = (await publishedArticleBySlug(db(), slug))!.id;
    // 45 already shown on page 1, 60 waiting: 5 fill page 1, 50 make page 2, 5 start page 3.
    for (let i = 0; i < 45; i++)
      await db()
        .update(comments)
        .set({ page: 1 })
        .where(eq(comments.id, (await add(articleId)).id));
    const waiting: number[] = [];
    for (let i = 0; i < 60; i++) {
      const { id } = await add(articleId);
      await db().update(comments).set({ status: "pending" }).where(eq(comments.id, id));
      waiting.push(id);
    }
    const { updated } = await setCommentsStatus(db(), waiting, "approved");
    expect(updated).toHaveLength(60);
    const rows = await db().select({ page: comments.page }).from(comments).where(inArray(comments.id, waiting)).orderBy(comments.id);
    const perPage = Map.groupBy(rows, (row) => row.page);
    expect([...perPage].map(([page, onIt]) => [page, onIt.length])).toEqual([
      [1, 5],
      [2, 50],
      [3, 5],
    ]);
    expect((await db().select({ n: articles.commentCount }).from(articles).where(eq(articles.id, articleId)).get())!.n).toBe(105);
  });
});
