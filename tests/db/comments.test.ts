import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { publishedArticleBySlug } from "../../src/db/articles.ts";
import { articlePageData, commentPostContext, insertComment, setCommentStatus } from "../../src/db/comments.ts";
import { recountComments } from "../../src/db/imports.ts";
import { type Article, articles, comments, idempotencyKeys, type NewComment } from "../../src/db/schema.ts";
import { COMMENTS_PER_PAGE } from "../../src/domain/comments/comment.ts";
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

  it("undoes a comment that lost a flood race, in the same batch, leaving no trace", async () => {
    const article = await freshArticle();
    const first = row(article, { createdAt: new Date(Date.now()) });
    await insertComment(db(), first, new Date(Date.now() - HOUR));
    // The same client posts again within the interval (the read-time check raced past it).
    const racer = row(article, { ipHash: first.ipHash });
    const outcome = await insertComment(db(), racer, new Date(Date.now() - HOUR), { keyHash: "key-hash-of-racer", payloadHash: "p" });
    expect(outcome).toEqual({ refused: "flood" });
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

describe("articlePageData", () => {
  let article: Article;
  const topLevel: number[] = [];
  beforeAll(async () => {
    article = await freshArticle();
    for (let i = 0; i < COMMENTS_PER_PAGE + 1; i++) {
      const outcome = await insertComment(db(), row(article), new Date(0));
      if ("stored" in outcome) topLevel.push(outcome.stored.id);
    }
    await insertComment(db(), row(article, { parentId: topLevel[0]!, rootId: topLevel[0]!, depth: 2 }), new Date(0));
    await insertComment(db(), row(article, { parentId: topLevel[0]!, rootId: topLevel[0]!, depth: 2, status: "spam" }), new Date(0));
  });

  it("gives a page of threads with their approved replies, oldest first, and says a next page exists", async () => {
    const data = await articlePageData(db(), article.slug, 1, null);
    const ids = data.comments.map((comment) => comment.id);
    expect(ids.filter((id) => topLevel.includes(id))).toEqual(topLevel.slice(0, COMMENTS_PER_PAGE));
    expect(data.comments.filter((comment) => comment.depth === 2)).toHaveLength(1);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(data.hasNextPage).toBe(true);
  });

  it("gives the last page with no next page", async () => {
    const data = await articlePageData(db(), article.slug, 2, null);
    expect(data.comments.map((comment) => comment.id)).toEqual([topLevel[COMMENTS_PER_PAGE]]);
    expect(data.hasNextPage).toBe(false);
  });

  it("returns a comment not published (held, spam or trash: its author is told it is held) only while recent and on this article", async () => {
    const now = new Date();
    const recent = { since: new Date(now.getTime() - 10 * 60_000) };
    const held = await insertComment(db(), row(article, { status: "pending", createdAt: now }), new Date(0));
    const heldId = "stored" in held ? held.stored.id : 0;
    expect((await articlePageData(db(), article.slug, 1, { id: heldId, ...recent })).heldComment?.id).toBe(heldId);
    expect((await articlePageData(db(), article.slug, 1, { id: heldId, since: now })).heldComment).toBeUndefined(); // its time is up
    expect((await articlePageData(db(), article.slug, 1, { id: topLevel[0]!, since: new Date(0) })).heldComment).toBeUndefined(); // approved
    const spam = await insertComment(db(), row(article, { status: "spam", createdAt: now }), new Date(0));
    const spamId = "stored" in spam ? spam.stored.id : 0;
    expect((await articlePageData(db(), article.slug, 1, { id: spamId, ...recent })).heldComment?.id).toBe(spamId);
    const other = await freshArticle();
    expect((await articlePageData(db(), other.slug, 1, { id: heldId, ...recent })).heldComment).toBeUndefined();
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

  it("recountComments repairs every article's count after an import", async () => {
    const article = await freshArticle();
    await insertComment(db(), row(article), new Date(0));
    await db().update(articles).set({ commentCount: 99 }).where(eq(articles.id, article.id));
    await recountComments(db());
    expect(await countOf(article)).toBe(1);
  });
});
