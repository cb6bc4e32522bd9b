import type { Database } from "../db/client.ts";
import { commentPostContext, insertComment, replayedComment } from "../db/comments.ts";
import type { Article, Comment } from "../db/schema.ts";
import { MAX_THREAD_DEPTH, type PublicCommentRow } from "../domain/comments/comment.ts";
import { type CommentInput, duplicateKey } from "../domain/comments/input.ts";
import { initialStatus, publicStatus } from "../domain/comments/moderation.ts";
import { countLinks, renderPlainText } from "../domain/plain-text.ts";
import { emailKeyring, encryptCommentEmail, keyedHash, sha256Hex } from "../domain/privacy.ts";
import type { Settings } from "../domain/settings.ts";
import type { Site } from "../domain/site.ts";
import type { Effects, PurgeOutcome } from "./effects.ts";
import { notifyHeldComment } from "./notify.ts";

export interface PostCommentRequest {
  slug: string;
  /** The comment's fields, validated (`commentInput`). */
  input: CommentInput;
  /** The client's address key (see clientAddressKey). */
  clientKey: string;
  /** Signs of a bot (honeypot filled, form filled too fast…): filed as spam, answered as held. */
  looksAutomated: boolean;
  /** The client's `Idempotency-Key`, if it sent one: a retry gets the first answer again. */
  idempotencyKey?: string | undefined;
  now: Date;
}

/** What posting a comment needs besides the request. */
export interface PostCommentContext {
  db: Database;
  settings: Pick<Settings, "moderation" | "floodIntervalMs" | "keys" | "notify">;
  site: Site;
  effects: Effects;
}

/** How long an idempotency key is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type PostCommentResult =
  /** `purge`: whether cached pages already show an approved comment, or will within seconds. */
  | { outcome: "created"; comment: Comment; article: Pick<Article, "id" | "slug" | "title">; status: "approved" | "pending"; purge: PurgeOutcome }
  | { outcome: "replayed"; comment: PublicCommentRow; status: "approved" | "pending" }
  | { outcome: "invalid"; fields: Record<string, string> }
  | { outcome: "article_not_found" }
  | { outcome: "duplicate" }
  | { outcome: "flood"; retryAfterSeconds: number };

/**
 * Checks and stores one new comment: the one path shared by the JSON API and
 * the HTML form. One read round trip, one write round trip. The order of
 * refusals is WordPress's: unknown article, duplicate, then flood (so a double
 * submission is told it's a duplicate). Once stored, an approved comment's
 * cached pages are purged, and a held one is sent to the owner's webhook
 * after the response.
 */
export async function postComment(context: PostCommentContext, request: PostCommentRequest): Promise<PostCommentResult> {
  const { db, settings } = context;
  const { input } = request;
  const { hashKey } = settings.keys;

  const [emailHash, bodyHash, ipHash, keyring] = await Promise.all([
    keyedHash(hashKey, "email", input.email.toLowerCase()),
    sha256Hex(duplicateKey(input.body)),
    keyedHash(hashKey, "ip", request.clientKey),
    emailKeyring(settings.keys.emailKey),
  ]);
  // A key is the commenter's own, on one article: another client reusing it gets no one else's comment.
  const keyHash =
    request.idempotencyKey === undefined ? undefined : await keyedHash(hashKey, "idempotency", `${request.slug}:${emailHash}:${request.idempotencyKey}`);
  const interval = settings.floodIntervalMs;
  const floodSince = new Date(request.now.getTime() - interval);
  const idempotency = keyHash ? { keyHash, since: new Date(request.now.getTime() - IDEMPOTENCY_WINDOW_MS) } : undefined;

  const known = await commentPostContext(db, { slug: request.slug, parentId: input.parentId, emailHash, ipHash, bodyHash, floodSince, idempotency });
  const { article, parent } = known;
  if (!article) return { outcome: "article_not_found" };
  if (known.replay) return { outcome: "replayed", ...known.replay };
  if (input.parentId !== null && parent?.articleId !== article.id) {
    return { outcome: "invalid", fields: { parentId: "Reply to an approved comment on this article." } };
  }
  if (known.isDuplicate) return { outcome: "duplicate" };
  if (known.lastRecentPost) {
    return { outcome: "flood", retryAfterSeconds: (known.lastRecentPost.getTime() + interval - request.now.getTime()) / 1000 };
  }

  // Replies past the deepest level attach beside their parent, at that level.
  const thread = parent
    ? parent.depth >= MAX_THREAD_DEPTH
      ? { parentId: parent.parentId, rootId: parent.rootId, depth: MAX_THREAD_DEPTH }
      : { parentId: parent.id, rootId: parent.rootId ?? parent.id, depth: parent.depth + 1 }
    : { parentId: null, rootId: null, depth: 1 };

  const status = initialStatus({
    mode: settings.moderation,
    linkCount: countLinks(input.body),
    previouslyApproved: known.previouslyApproved,
    looksAutomated: request.looksAutomated,
  });
  const guid = crypto.randomUUID();
  const result = await insertComment(
    db,
    {
      guid,
      articleId: article.id,
      ...thread,
      author: input.author,
      emailEncrypted: await encryptCommentEmail(keyring, input.email, guid),
      emailHash,
      ipHash,
      url: input.url,
      body: input.body,
      bodyHtml: renderPlainText(input.body, { linkify: true }),
      bodyHash,
      status,
      createdAt: request.now,
      updatedAt: request.now,
    },
    floodSince,
    keyHash,
  );
  if ("refused" in result) {
    // The same key racing itself: the first request's comment is the answer.
    const replay = idempotency && (await replayedComment(db, idempotency));
    if (replay) return { outcome: "replayed", ...replay };
    return result.refused === "duplicate" ? { outcome: "duplicate" } : { outcome: "flood", retryAfterSeconds: interval / 1000 };
  }
  const comment = result.stored;
  const purge = comment.status === "approved" ? await context.effects.purge({ kind: "comments", articleIds: [article.id] }) : "done";
  if (comment.status === "pending" && settings.notify) {
    await context.effects.defer(notifyHeldComment(settings.notify, settings.keys, context.site, article, comment));
  }
  return { outcome: "created", comment, article, status: publicStatus(status), purge };
}
