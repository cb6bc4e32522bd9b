import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseSettings, type Settings } from "../../src/domain/settings.ts";
import { resolveSite } from "../../src/domain/site.ts";
import { type PostCommentRequest, postComment } from "../../src/services/post-comment.ts";
import { db, newComment, ORIGIN, seedArticle } from "../helpers.ts";
import { recordingEffects } from "./recording-effects.ts";

let slug: string;
beforeAll(async () => {
  slug = (await seedArticle()).slug;
});

const site = resolveSite(env, ORIGIN);
const settingsWith = (vars: Record<string, string> = {}): Settings => parseSettings({ ...env, COMMENT_FLOOD_SECONDS: "0", ...vars });

let client = 0;
function request(overrides: Partial<PostCommentRequest> = {}): PostCommentRequest {
  client += 1;
  const { author, email, body } = newComment() as { author: string; email: string; body: string };
  return {
    slug,
    input: { author, email, body, url: null, parentId: null },
    clientKey: `203.0.113.${client}`,
    looksAutomated: false,
    now: new Date(),
    ...overrides,
  };
}

afterEach(() => vi.restoreAllMocks());

describe("postComment", () => {
  it("publishes an approved comment on a comment page and purges what shows the article's comments", async () => {
    const { effects, purged } = recordingEffects();
    const result = await postComment({ db: db(), settings: settingsWith({ COMMENT_MODERATION: "none" }), site, effects }, request());
    expect(result).toMatchObject({ outcome: "created", status: "approved", purge: "done", comment: { page: 1 } });
    expect(purged).toEqual([{ kind: "comments", articleIds: [result.outcome === "created" ? result.article.id : 0] }]);
  });

  it("holds a first-time commenter's comment, purges nothing, and hands the owner's webhook call to the after-response queue", async () => {
    const webhook = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(null, { status: 204 }));
    const { effects, purged, deferred } = recordingEffects();
    const result = await postComment({ db: db(), settings: settingsWith({ NOTIFY_WEBHOOK_URL: "https://hooks.example/held" }), site, effects }, request());
    expect(result).toMatchObject({ outcome: "created", status: "pending" });
    expect(purged).toEqual([]);
    expect(deferred).toHaveLength(1);
    await Promise.all(deferred);
    expect(webhook).toHaveBeenCalledWith("https://hooks.example/held", expect.objectContaining({ method: "POST" }));
  });

  it("files a bot's comment as spam and answers it as held", async () => {
    const { effects } = recordingEffects();
    const result = await postComment({ db: db(), settings: settingsWith({ COMMENT_MODERATION: "none" }), site, effects }, request({ looksAutomated: true }));
    expect(result.outcome === "created" && result.comment.status).toBe("spam");
    expect(result).toMatchObject({ status: "pending" });
  });

  it("refuses an unknown article, a duplicate, a flood and a parent elsewhere, each as its own outcome", async () => {
    const context = {
      db: db(),
      settings: settingsWith({ COMMENT_MODERATION: "none", COMMENT_FLOOD_SECONDS: "15" }),
      site,
      effects: recordingEffects().effects,
    };
    expect(await postComment(context, request({ slug: "no-such-article" }))).toEqual({ outcome: "article_not_found" });

    const first = request();
    expect((await postComment(context, first)).outcome).toBe("created");
    expect(await postComment(context, { ...first, clientKey: "198.51.100.1" })).toEqual({ outcome: "duplicate" });
    const flood = await postComment(context, { ...request(), clientKey: first.clientKey });
    expect(flood).toMatchObject({ outcome: "flood" });
    expect(flood.outcome === "flood" && flood.retryAfterSeconds).toBeGreaterThan(0);

    const elsewhere = await seedArticle();
    const other = await postComment(context, request({ slug: elsewhere.slug }));
    const reply = request();
    const misplaced = await postComment(context, { ...reply, input: { ...reply.input, parentId: other.outcome === "created" ? other.comment.id : 0 } });
    expect(misplaced).toMatchObject({ outcome: "invalid", fields: { parentId: expect.any(String) } });
  });

  it("replays the first answer for a retried idempotency key", async () => {
    const context = { db: db(), settings: settingsWith({ COMMENT_MODERATION: "none" }), site, effects: recordingEffects().effects };
    const first = request({ idempotencyKey: "retry-1" });
    const created = await postComment(context, first);
    const retried = await postComment(context, first);
    expect(retried).toMatchObject({ outcome: "replayed", status: "approved" });
    expect(retried.outcome === "replayed" && created.outcome === "created" && retried.comment.id === created.comment.id).toBe(true);
  });
});
