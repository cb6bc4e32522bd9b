import type { Database } from "../db/client.ts";
import {
  type CommentPostContext,
  commentPostContext,
  holdFlaggedComment,
  insertComment,
  insertCommentUnread,
  type LastRead,
  replayedComment,
} from "../db/comments.ts";
import { createOutsideThread } from "../db/outside-threads.ts";
import type { Article, Comment, NewComment } from "../db/schema.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import { commentsOpen, type DiscussionSettings, matchedKey } from "../domain/comments/discussion.ts";
import { type CommentInput, duplicateKey } from "../domain/comments/input.ts";
import { type ModerationDecision, type ModerationFacts, type ModerationNote, moderationDecision, publicStatus } from "../domain/comments/moderation.ts";
import { countLinks, renderPlainText } from "../domain/plain-text.ts";
import { emailKeyring, encryptCommentEmail, keyedHash, sha256Hex } from "../domain/privacy.ts";
import type { Settings } from "../domain/settings.ts";
import { originOfUrl } from "../domain/thread-ids.ts";
import type { ClassifiedComment, CommentClassifier } from "./ai-moderation.ts";
import type { Effects, PurgeOutcome } from "./effects.ts";
import { discussionFrom, inEffect, type ReadSettings } from "./site-discussion.ts";
import { type NotifyOutcome, notifyOutcome, requestNotifications } from "./subscriptions.ts";

const NO_SUCH_PARENT = "Reply to an approved comment on this article.";

export interface PostCommentRequest {
  slug: string;
  /** The comment's fields, validated (`commentInput`). */
  input: CommentInput;
  /** The client's address key (see clientAddressKey). */
  clientKey: string;
  /** The client's address as sent (`CF-Connecting-IP`, empty when none): moderation and disallowed keys may name it; never stored. */
  clientAddress: string;
  /** Signs of a bot (honeypot filled, form filled too fast…): filed as spam, answered as held. */
  looksAutomated: boolean;
  /** The client's `Idempotency-Key`, if it sent one: a retry gets the first answer again. */
  idempotencyKey?: string | undefined;
  /** For an outside page's thread (`slug` is its `thread:` slug): its page, from which the thread is created on its first comment. */
  outsidePage?: { url: string; title: string } | undefined;
  now: Date;
}

/** What posting a comment needs besides the request. */
export interface PostCommentContext {
  db: Database;
  settings: Pick<Settings, "moderation" | "ownerNotifications" | "embedOrigins" | "floodIntervalMs" | "keys" | "email">;
  effects: Effects;
  /** Workers AI's verdicts, when the site has the binding. */
  classifier?: CommentClassifier | undefined;
}

/** How long an idempotency key is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type PostCommentResult =
  /** `purge`: whether cached pages already show an approved comment, or will within seconds. */
  | {
      outcome: "created";
      comment: Comment;
      article: Pick<Article, "id" | "slug" | "title" | "pageUrl">;
      status: "approved" | "pending";
      notify: NotifyOutcome;
      purge: PurgeOutcome;
    }
  | { outcome: "replayed"; comment: PublicCommentRow; status: "approved" | "pending"; notify: NotifyOutcome }
  | { outcome: "invalid"; fields: Record<string, string> }
  | { outcome: "article_not_found" }
  | { outcome: "closed" }
  /** An outside page not on a site the owner allows. */
  | { outcome: "origin_not_allowed" }
  | { outcome: "duplicate" }
  | { outcome: "key_reused" }
  | { outcome: "flood"; retryAfterSeconds: number };

/** What asking the classifier came to within the owner's time budget: its verdict, a failure, or an answer still to come. */
type Classification = { verdict: ModerationNote | null } | { failed: true } | { late: Promise<ModerationNote | null> };

/** Asks the classifier, waiting at most `aiTimeBudgetMs` (0: not at all) for its answer. */
async function classifyWithin(classifier: CommentClassifier, comment: ClassifiedComment, discussion: DiscussionSettings): Promise<Classification> {
  const running = classifier(comment, { spam: discussion.aiSpamCheck, abuse: discussion.aiAbuseCheck, spamThreshold: discussion.aiSpamThreshold });
  // Handled here so a failure that comes before anyone awaits it isn't reported as unhandled; awaiting it still sees the error.
  running.catch(() => undefined);
  const budget = discussion.aiTimeBudgetMs;
  if (budget === 0) return { late: running };
  let stopTimer = () => {};
  const outcome = await Promise.race([
    running.then(
      (verdict) => ({ verdict }),
      () => ({ failed: true as const }),
    ),
    new Promise<{ late: Promise<ModerationNote | null> }>((resolve) => {
      const timer = setTimeout(() => resolve({ late: running }), budget);
      stopTimer = () => clearTimeout(timer);
    }),
  ]);
  stopTimer();
  return outcome;
}

/**
 * Lets Workers AI look at a comment the rules would publish: a flag holds it;
 * no answer in time (or an error) keeps the rules' decision or holds it, as
 * the owner chose; an answer still to come is handed back to apply later.
 */
async function withClassification(
  decision: ModerationDecision,
  classifier: CommentClassifier | undefined,
  comment: ClassifiedComment,
  discussion: DiscussionSettings,
): Promise<ModerationDecision & { late?: Promise<ModerationNote | null> }> {
  if (!classifier || decision.status !== "approved" || !(discussion.aiSpamCheck || discussion.aiAbuseCheck)) return decision;
  const classified = await classifyWithin(classifier, comment, discussion);
  if ("verdict" in classified) return classified.verdict ? { status: "pending", note: classified.verdict } : decision;
  const late = "late" in classified ? classified.late : undefined;
  const fallback =
    discussion.aiWhenLate === "hold"
      ? { status: "pending" as const, note: { reason: "ai_unavailable" as const, label: late ? "no answer in time" : "error", score: null } }
      : decision;
  return { ...fallback, late };
}

/** What an isolate's last post on an article read (see insertCommentUnread), with the stored settings it read. */
type Remembered = LastRead & ReadSettings;

/** Per isolate, by slug: the articles posted on lately, the newest last. */
const lastReads = new Map<string, Remembered>();
const LAST_READS_KEPT = 500;

function remember(slug: string, known: CommentPostContext) {
  lastReads.delete(slug);
  if (!known.article) return;
  lastReads.set(slug, { article: known.article, settingsJson: known.settingsJson, stored: known.settings, resolved: new WeakMap() });
  if (lastReads.size > LAST_READS_KEPT) lastReads.delete(lastReads.keys().next().value!);
}

/**
 * Checks and stores one new comment: the one path shared by the JSON API and
 * the HTML form. Refusals never tell a stranger who wrote what: a duplicate is
 * refused (409) only to the client that sent the original; anyone else's
 * copy, after the flood check, is held like any comment (and answered so). A
 * comment on a closed article is refused; otherwise it is moderated by the
 * owner's settings and rules and, with Workers AI, classified within the
 * owner's time budget. Usually one round trip: a top-level comment on an
 * article this isolate saw a post on is stored with no read first, on what
 * that post read, by an INSERT that checks it all still holds (and whether the
 * commenter is blocked, trusted or had a comment approved before); anything
 * else (a first post there, a reply, a copy, changed settings…) reads its
 * context, then writes (after the INSERT that stored nothing, if it tried). Once stored, an approved comment's cached pages are purged; its
 * event (held or approved) goes to the notification queue (an approved one's
 * only once a late verdict has kept it published), and a `notify` request is
 * recorded (not for spam or trash).
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
  const idempotency =
    request.idempotencyKey === undefined
      ? undefined
      : {
          keyHash: await keyedHash(hashKey, "idempotency", `${request.slug}:${emailHash}:${request.idempotencyKey}`),
          payloadHash: await keyedHash(hashKey, "idempotency-payload", JSON.stringify([input.author, input.email, input.url, input.body, input.parentId])),
          since: new Date(request.now.getTime() - IDEMPOTENCY_WINDOW_MS),
        };
  const interval = settings.floodIntervalMs;
  const floodSince = new Date(request.now.getTime() - interval);
  const flooded = (last: Date): PostCommentResult => ({ outcome: "flood", retryAfterSeconds: (last.getTime() + interval - request.now.getTime()) / 1000 });
  const query = { slug: request.slug, parentId: input.parentId, author: input.author, emailHash, ipHash, bodyHash, floodSince, idempotency };

  const guid = crypto.randomUUID();
  const emailEncrypted = await encryptCommentEmail(keyring, input.email, guid);
  const commentRow = (articleId: number, thread: Pick<NewComment, "parentId" | "rootId" | "depth">, { status, note }: ModerationDecision) => ({
    guid,
    articleId,
    ...thread,
    author: input.author,
    emailEncrypted,
    emailHash,
    ipHash,
    url: input.url,
    body: input.body,
    bodyHtml: renderPlainText(input.body, { linkify: true }),
    bodyHash,
    status,
    moderation: note,
    createdAt: request.now,
    updatedAt: request.now,
  });
  // Keys are matched against the email and address as sent: only their keyed hashes are stored.
  const keyed = { ...input, address: request.clientAddress };
  const decide = (discussion: DiscussionSettings, facts: Pick<ModerationFacts, "previouslyApproved" | "copiesAnother" | "commenter">) =>
    moderationDecision({
      mode: discussion.moderation,
      maxLinks: discussion.maxLinks,
      linkCount: countLinks(input.body),
      looksAutomated: request.looksAutomated,
      disallowedKey: matchedKey(discussion.disallowedKeys, keyed),
      moderationKey: matchedKey(discussion.moderationKeys, keyed),
      ...facts,
    });
  const { outsidePage } = request;

  const last = input.parentId === null ? lastReads.get(request.slug) : undefined;
  if (last) {
    const { article } = last;
    const discussion = inEffect(last, settings);
    const origin = outsidePage && originOfUrl(outsidePage.url);
    const fresh = decide(discussion, { previouslyApproved: false, copiesAnother: false, commenter: null });
    const approvedBefore = decide(discussion, { previouslyApproved: true, copiesAnother: false, commenter: null });
    const classifies =
      context.classifier && (discussion.aiSpamCheck || discussion.aiAbuseCheck) && [fresh, approvedBefore].some((d) => d.status === "approved");
    // Whatever the last read can't settle (a refusal, the classifier's say) is left to a fresh read.
    if (
      (!outsidePage || (origin !== undefined && discussion.allowedOrigins.includes(origin))) &&
      commentsOpen(article, discussion, request.now) &&
      !classifies
    ) {
      const row = commentRow(article.id, { parentId: null, rootId: null, depth: 1 }, fresh);
      const decisions = {
        approvedBefore,
        // Neither depends on "approved before"; a trusted commenter is not classified.
        trusted: decide(discussion, { previouslyApproved: false, copiesAnother: false, commenter: "trusted" }),
        blocked: decide(discussion, { previouslyApproved: false, copiesAnother: false, commenter: "blocked" }),
      };
      const comment = await insertCommentUnread(db, row, decisions, last, query, idempotency);
      if (comment) return stored(context, request, comment, article, emailHash, ipHash);
    }
  }
  let known = await commentPostContext(db, query);
  if (outsidePage) {
    // Only a page of a site the owner allows (as the settings read just now say), before anything is stored.
    const origin = originOfUrl(outsidePage.url);
    if (origin === undefined || !discussionFrom(known.settings, settings).allowedOrigins.includes(origin)) return { outcome: "origin_not_allowed" };
    if (!known.article) {
      // A first post that would be refused makes no thread: nobody names a page's thread (its title, its URL) with a post
      // that is not stored. These are the refusals a thread not made yet can earn; the rest wait for the thread as ever.
      if (!discussionFrom(known.settings, settings).commentsOpenByDefault) return { outcome: "closed" };
      if (input.parentId !== null) return { outcome: "invalid", fields: { parentId: NO_SUCH_PARENT } };
      if (known.lastRecentPost) return flooded(known.lastRecentPost);
      // An outside page's first comment creates its thread (once per page, so the two extra round trips are rare).
      await createOutsideThread(db, { slug: request.slug, pageUrl: outsidePage.url, title: outsidePage.title }, request.now);
      known = await commentPostContext(db, query);
    }
  }
  const discussion = discussionFrom(known.settings, settings);
  remember(request.slug, known);
  const { article, parent } = known;
  if (!article) return { outcome: "article_not_found" };
  if (known.replay) {
    // The same key with other fields: the client would believe its new text was stored (IETF Idempotency-Key draft).
    if (known.replay.payloadHash !== null && known.replay.payloadHash !== idempotency?.payloadHash) return { outcome: "key_reused" };
    return { outcome: "replayed", comment: known.replay.comment, status: known.replay.status, notify: notifyOutcome(settings, input.notify) };
  }
  if (!commentsOpen(article, discussion, request.now)) return { outcome: "closed" };
  if (input.parentId !== null && parent?.articleId !== article.id) return { outcome: "invalid", fields: { parentId: NO_SUCH_PARENT } };
  // Only the client that sent the original hears "duplicate": anyone else learns nothing about who wrote what.
  if (known.duplicate === "this client") return { outcome: "duplicate" };
  if (known.lastRecentPost) return flooded(known.lastRecentPost);

  // Replies past the deepest level the owner allows attach beside their parent, at its level.
  const thread = parent
    ? parent.depth >= discussion.threadDepth
      ? { parentId: parent.parentId, rootId: parent.rootId, depth: parent.depth }
      : { parentId: parent.id, rootId: parent.rootId ?? parent.id, depth: parent.depth + 1 }
    : { parentId: null, rootId: null, depth: 1 };

  const blocked = known.rules.some((rule) => rule.kind === "block");
  const trusted = known.rules.some((rule) => rule.kind === "trust" && rule.emailHash === emailHash && rule.author.toLowerCase() === input.author.toLowerCase());
  const decision = await withClassification(
    decide(discussion, {
      previouslyApproved: known.previouslyApproved,
      copiesAnother: known.duplicate === "another client",
      commenter: blocked ? "blocked" : trusted ? "trusted" : null,
    }),
    trusted ? undefined : context.classifier,
    input,
    discussion,
  );
  const result = await insertComment(db, commentRow(article.id, thread, decision), floodSince, idempotency);
  if ("refused" in result) {
    // The same key racing itself: the first request's comment is the answer.
    const replay = idempotency && (await replayedComment(db, idempotency));
    if (replay) return { outcome: "replayed", comment: replay.comment, status: replay.status, notify: notifyOutcome(settings, input.notify) };
    return result.refused === "duplicate" ? { outcome: "duplicate" } : { outcome: "flood", retryAfterSeconds: interval / 1000 };
  }
  return stored(context, request, result.stored, article, emailHash, ipHash, decision.late);
}

/**
 * After a comment is stored: an approved one's cached pages purged, its
 * event queued (or, with a verdict still to come, once that keeps it
 * published), and the `notify` request recorded.
 */
async function stored(
  context: PostCommentContext,
  request: PostCommentRequest,
  comment: Comment,
  article: Pick<Article, "id" | "slug" | "title" | "pageUrl">,
  emailHash: string,
  ipHash: string,
  late?: Promise<ModerationNote | null>,
): Promise<PostCommentResult> {
  const { db, settings, effects } = context;
  const { input } = request;
  // Approved as posted, it is the newest comment of all: the feeds' archive pages stay as they are.
  const purge = comment.status === "approved" ? await effects.purge({ kind: "comments", articleIds: [article.id], onlyAdded: true }) : "done";
  if (comment.status === "pending") await effects.enqueue({ kind: "event", event: "comment.held", commentId: comment.id });
  const published = { kind: "event", event: "comment.approved", commentId: comment.id, posted: true } as const;
  if (comment.status === "approved" && !late) await effects.enqueue(published);
  if (comment.status === "approved" && late) {
    // A verdict that missed the budget still counts: a flagged comment is held (and its pages purged) when it comes.
    // Until then the comment is not announced: subscribers, the owner and the webhook hear of it once it stays published.
    const failed = (error: unknown) => console.warn(JSON.stringify({ event: "classification_failed", error: error instanceof Error ? error.name : "unknown" }));
    const afterwards = late
      // A model that failed leaves the comment as the rules decided: published.
      .catch((error: unknown) => {
        failed(error);
        return null;
      })
      .then(async (verdict) => {
        if (!verdict) return effects.enqueue(published);
        const held = await holdFlaggedComment(db, comment.id, verdict, new Date());
        if (held?.status !== "approved") return;
        await effects.purge({ kind: "comments", articleIds: [article.id] });
        await effects.enqueue({ kind: "event", event: "comment.held", commentId: comment.id });
      });
    await effects.defer(afterwards.catch(failed));
  }
  const notify = notifyOutcome(settings, input.notify);
  // Spam (a blocked commenter, a bot) and trash (a disallowed key) subscribe nothing and confirm nothing.
  if (notify === "requested" && input.notify !== "none" && (comment.status === "approved" || comment.status === "pending")) {
    await requestNotifications(db, effects, settings.keys, {
      email: input.email,
      emailHash,
      clientHash: ipHash,
      articleId: article.id,
      kind: input.notify,
      now: request.now,
    });
  }
  return { outcome: "created", comment, article, status: publicStatus(comment.status), notify, purge };
}
