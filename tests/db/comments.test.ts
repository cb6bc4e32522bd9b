import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { publishedArticleBySlug } from "../../src/db/articles.ts";
import { articlePageData, commentPostContext, insertComment, setCommentStatus } from "../../src/db/comments.ts";
import { settleImport } from "../../src/db/imports.ts";
import { type Article, articles, comments, idempotencyKeys, type NewComment } from "../../src/db/schema.ts";
import { COMMENT_PAGE_CHARACTERS, COMMENTS_PER_PAGE } from "../../src/domain/comments/comment.ts";
import { db, seedArticle } from "../helpers.ts";

const HOUR = 3_600_000;
let sequence = 0;

/** A comment row as the service would build it; each call a new commenter and text unless told otherwise. */
function row(article: Article, overrides: Partial<NewComment> = {}): NewComment & { ipHash: string } {
  sequence += 1;
  return {
    guid: crypto.randomUUID(),
    articleId: article.id,
    parentId: null,
    rootId: null,
    depth: 1,
    author: `Writer ${sequence}`,
    emailEncrypted: "1.iv.ciphertext",
    emailHash: `email-${sequence}`,
    ipHash: `ip-${sequence}`,
    url: null,
    body: `Text ${sequence}`,
    bodyHtml: `<p>Text ${sequence}</p>`,
    bodyHash: `body-${sequence}`,
    status: "approved",
    createdAt: new Date(Date.UTC(2026, 0, 1) + sequence * 60_000),
    updatedAt: new Date(Date.UTC(2026, 0, 1) + sequence * 60_000),
    ...overrides,
  } as NewComment & { ipHash: string };
}

async function freshArticle(): Promise<Article> {
  const { slug } = await seedArticle();
  return (await publishedArticleBySlug(db(), slug))!;
}

const countOf = async (article: Article) => (await db().select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id)).get())!.n;
const storedGuids = async (article: Article) =>
  (await db().select({ guid: comments.guid }).from(comments).where(eq(comments.articleId, article.id))).map((r) => r.guid);

describe("insertComment", () => {
  it("stores the comment and counts it on its article only when approved", async () => {
    const article = await freshArticle();
    const approved = await insertComment(db(), row(article), new Date(0));
    const held = await insertComment(db(), row(article, { status: "pending" }), new Date(0));
    expect("stored" in approved && "stored" in held).toBe(true);
    expect(await countOf(article)).toBe(1);
  });

  it("refuses a duplicate (same article, commenter and text) through the unique index", async () => {
    const article = await freshArticle();
    const first = row(article);
    await insertComment(db(), first, new Date(0));
    const again = await insertComment(db(), row(article, { emailHash: first.emailHash, bodyHash: first.bodyHash, ipHash: first.ipHash }), new Date(0));
    expect(again).toEqual({ refused: "duplicate" });
    // From another address it is another comment (held by the service): only the sender hears "duplicate".
    const stranger = await insertComment(db(), row(article, { emailHash: first.emailHash, bodyHash: first.bodyHash, status: "pending" }), new Date());
    expect("stored" in stranger).toBe(true);
    expect(again).toEqual({ refused: "duplicate" });
    expect(await countOf(article)).toBe(1);
  });

  it("refuses a comment that lost a flood race inside its INSERT, leaving no trace", async () => {
    const article = await freshArticle();
    const first = row(article, { createdAt: new Date(Date.now()) });
    await insertComment(db(), first, new Date(Date.now() - HOUR));
    // The same client posts again within the interval (the read-time check raced past it).
    const racer = row(article, { ipHash: first.ipHash });
    const outcome = await insertComment(db(), racer, new Date(Date.now() - HOUR), { keyHash: "key-hash-of-racer", payloadHash: "p" });
    expect(outcome).toEqual({ refused: "flood" });
    // The same commenter from another client: the commenter's flood.
    expect(await insertComment(db(), row(article, { emailHash: first.emailHash }), new Date(Date.now() - HOUR))).toEqual({ refused: "flood" });
    expect(await storedGuids(article)).toEqual([first.guid]);
    expect(await countOf(article)).toBe(1);
    // Its idempotency key isn't remembered either: a retry may succeed later.
    expect(await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.keyHash, "key-hash-of-racer"))).toEqual([]);
  });

  it("remembers the idempotency key with the comment it created", async () => {
    const article = await freshArticle();
    const outcome = await insertComment(db(), row(article, { status: "pending" }), new Date(0), { keyHash: "key-hash-kept", payloadHash: "p" });
    const key = await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.keyHash, "key-hash-kept")).get();
    expect("stored" in outcome && key?.commentId === outcome.stored.id).toBe(true);
    expect(key?.status).toBe("pending");
  });
});

describe("commentPostContext", () => {
  it("reads everything a new comment is checked against in one batch", async () => {
    const article = await freshArticle();
    const earlier = row(article, { createdAt: new Date() });
    const stored = await insertComment(db(), earlier, new Date(0));
    const parentId = "stored" in stored ? stored.stored.id : 0;
    const context = await commentPostContext(db(), {
      slug: article.slug,
      parentId,
      author: earlier.author,
      emailHash: earlier.emailHash,
      ipHash: "someone-else",
      bodyHash: earlier.bodyHash,
      floodSince: new Date(Date.now() - HOUR),
    });
    expect(context.article?.id).toBe(article.id);
    expect(context.parent?.id).toBe(parentId);
    expect(context.previouslyApproved).toBe(true);
    expect(context.duplicate).toBe("another client");
    expect(context.lastRecentPost?.getTime()).toBe(earlier.createdAt!.getTime());
    expect(context.replay).toBeUndefined();
  });

  it("finds no parent that isn't approved, and nothing for an unknown article", async () => {
    const article = await freshArticle();
    const held = await insertComment(db(), row(article, { status: "pending" }), new Date(0));
    const query = { author: "x", emailHash: "x", ipHash: "y", bodyHash: "z", floodSince: new Date() };
    expect((await commentPostContext(db(), { ...query, slug: article.slug, parentId: "stored" in held ? held.stored.id : 0 })).parent).toBeUndefined();
    expect((await commentPostContext(db(), { ...query, slug: "no-such-article", parentId: null })).article).toBeUndefined();
  });
});

describe("comment pages", () => {
  let article: Article;
  const ids: number[] = [];
  const idOf = (outcome: Awaited<ReturnType<typeof insertComment>>) => ("stored" in outcome ? outcome.stored.id : 0);
  beforeAll(async () => {
    article = await freshArticle();
    for (let i = 0; i < COMMENTS_PER_PAGE + 1; i++) ids.push(idOf(await insertComment(db(), row(article), new Date(0))));
  });

  it("puts each approved comment on the newest page until it is full, then on a new one", async () => {
    const pages = await db().select({ id: comments.id, page: comments.page }).from(comments).where(eq(comments.articleId, article.id));
    const pageOf = new Map(pages.map((r) => [r.id, r.page]));
    expect(ids.slice(0, COMMENTS_PER_PAGE).every((id) => pageOf.get(id) === 1)).toBe(true);
    expect(pageOf.get(ids[COMMENTS_PER_PAGE]!)).toBe(2);
  });

  it("starts a new page once a page holds its share of text, however few comments", async () => {
    const wordy = await freshArticle();
    const long = `<p>${"x".repeat(COMMENT_PAGE_CHARACTERS / 2)}</p>`;
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(idOf(await insertComment(db(), row(wordy, { bodyHtml: long }), new Date(0))));
    const pages = await db().select({ page: comments.page }).from(comments).where(eq(comments.articleId, wordy.id)).orderBy(comments.id);
    expect(pages.map((r) => r.page)).toEqual([1, 1, 2]);
  });

  it("leaves held comments off every page until they are approved, then keeps the page they got", async () => {
    const held = idOf(await insertComment(db(), row(article, { status: "pending" }), new Date(0)));
    const pageOf = async (id: number) => (await db().select({ page: comments.page }).from(comments).where(eq(comments.id, id)).get())!.page;
    expect(await pageOf(held)).toBeNull();
    await setCommentStatus(db(), held, "approved");
    expect(await pageOf(held)).toBe(2);
    await setCommentStatus(db(), held, "trash");
    await setCommentStatus(db(), held, "approved");
    expect(await pageOf(held)).toBe(2);
  });

  it("reads a page, the newest by default, with the pages either side", async () => {
    const newest = await articlePageData(db(), article.slug, null, null);
    expect(newest.page).toBe(2);
    expect(newest.comments.map((comment) => comment.id)).toContain(ids[COMMENTS_PER_PAGE]);
    expect([newest.previousPage, newest.nextPage]).toEqual([1, null]);
    const first = await articlePageData(db(), article.slug, 1, null);
    expect(first.comments.map((comment) => comment.id)).toEqual(ids.slice(0, COMMENTS_PER_PAGE));
    expect([first.previousPage, first.nextPage]).toEqual([null, 2]);
  });

  it("names the comments that replies on the page answer, wherever they are shown", async () => {
    const parent = ids[0]!;
    const reply = idOf(await insertComment(db(), row(article, { parentId: parent, rootId: parent, depth: 2 }), new Date(0)));
    const newest = await articlePageData(db(), article.slug, null, null);
    expect(newest.comments.map((comment) => comment.id)).toContain(reply);
    expect(newest.repliedTo.get(parent)).toMatchObject({ id: parent, page: 1 });
  });

  it("returns a held comment only while pending, recent and on this article", async () => {
    const now = new Date();
    const recent = { since: new Date(now.getTime() - 10 * 60_000) };
    const held = await insertComment(db(), row(article, { status: "pending", createdAt: now }), new Date(0));
    const heldId = "stored" in held ? held.stored.id : 0;
    expect((await articlePageData(db(), article.slug, 1, { id: heldId, ...recent })).heldComment?.id).toBe(heldId);
    expect((await articlePageData(db(), article.slug, 1, { id: heldId, since: now })).heldComment).toBeUndefined(); // its time is up
    expect((await articlePageData(db(), article.slug, 1, { id: ids[0]!, since: new Date(0) })).heldComment).toBeUndefined(); // approved
    const spam = await insertComment(db(), row(article, { status: "spam", createdAt: now }), new Date(0));
    expect((await articlePageData(db(), article.slug, 1, { id: "stored" in spam ? spam.stored.id : 0, ...recent })).heldComment).toBeUndefined();
    const other = await freshArticle();
    expect((await articlePageData(db(), other.slug, 1, { id: heldId, ...recent })).heldComment).toBeUndefined();
  });

  it("gives the version of the article's cache tag, which every change of its comments moves", async () => {
    const before = (await articlePageData(db(), article.slug, null, null)).version;
    await setCommentStatus(db(), ids[1]!, "spam");
    expect((await articlePageData(db(), article.slug, null, null)).version).toBe(before + 1);
  });
});

describe("recounts", () => {
  it("setCommentStatus keeps the article's approved count exact", async () => {
    const article = await freshArticle();
    const outcome = await insertComment(db(), row(article), new Date(0));
    const id = "stored" in outcome ? outcome.stored.id : 0;
    await setCommentStatus(db(), id, "spam");
    expect(await countOf(article)).toBe(0);
    await setCommentStatus(db(), id, "approved");
    expect(await countOf(article)).toBe(1);
  });

  it("settleImport repairs every article's count and puts imported comments on pages, thread by thread", async () => {
    const article = await freshArticle();
    const first = await insertComment(db(), row(article), new Date(0));
    const firstId = "stored" in first ? first.stored.id : 0;
    // Imported rows: approved, no page yet; a reply to the first comment written after a later thread.
    await db()
      .insert(comments)
      .values([row(article), row(article, { parentId: firstId, rootId: firstId, depth: 2 })]);
    await db().update(comments).set({ page: null }).where(eq(comments.articleId, article.id));
    await db().update(articles).set({ commentCount: 99 }).where(eq(articles.id, article.id));
    await settleImport(db());
    expect(await countOf(article)).toBe(3);
    const placed = await db().select({ id: comments.id, page: comments.page }).from(comments).where(eq(comments.articleId, article.id));
    expect(placed.map((r) => r.page)).toEqual([1, 1, 1]);
  });
});
