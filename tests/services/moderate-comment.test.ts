import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { setCommentStatus } from "../../src/db/comments.ts";
import { parseSettings } from "../../src/domain/settings.ts";
import { moderateComment, moderateComments } from "../../src/services/moderate-comment.ts";
import { postComment } from "../../src/services/post-comment.ts";
import { db, seedArticle } from "../helpers.ts";
import { recordingEffects } from "./recording-effects.ts";

const settings = parseSettings({ ...env, COMMENT_MODERATION: "none", COMMENT_FLOOD_SECONDS: "0" });

async function storedComment(slug: string, body = `Text ${crypto.randomUUID()}`) {
  const input = { author: "Ada", email: "ada@example.com", url: null, body, parentId: null, notify: "none" as const };
  const context = { db: db(), settings, effects: recordingEffects().effects };
  const result = await postComment(context, { slug, input, clientKey: "local", clientAddress: "", looksAutomated: false, now: new Date() });
  if (result.outcome !== "created") throw new Error(result.outcome);
  return result.comment;
}

describe("moderateComment", () => {
  it("applies the decision and purges what showed the article's comments", async () => {
    const { slug } = await seedArticle();
    const comment = await storedComment(slug);
    const { effects, purged, enqueued } = recordingEffects();
    expect(await moderateComment(db(), effects, comment.id, "spam")).toEqual({ outcome: "done" });
    expect(purged).toEqual([{ kind: "comments", articleIds: [comment.articleId] }]);
    expect(enqueued).toEqual([]);
  });

  it("queues an event when a comment becomes approved (not when it already was) and when it is deleted", async () => {
    const { slug } = await seedArticle();
    const comment = await storedComment(slug);
    await setCommentStatus(db(), comment.id, "pending");
    const { effects, enqueued } = recordingEffects();
    await moderateComment(db(), effects, comment.id, "approved");
    await moderateComment(db(), effects, comment.id, "approved");
    await moderateComment(db(), effects, comment.id, "delete");
    expect(enqueued).toEqual([
      { kind: "event", event: "comment.approved", commentId: comment.id, posted: false },
      { kind: "event", event: "comment.deleted", comment: { id: comment.id, guid: comment.guid, article: { slug, title: expect.any(String), pageUrl: null } } },
    ]);
  });

  it("in bulk, queues an event for each comment that became approved, as one at a time does", async () => {
    const { slug } = await seedArticle();
    const [held, spam, published] = [await storedComment(slug), await storedComment(slug), await storedComment(slug)];
    await setCommentStatus(db(), held.id, "pending");
    await setCommentStatus(db(), spam.id, "spam");
    const { effects, enqueued } = recordingEffects();
    expect(await moderateComments(db(), effects, [held.id, spam.id, published.id], "approved")).toEqual({ outcome: "done", updated: 2 });
    expect(enqueued).toHaveLength(2);
    expect(enqueued).toEqual(
      expect.arrayContaining([
        { kind: "event", event: "comment.approved", commentId: held.id, posted: false },
        { kind: "event", event: "comment.approved", commentId: spam.id, posted: false },
      ]),
    );
    // Already approved: no second event; other statuses are no event at all.
    await moderateComments(db(), effects, [held.id, published.id], "approved");
    await moderateComments(db(), effects, [held.id, spam.id], "trash");
    expect(enqueued).toHaveLength(2);
  });

  it("purges nothing between statuses readers never see", async () => {
    const { slug } = await seedArticle();
    const comment = await storedComment(slug);
    await setCommentStatus(db(), comment.id, "pending");
    const { effects, purged } = recordingEffects();
    expect(await moderateComment(db(), effects, comment.id, "spam")).toEqual({ outcome: "done" });
    expect(await moderateComment(db(), effects, comment.id, "trash")).toEqual({ outcome: "done" });
    expect(purged).toEqual([]);
    expect(await moderateComment(db(), effects, comment.id, "delete")).toEqual({ outcome: "done" });
    expect(purged).toEqual([{ kind: "comments", articleIds: [comment.articleId] }]);
  });

  it("answers not_found for an unknown comment, purging nothing", async () => {
    const { effects, purged } = recordingEffects();
    expect(await moderateComment(db(), effects, 999_999, "approved")).toEqual({ outcome: "not_found" });
    expect(purged).toEqual([]);
  });

  it("answers duplicate when restoring a trashed comment its author has since posted again", async () => {
    const { slug } = await seedArticle();
    const trashed = await storedComment(slug, "Said twice");
    await setCommentStatus(db(), trashed.id, "trash");
    await storedComment(slug, "Said twice");
    expect(await moderateComment(db(), recordingEffects().effects, trashed.id, "approved")).toEqual({ outcome: "duplicate" });
  });

  it("deletes for good", async () => {
    const { slug } = await seedArticle();
    const comment = await storedComment(slug);
    expect(await moderateComment(db(), recordingEffects().effects, comment.id, "delete")).toEqual({ outcome: "done" });
    expect(await moderateComment(db(), recordingEffects().effects, comment.id, "delete")).toEqual({ outcome: "not_found" });
  });
});
