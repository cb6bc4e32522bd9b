import { commentPostContext, insertComment, replayedComment } from "../db/comments.ts";
import type { Database } from "../db/client.ts";
import type { Article, Comment, PublicCommentRow } from "../db/schema.ts";
import { commentInput, duplicateKey, MAX_THREAD_DEPTH } from "../domain/comments/input.ts";
import { fieldErrors } from "../domain/validation.ts";
import { initialStatus, moderationMode, publicStatus } from "../domain/comments/moderation.ts";
import { countLinks, renderPlainText } from "../domain/plain-text.ts";
import { emailKeyring, encryptEmail, keyedHash, sha256Hex } from "../domain/privacy.ts";
import type { Bindings } from "../http/app-env.ts";

export interface PostCommentRequest {
  slug: string;
  /** The decoded payload, not yet validated. */
  payload: unknown;
  /** The client's address key (see clientAddressKey). */
  clientKey: string;
  /** Signs of a bot (honeypot filled, form filled too fast…): filed as spam, answered as held. */
  looksAutomated: boolean;
  /** The client's `Idempotency-Key`, if it sent one: a retry gets the first answer again. */
  idempotencyKey?: string | undefined;
  now: Date;
}

/** How long an idempotency key is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type PostCommentResult =
  | { outcome: "created"; comment: Comment; article: Article; status: "approved" | "pending" }
  | { outcome: "replayed"; comment: PublicCommentRow; status: "approved" | "pending" }
  | { outcome: "invalid"; fields: Record<string, string> }
  | { outcome: "article_not_found" }
  | { outcome: "duplicate" }
  | { outcome: "flood"; retryAfterSeconds: number };

/** WordPress's flood interval unless configured: one comment per 15 s per commenter or client. */
function floodIntervalMs(env: Bindings): number {
  const seconds = Number(env.COMMENT_FLOOD_SECONDS ?? 15);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 15_000;
}

/**
 * Validates, checks and stores one new comment: the one path shared by the
 * JSON API and the HTML form. One read round trip, one write round trip.
 * The order of refusals is WordPress's: unknown article, invalid fields,
 * duplicate, then flood (so a double submission is told it's a duplicate).
 */
export async function postComment(db: Database, env: Bindings, request: PostCommentRequest): Promise<PostCommentResult> {
  const parsed = commentInput.safeParse(request.payload);
  if (!parsed.success) return { outcome: "invalid", fields: fieldErrors(parsed.error) };
  const input = parsed.data;

  const [emailHash, bodyHash, ipHash, keyring] = await Promise.all([
    keyedHash(env.HASH_KEY, "email", input.email.toLowerCase()),
    sha256Hex(duplicateKey(input.body)),
    keyedHash(env.HASH_KEY, "ip", request.clientKey),
    emailKeyring(env.EMAIL_KEY),
  ]);
  // A key is the commenter's own, on one article: another client reusing it gets no one else's comment.
  const keyHash =
    request.idempotencyKey === undefined ? undefined : await keyedHash(env.HASH_KEY, "idempotency", `${request.slug}:${emailHash}:${request.idempotencyKey}`);
  const interval = floodIntervalMs(env);
  const floodSince = new Date(request.now.getTime() - interval);
  const idempotency = keyHash ? { keyHash, since: new Date(request.now.getTime() - IDEMPOTENCY_WINDOW_MS) } : undefined;

  const context = await commentPostContext(db, { slug: request.slug, parentId: input.parentId, emailHash, ipHash, bodyHash, floodSince, idempotency });
  const { article, parent } = context;
  if (!article) return { outcome: "article_not_found" };
  if (context.replay) return { outcome: "replayed", ...context.replay };
  if (input.parentId !== null && parent?.articleId !== article.id) {
    return { outcome: "invalid", fields: { parentId: "Reply to an approved comment on this article." } };
  }
  if (context.isDuplicate) return { outcome: "duplicate" };
  if (context.lastRecentPost) {
    return { outcome: "flood", retryAfterSeconds: (context.lastRecentPost.getTime() + interval - request.now.getTime()) / 1000 };
  }

  // Replies past the deepest level attach beside their parent, at that level.
  const thread = parent
    ? parent.depth >= MAX_THREAD_DEPTH
      ? { parentId: parent.parentId, rootId: parent.rootId, depth: MAX_THREAD_DEPTH }
      : { parentId: parent.id, rootId: parent.rootId ?? parent.id, depth: parent.depth + 1 }
    : { parentId: null, rootId: null, depth: 1 };

  const status = initialStatus({
    mode: moderationMode(env.COMMENT_MODERATION),
    linkCount: countLinks(input.body),
    previouslyApproved: context.previouslyApproved,
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
      emailEncrypted: await encryptEmail(keyring, input.email, `comment:${guid}`),
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
  return { outcome: "created", comment: result.stored, article, status: publicStatus(status) };
}
