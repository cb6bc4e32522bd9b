import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import { approvedCommentsAfter } from "../db/comments.ts";
import { approvedCountsBySlug } from "../db/outside-threads.ts";
import { ARTICLE_PAGES_TAG, articleTag, COMMENTS_TAG, EMBED_TAG } from "../domain/cache-tags.ts";
import { clientAddressKey } from "../domain/client-address.ts";
import { outsideCommentInput } from "../domain/comments/input.ts";
import { type CommentThread, publicComment } from "../domain/comments/public.ts";
import { commentUrl } from "../domain/site.ts";
import { isCountId, originOfUrl, pageFitsThread, slugOfCountId, THREAD_ID_RULE, threadIdOfSlug } from "../domain/thread-ids.ts";
import type { AppEnv } from "../env.ts";
import { entityTagOf } from "../http/conditional-get.ts";
import { markPublic, PRIVATE } from "../http/edge-cache.ts";
import { AppError, notFound } from "../http/errors.ts";
import { requireHuman } from "../http/human-check.ts";
import { burstLimit } from "../http/rate-limit.ts";
import { commentRefusal } from "../http/refusals.ts";
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

/**
 * A public JSON read of the embed API, tagged with what it shows, so writes
 * purge it as they purge our own pages (one D1 round trip on a miss; the
 * edge keeps it, one copy per origin, see embedCors).
 */
async function publicJson(c: Context<AppEnv>, body: unknown, tags: string[], expiresAt?: Date): Promise<Response> {
  const text = JSON.stringify(body);
  const response = c.body(text, 200, { "Content-Type": "application/json", ETag: await entityTagOf(text) });
  markPublic(response.headers, "page", [...tags, EMBED_TAG], expiresAt);
  return response;
}

const pageQuery = z.object({
  cpage: z.optional(
    z.pipe(z.coerce.number("cpage must be a page number."), z.int("cpage must be a page number.").check(z.positive("cpage must be a page number."))),
  ),
});

/**
 * A comment page of the thread, as the widget shows it and as an article's
 * URL would: the page the owner's settings show first (`?cpage=N` for
 * another), threads in their order with the replies, the comments that
 * replies on it answer from other pages, and the pages either side. A thread
 * no comment has created yet is empty, and takes comments if new articles do
 * (tagged so that its first published comment purges it).
 */
apiThreads.get("/threads/:thread", validated("query", pageQuery), async (c) => {
  const slug = threadSlug(c);
  const id = threadIdOfSlug(slug)!;
  const { cpage = null } = c.req.valid("query");
  const result = await readArticlePage(c.var.db, c.var.settings.keys.hashKey, c.var.settings, { slug, page: cpage, held: null, replyToId: null }, new Date());
  if (result.outcome === "not_found") {
    if (result.what === "Comment page") throw notFound(result.what, [articleTag(result.articleId)]);
    if (cpage !== null) throw notFound("Comment page", [COMMENTS_TAG]);
    const { commentsOpenByDefault } = await discussionSettings(c.var.db, c.var.settings);
    const empty = { id, title: null, url: null, commentCount: 0, open: commentsOpenByDefault };
    return publicJson(c, { thread: empty, comments: [], repliedTo: [], page: null, previousPage: null, nextPage: null }, [COMMENTS_TAG, ARTICLE_PAGES_TAG]);
  }
  const { article } = result;
  const shown = inPageOrder(result.threads);
  const onThisPage = new Set(shown.map((comment) => comment.id));
  const body = {
    thread: { id, title: article.title, url: article.pageUrl, commentCount: article.commentCount, open: result.open },
    comments: shown.map(publicComment),
    // Replies here to comments shown on another page: the widget links each to its page.
    repliedTo: [...result.repliedTo.values()].filter((parent) => !onThisPage.has(parent.id)),
    page: result.page,
    previousPage: result.pagination.previous,
    nextPage: result.pagination.next,
  };
  return publicJson(c, body, [articleTag(article.id), ARTICLE_PAGES_TAG], result.closesAt);
});

/** The thread's approved comments, oldest first, as the article API lists an article's (an empty list for a thread not created yet). */
apiThreads.get("/threads/:thread/comments", validated("query", listQuery), async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const { article, comments } = await approvedCommentsAfter(c.var.db, threadSlug(c), cursor, limit + 1);
  const page = comments.slice(0, limit);
  const nextCursor = comments.length > limit ? encodeCursor(page[page.length - 1]!.id) : null;
  return publicJson(c, { comments: page.map(publicComment), nextCursor }, [article ? articleTag(article.id) : COMMENTS_TAG]);
});

/**
 * What the widget's form needs, fetched when it shows the form: the signed
 * time it was shown (too fast a post is a script's), whether Turnstile is on,
 * and whether readers may ask to be emailed. Never cached.
 */
apiThreads.get("/threads/:thread/form-token", async (c) => {
  const { settings } = c.var;
  const formToken = await issueFormToken(settings.keys.hashKey, threadSlug(c), new Date());
  c.header("Cache-Control", PRIVATE);
  return c.json({ formToken, turnstileSiteKey: settings.turnstile?.siteKey ?? null, notifyOffered: settings.email?.readers ?? false });
});

/** The page a post says it is on, when its address is an http(s) URL: Turnstile's token must have been solved there. */
const pageHostname = (payload: unknown) => {
  const pageUrl = typeof payload === "object" && payload !== null ? Reflect.get(payload, "pageUrl") : undefined;
  return typeof pageUrl === "string" && originOfUrl(pageUrl) ? new URL(pageUrl).hostname : undefined;
};

const PAGE_OF_ANOTHER_THREAD = "This thread is another page's: its id is that page's address.";

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
    if (!pageFitsThread(threadIdOfSlug(slug)!, input.pageUrl)) throw invalidPayload({ pageUrl: PAGE_OF_ANOTHER_THREAD });
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
    switch (result.outcome) {
      case "replayed":
        c.header("Idempotent-Replayed", "true");
        return c.json({ comment: publicComment(result.comment), status: result.status, notify: result.notify }, 201);
      case "created":
        c.header("Location", commentUrl(c.var.site, result.article, result.comment));
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
  // Every change of an approved count purges the site's comment feeds' tag: it tags counts too.
  return publicJson(c, { counts: Object.fromEntries(ids.map((id) => [id, counts.get(slugOfCountId(id)) ?? 0])) }, [COMMENTS_TAG]);
});
