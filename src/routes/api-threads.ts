import { Hono } from "hono";
import * as z from "zod/mini";
import { approvedCommentsAfter } from "../db/comments.ts";
import { approvedCountsBySlug } from "../db/outside-threads.ts";
import { isSlug } from "../domain/articles/slugs.ts";
import { clientAddressKey } from "../domain/client-address.ts";
import { outsideCommentInput } from "../domain/comments/input.ts";
import { type CommentThread, publicComment } from "../domain/comments/public.ts";
import { ARTICLE_ID_PREFIX, isOutsideThreadId, originOfUrl, slugOfCountId, THREAD_ID_RULE, threadIdOfSlug } from "../domain/thread-ids.ts";
import type { AppEnv } from "../env.ts";
import { embedOrigins, originNotAllowed } from "../http/embed-cors.ts";
import { AppError, notFound } from "../http/errors.ts";
import { requireHuman } from "../http/human-check.ts";
import { burstLimit } from "../http/rate-limit.ts";
import { commentRefusal } from "../http/refusals.ts";
import { CACHE } from "../http/render.ts";
import { limitBody, readJson, requireMediaType } from "../http/request-body.ts";
import { threadSlug } from "../http/thread-param.ts";
import { invalidPayload, validated } from "../http/validate.ts";
import { workersAiClassifier } from "../services/ai-moderation.ts";
import { checkFormToken, issueFormToken } from "../services/form-token.ts";
import { postComment } from "../services/post-comment.ts";
import { readArticlePage } from "../services/read-article-page.ts";
import { discussionSettings } from "../services/site-discussion.ts";
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD } from "../views/comment-form.tsx";
import { encodeCursor, idempotencyKey, listQuery } from "./api-comments.ts";

/**
 * The embed API: comments on pages of other sites (the widget's reads and
 * posts, `/api/threads/:thread/…`) and comment counts for any thread or
 * article (`/api/counts`). Mounted behind `embedCors` (src/app.tsx).
 */
export const apiThreads = new Hono<AppEnv>();

/** Comments in the order a page shows them: each thread, then its replies, depth first. */
const inPageOrder = (threads: CommentThread[]): CommentThread["comment"][] => threads.flatMap((thread) => [thread.comment, ...inPageOrder(thread.replies)]);

const pageQuery = z.object({
  cpage: z.optional(
    z.pipe(z.coerce.number("cpage must be a page number."), z.int("cpage must be a page number.").check(z.positive("cpage must be a page number."))),
  ),
});

/**
 * A page of the thread's approved comments, as the widget shows them: the
 * page an article's URL shows (`?cpage=N` for another), threads in the
 * owner's order with their replies, and the pages either side. A thread no
 * comment has created yet is empty, and takes comments if new articles do.
 */
apiThreads.get("/threads/:thread", validated("query", pageQuery), async (c) => {
  const slug = threadSlug(c);
  const page = c.req.valid("query").cpage ?? 1;
  const discussion = await discussionSettings(c.var.db, c.var.settings);
  const result = await readArticlePage(c.var.db, c.var.settings.keys.hashKey, { slug, page, held: null, replyToId: null }, discussion, new Date());
  c.header("Cache-Control", CACHE.api);
  if (result.outcome === "not_found") {
    if (result.what === "Comment page" || page > 1) throw notFound("Comment page");
    return c.json({
      thread: { id: threadIdOfSlug(slug), title: null, url: null, commentCount: 0, open: discussion.commentsOpenByDefault },
      comments: [],
      page: 1,
      previousPage: null,
      nextPage: null,
    });
  }
  const { article } = result;
  return c.json({
    thread: { id: threadIdOfSlug(slug), title: article.title, url: article.pageUrl, commentCount: article.commentCount, open: result.open },
    comments: inPageOrder(result.threads).map(publicComment),
    page,
    previousPage: page > 1 ? page - 1 : null,
    nextPage: result.hasNextPage ? page + 1 : null,
  });
});

/** The thread's approved comments, oldest first, as the article API lists an article's (an empty list for a thread not created yet). */
apiThreads.get("/threads/:thread/comments", validated("query", listQuery), async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { comments } = await approvedCommentsAfter(c.var.db, threadSlug(c), cursor, limit + 1);
  const page = comments.slice(0, limit);
  const nextCursor = comments.length > limit ? encodeCursor(page[page.length - 1]!.id) : null;
  c.header("Cache-Control", CACHE.api);
  return c.json({ comments: page.map(publicComment), nextCursor });
});

/**
 * What the widget's form needs, fetched when it shows the form: the signed
 * time it was shown (too fast a post is a script's), whether Turnstile is on,
 * and whether readers may ask to be emailed. Never cached.
 */
apiThreads.get("/threads/:thread/form-token", async (c) => {
  const { settings } = c.var;
  const formToken = await issueFormToken(settings.keys.hashKey, threadSlug(c), new Date());
  c.header("Cache-Control", "private, no-store");
  return c.json({ formToken, turnstileSiteKey: settings.turnstile?.siteKey ?? null, notifyOffered: settings.email?.readers ?? false });
});

/** The page a post says it is on, when its address is an http(s) URL: Turnstile's token must have been solved there. */
const pageHostname = (payload: unknown) => {
  const pageUrl = typeof payload === "object" && payload !== null ? Reflect.get(payload, "pageUrl") : undefined;
  return typeof pageUrl === "string" && originOfUrl(pageUrl) ? new URL(pageUrl).hostname : undefined;
};

apiThreads.post(
  "/threads/:thread/comments",
  async (c, next) => {
    threadSlug(c); // a bad id costs nothing else
    await next();
  },
  requireMediaType("application/json"),
  burstLimit(),
  limitBody(),
  requireHuman("json", pageHostname),
  validated("json", outsideCommentInput),
  async (c) => {
    const slug = threadSlug(c);
    const input = c.req.valid("json");
    if (!(await embedOrigins(c)).includes(originOfUrl(input.pageUrl)!)) throw originNotAllowed();
    const now = new Date();
    // A post from a page in a browser (it says its Origin) passes what the article's form passes:
    // the hidden field left empty and a form token at least seconds old. Others are API clients, as on the article API.
    const payload = (await readJson(c)) as Record<string, unknown>;
    const fromPage = c.req.header("Origin") !== undefined;
    const token = typeof payload[FORM_TOKEN_FIELD] === "string" ? (payload[FORM_TOKEN_FIELD] as string) : undefined;
    const looksAutomated =
      (payload[HONEYPOT_FIELD] ?? "") !== "" || (fromPage && (await checkFormToken(c.var.settings.keys.hashKey, slug, token, now)) !== "ok");
    const result = await postComment(
      { ...c.var, classifier: workersAiClassifier(c.env.AI) },
      {
        slug,
        input,
        clientKey: clientAddressKey(c.req.header("CF-Connecting-IP")),
        clientAddress: c.req.header("CF-Connecting-IP") ?? "",
        looksAutomated,
        idempotencyKey: idempotencyKey(c.req.header("Idempotency-Key")),
        outsidePage: { url: input.pageUrl, title: input.pageTitle },
        now,
      },
    );
    c.header("Cache-Control", "no-store");
    switch (result.outcome) {
      case "replayed":
        c.header("Idempotent-Replayed", "true");
        return c.json({ comment: publicComment(result.comment), status: result.status, notify: result.notify }, 201);
      case "created":
        c.header("Location", `${result.article.pageUrl ?? input.pageUrl}#comment-${result.comment.id}`);
        return c.json({ comment: publicComment(result.comment), status: result.status, notify: result.notify }, 201);
      case "invalid":
        throw invalidPayload(result.fields);
      default:
        throw commentRefusal(result);
    }
  },
);

const MAX_COUNTED = 100;
const COUNT_ID_RULE = `Each thread is an outside thread's id or article:<slug>, at most ${MAX_COUNTED} of them. ${THREAD_ID_RULE}`;
const isCountId = (id: string) => (id.startsWith(ARTICLE_ID_PREFIX) ? isSlug(id.slice(ARTICLE_ID_PREFIX.length)) : isOutsideThreadId(id));

/**
 * `?thread=ID&thread=ID…` (up to 100): each thread's approved comments, in
 * one query: `{ counts: { ID: n } }`. Our own articles are `article:<slug>`;
 * an unknown thread has none.
 */
apiThreads.get("/counts", async (c) => {
  const ids = [...new Set(c.req.queries("thread") ?? [])];
  if (ids.length === 0 || ids.length > MAX_COUNTED || !ids.every(isCountId)) {
    throw new AppError(400, "invalid_query", "The query parameters are not valid.", { fields: { thread: COUNT_ID_RULE } });
  }
  const counts = await approvedCountsBySlug(c.var.db, ids.map(slugOfCountId));
  c.header("Cache-Control", CACHE.api);
  return c.json({ counts: Object.fromEntries(ids.map((id) => [id, counts.get(slugOfCountId(id)) ?? 0])) });
});
