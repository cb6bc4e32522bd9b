import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "../../src/db/client.ts";
import { addCommenterRule } from "../../src/db/commenter-rules.ts";
import { InstrumentedD1 } from "../../src/db/instrumented-d1.ts";
import { articles } from "../../src/db/schema.ts";
import type { ModerationNote } from "../../src/domain/comments/moderation.ts";
import { parseSettings, type Settings } from "../../src/domain/settings.ts";
import { outsideSlug } from "../../src/domain/thread-ids.ts";
import type { CommentClassifier } from "../../src/services/ai-moderation.ts";
import { type PostCommentRequest, postComment } from "../../src/services/post-comment.ts";
import { updateDiscussion } from "../../src/services/site-discussion.ts";
import { db, newComment, seedArticle } from "../helpers.ts";
import { recordingEffects } from "./recording-effects.ts";

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
});

const settingsWith = (vars: Record<string, string> = {}): Settings => parseSettings({ ...env, COMMENT_FLOOD_SECONDS: "0", ...vars });

let client = 0;
function request(overrides: Partial<PostCommentRequest> = {}): PostCommentRequest {
  client += 1;
  const { author, email, body } = newComment() as { author: string; email: string; body: string };
  return {
    slug,
    input: { author, email, body, url: null, parentId: null, notify: "none" },
    clientKey: `203.0.113.${client}`,
    clientAddress: `203.0.113.${client}`,
    looksAutomated: false,
    now: new Date(),
    ...overrides,
  };
}

afterEach(() => vi.restoreAllMocks());

describe("postComment", () => {
  it("publishes an approved comment on a comment page and purges what shows the article's comments", async () => {
    const { effects, purged, enqueued } = recordingEffects();
    const result = await postComment({ db: db(), settings: settingsWith({ COMMENT_MODERATION: "none" }), effects }, request());
    expect(result).toMatchObject({ outcome: "created", status: "approved", purge: "done", comment: { page: 1 } });
    // The newest comment of all: only added to the feeds' current documents, never to an archive page.
    expect(purged).toEqual([{ kind: "comments", articleIds: [result.outcome === "created" ? result.article.id : 0], onlyAdded: true }]);
    expect(enqueued).toEqual([{ kind: "event", event: "comment.approved", commentId: result.outcome === "created" ? result.comment.id : 0, posted: true }]);
  });

  it("holds a first-time commenter's comment, purges nothing, and queues the held event for the owner", async () => {
    const { effects, purged, enqueued } = recordingEffects();
    const result = await postComment({ db: db(), settings: settingsWith(), effects }, request());
    expect(result).toMatchObject({ outcome: "created", status: "pending", notify: "none" });
    expect(purged).toEqual([]);
    expect(enqueued).toEqual([{ kind: "event", event: "comment.held", commentId: result.outcome === "created" ? result.comment.id : 0 }]);
  });

  it("records a reader's notify request and queues the confirmation, once", async () => {
    const { effects, enqueued } = recordingEffects();
    const context = { db: db(), settings: settingsWith(), effects };
    const first = request();
    const asked = { ...first, input: { ...first.input, notify: "replies" as const } };
    expect(await postComment(context, asked)).toMatchObject({ outcome: "created", notify: "requested" });
    expect(await postComment(context, { ...asked, input: { ...asked.input, body: "And again" } })).toMatchObject({ notify: "requested" });
    expect(enqueued.filter((job) => job.kind === "confirm")).toEqual([{ kind: "confirm", addressId: expect.any(Number), articleId: expect.any(Number) }]);
    const off = { ...context, settings: settingsWith({ EMAIL_READERS: "false" }) };
    expect(await postComment(off, { ...asked, input: { ...asked.input, body: "Third" } })).toMatchObject({ notify: "unavailable" });
  });

  it("makes no outside thread for a first post it refuses (flood, a reply to nothing there): nobody names a page's thread with a refused post", async () => {
    const context = {
      db: db(),
      settings: settingsWith({ COMMENT_FLOOD_SECONDS: "60", EMBED_ORIGINS: "https://blog.example.com" }),
      effects: recordingEffects().effects,
    };
    const onPage = (path: string, overrides: Partial<PostCommentRequest> = {}) =>
      request({
        slug: outsideSlug(`https://blog.example.com${path}`),
        outsidePage: { url: `https://blog.example.com${path}`, title: `Claimed ${path}` },
        ...overrides,
      });
    const first = onPage(`/first-${crypto.randomUUID()}/`);
    expect(await postComment(context, first)).toMatchObject({ outcome: "created" });
    // The same client at once on another page: flooding, so that page gets no thread.
    const flooding = onPage(`/flooded-${crypto.randomUUID()}/`, { clientKey: first.clientKey, clientAddress: first.clientAddress });
    expect(await postComment(context, flooding)).toMatchObject({ outcome: "flood" });
    const reply = onPage(`/replied-${crypto.randomUUID()}/`);
    expect(await postComment(context, { ...reply, input: { ...reply.input, parentId: 1 } })).toMatchObject({
      outcome: "invalid",
      fields: { parentId: expect.any(String) },
    });
    for (const refused of [flooding, reply]) expect(await db().select().from(articles).where(eq(articles.slug, refused.slug))).toEqual([]);
  });

  it("files a bot's comment as spam and answers it as held", async () => {
    const { effects, enqueued } = recordingEffects();
    const bot = request({ looksAutomated: true });
    const result = await postComment(
      { db: db(), settings: settingsWith({ COMMENT_MODERATION: "none" }), effects },
      { ...bot, input: { ...bot.input, notify: "thread" } },
    );
    expect(result.outcome === "created" && result.comment.status).toBe("spam");
    // Answered as a person's would be, but no event and no email to the address it typed.
    expect(result).toMatchObject({ status: "pending", notify: "requested" });
    expect(enqueued).toEqual([]);
  });

  it("subscribes nothing for a blocked commenter's comment (spam) or one a disallowed key trashed, answering both as held", async () => {
    const settings = settingsWith({ COMMENT_MODERATION: "none" });
    const asking = (overrides: Partial<PostCommentRequest["input"]> = {}) => {
      const base = request();
      return { ...base, input: { ...base.input, notify: "thread" as const, ...overrides } };
    };
    const first = request();
    const published = await postComment({ db: db(), settings, effects: recordingEffects().effects }, first);
    await addCommenterRule(db(), published.outcome === "created" ? published.comment.id : 0, "block", false, new Date());
    await updateDiscussion(db(), recordingEffects().effects, settings, { disallowedKeys: ["forbidden-word"] }, new Date());
    try {
      for (const [input, status] of [
        [{ ...first.input, body: "Blocked, writing again", notify: "thread" }, "spam"],
        [asking({ body: "A forbidden-word here" }).input, "trash"],
      ] as const) {
        const { effects, enqueued } = recordingEffects();
        const result = await postComment({ db: db(), settings, effects }, { ...request(), input });
        expect(result.outcome === "created" && result.comment.status).toBe(status);
        expect(result).toMatchObject({ status: "pending", notify: "requested" });
        expect(enqueued).toEqual([]);
        const hash = result.outcome === "created" ? result.comment.emailHash : "";
        const addresses = await env.DB.prepare("SELECT count(*) AS n FROM subscriber_addresses WHERE email_hash = ?").bind(hash).first<{ n: number }>();
        expect(addresses!.n).toBe(0);
      }
    } finally {
      await updateDiscussion(db(), recordingEffects().effects, settings, { disallowedKeys: [] }, new Date());
    }
  });

  it("announces a comment a late verdict may hold only once the verdict is in: held if flagged, approved otherwise", async () => {
    const settings = settingsWith({ COMMENT_MODERATION: "none" });
    const flagged: ModerationNote = { reason: "ai_spam", label: "spam", score: 0.99 };
    const answering =
      (answer: () => ModerationNote | null): CommentClassifier =>
      () =>
        new Promise((resolve, reject) =>
          setTimeout(() => {
            try {
              resolve(answer());
            } catch (error) {
              reject(error);
            }
          }, 20),
        );
    // A budget of 0: every verdict comes after the comment is stored.
    await updateDiscussion(db(), recordingEffects().effects, settings, { aiTimeBudgetMs: 0 }, new Date());
    vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (const [classifier, event] of [
        [answering(() => flagged), "comment.held"],
        [answering(() => null), "comment.approved"],
        [
          answering(() => {
            throw new Error("model down");
          }),
          "comment.approved",
        ],
      ] as const) {
        const { effects, enqueued, deferred, purged } = recordingEffects();
        const result = await postComment({ db: db(), settings, effects, classifier }, request());
        expect(result).toMatchObject({ outcome: "created", status: "approved" });
        // Published, but not announced yet: subscribers, the owner and the webhook wait for the verdict.
        expect(enqueued).toEqual([]);
        await Promise.all(deferred);
        expect(enqueued).toEqual([expect.objectContaining({ kind: "event", event, commentId: result.outcome === "created" ? result.comment.id : 0 })]);
        // Published pages were purged when it was stored, and again (archive pages too: it left them) when a flag held it.
        const articleIds = [result.outcome === "created" ? result.article.id : 0];
        const posted = { kind: "comments", articleIds, onlyAdded: true };
        expect(purged).toEqual(event === "comment.held" ? [posted, { kind: "comments", articleIds }] : [posted]);
      }
    } finally {
      await updateDiscussion(db(), recordingEffects().effects, settings, { aiTimeBudgetMs: 300 }, new Date());
    }
  });

  it("refuses an unknown article, a duplicate, a flood and a parent elsewhere, each as its own outcome", async () => {
    const context = {
      db: db(),
      settings: settingsWith({ COMMENT_MODERATION: "none", COMMENT_FLOOD_SECONDS: "15" }),
      effects: recordingEffects().effects,
    };
    expect(await postComment(context, request({ slug: "no-such-article" }))).toEqual({ outcome: "article_not_found" });

    const first = request();
    expect((await postComment(context, first)).outcome).toBe("created");
    expect(await postComment(context, first)).toEqual({ outcome: "duplicate" });
    // From another client, the same commenter's copy is only ever "too quick" (or, later, held): never "duplicate".
    expect(await postComment(context, { ...first, clientKey: "198.51.100.1" })).toMatchObject({ outcome: "flood" });
    const flood = await postComment(context, { ...request(), clientKey: first.clientKey });
    expect(flood).toMatchObject({ outcome: "flood" });
    expect(flood.outcome === "flood" && flood.retryAfterSeconds).toBeGreaterThan(0);

    const elsewhere = await seedArticle();
    const other = await postComment(context, request({ slug: elsewhere.slug }));
    const reply = request();
    const misplaced = await postComment(context, { ...reply, input: { ...reply.input, parentId: other.outcome === "created" ? other.comment.id : 0 } });
    expect(misplaced).toMatchObject({ outcome: "invalid", fields: { parentId: expect.any(String) } });
  });

  it("stores a top-level comment in one round trip on an article it read before, while what it read still holds", async () => {
    const settings = settingsWith({ COMMENT_MODERATION: "none" });
    const article = await seedArticle();
    const counted = () => {
      const counter = new InstrumentedD1();
      return { counter, context: { db: createDb(counter.wrap(env.DB)), settings, effects: recordingEffects().effects } };
    };
    const post = async (overrides: Partial<PostCommentRequest> = {}) => {
      const { counter, context } = counted();
      const result = await postComment(context, request({ slug: article.slug, ...overrides }));
      return { result, roundTrips: counter.count };
    };
    // The first post there reads, then writes; the next ones only write (with an Idempotency-Key too).
    expect(await post()).toMatchObject({ result: { outcome: "created", status: "approved", comment: { page: 1 } }, roundTrips: 2 });
    expect(await post()).toMatchObject({ result: { outcome: "created", status: "approved", comment: { page: 1 } }, roundTrips: 1 });
    expect(await post({ idempotencyKey: "one-trip" })).toMatchObject({ result: { outcome: "created", status: "approved" }, roundTrips: 1 });
    // Settings changed since: the INSERT stores nothing, and the post reads them afresh and writes as they say.
    await updateDiscussion(db(), recordingEffects().effects, settings, { moderation: "all" }, new Date());
    try {
      expect(await post()).toMatchObject({ result: { outcome: "created", status: "pending" }, roundTrips: 3 });
      expect(await post()).toMatchObject({ result: { outcome: "created", status: "pending" }, roundTrips: 1 });
    } finally {
      await updateDiscussion(db(), recordingEffects().effects, settings, { moderation: "none" }, new Date());
    }
    // A returning commenter (approved before) under first-time moderation is told apart inside the INSERT.
    const firstTime = settingsWith({ COMMENT_MODERATION: "first-time" });
    const returning = request({ slug: article.slug });
    await postComment({ db: db(), settings, effects: recordingEffects().effects }, returning);
    const again = { ...request({ slug: article.slug }), input: { ...returning.input, body: "Back again" } };
    const counter = new InstrumentedD1();
    const back = await postComment({ db: createDb(counter.wrap(env.DB)), settings: firstTime, effects: recordingEffects().effects }, again);
    expect(back).toMatchObject({ outcome: "created", status: "approved" });
    expect(counter.count).toBe(1);
    // A blocked commenter (by address) and a trusted one (by name and email) are told apart inside the INSERT too.
    const blocked = request({ slug: article.slug });
    const spammed = await postComment({ db: db(), settings, effects: recordingEffects().effects }, blocked);
    await addCommenterRule(db(), spammed.outcome === "created" ? spammed.comment.id : 0, "block", true, new Date());
    const fromThere = { ...request({ slug: article.slug }), clientKey: blocked.clientKey };
    expect(await post(fromThere)).toMatchObject({ result: { outcome: "created", status: "pending", comment: { status: "spam" } }, roundTrips: 1 });
    const trusted = request({ slug: article.slug });
    const kept = await postComment({ db: db(), settings, effects: recordingEffects().effects }, trusted);
    await addCommenterRule(db(), kept.outcome === "created" ? kept.comment.id : 0, "trust", false, new Date());
    await updateDiscussion(db(), recordingEffects().effects, settings, { moderation: "all" }, new Date());
    try {
      await post(); // the post that reads the changed settings
      const sameName = { ...request({ slug: article.slug }), input: { ...trusted.input, author: trusted.input.author.toUpperCase(), body: "Trusted again" } };
      expect(await post(sameName)).toMatchObject({ result: { outcome: "created", status: "approved" }, roundTrips: 1 });
      // Under another name the email's trust doesn't hold: the read settles it (held, as every comment now).
      const otherName = { ...request({ slug: article.slug }), input: { ...trusted.input, author: "Someone Else", body: "Not me" } };
      expect(await post(otherName)).toMatchObject({ result: { outcome: "created", status: "pending" }, roundTrips: 3 });
    } finally {
      await updateDiscussion(db(), recordingEffects().effects, settings, { moderation: "none" }, new Date());
    }
    // The article closed since: refused as closed, however recently it was read.
    await db().update(articles).set({ commentStatus: "closed" }).where(eq(articles.slug, article.slug));
    expect(await post()).toMatchObject({ result: { outcome: "closed" }, roundTrips: 2 });
  });

  it("replays the first answer for a retried idempotency key", async () => {
    const context = { db: db(), settings: settingsWith({ COMMENT_MODERATION: "none" }), effects: recordingEffects().effects };
    const first = request({ idempotencyKey: "retry-1" });
    const created = await postComment(context, first);
    const retried = await postComment(context, first);
    expect(retried).toMatchObject({ outcome: "replayed", status: "approved" });
    expect(retried.outcome === "replayed" && created.outcome === "created" && retried.comment.id === created.comment.id).toBe(true);
  });
});
