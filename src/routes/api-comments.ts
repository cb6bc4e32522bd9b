import { Hono } from "hono";
import * as z from "zod/mini";
import { approvedCommentsAfter } from "../db/comments.ts";
import { articleTag } from "../domain/cache-tags.ts";
import { clientAddressKey } from "../domain/client-address.ts";
import { commentInput } from "../domain/comments/input.ts";
import { publicComment } from "../domain/comments/public.ts";
import { commentPath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { AppError, notFound } from "../http/errors.ts";
import { requireHuman } from "../http/human-check.ts";
import { jsonResponse } from "../http/json-response.ts";
import { burstLimit } from "../http/rate-limit.ts";
import { commentRefusal } from "../http/refusals.ts";
import { limitBody, requireMediaType } from "../http/request-body.ts";
import { invalidPayload, validated } from "../http/validate.ts";
import { workersAiClassifier } from "../services/ai-moderation.ts";
import { postComment } from "../services/post-comment.ts";

/** Comments as JSON: `POST` and `GET /api/articles/:slug/comments`. */
export const apiComments = new Hono<AppEnv>();

/** `Idempotency-Key`: 1–255 visible ASCII characters; anything else is a 400. */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new AppError(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
  }
  return header;
}

apiComments.post(
  "/articles/:slug/comments",
  requireMediaType("application/json"),
  burstLimit(),
  limitBody(),
  requireHuman("json"),
  validated("json", commentInput),
  async (c) => {
    const slug = c.req.param("slug");
    const result = await postComment(
      { ...c.var, classifier: workersAiClassifier(c.env.AI) },
      {
        slug,
        input: c.req.valid("json"),
        clientKey: clientAddressKey(c.req.header("CF-Connecting-IP")),
        clientAddress: c.req.header("CF-Connecting-IP") ?? "",
        looksAutomated: false,
        idempotencyKey: idempotencyKey(c.req.header("Idempotency-Key")),
        now: new Date(),
      },
    );
    switch (result.outcome) {
      case "replayed":
        c.header("Idempotent-Replayed", "true");
        return c.json({ comment: publicComment(result.comment), status: result.status, notify: result.notify }, 201);
      case "created":
        c.header("Location", commentPath(slug, result.comment));
        return c.json({ comment: publicComment(result.comment), status: result.status, notify: result.notify }, 201);
      case "invalid":
        throw invalidPayload(result.fields);
      default:
        throw commentRefusal(result);
    }
  },
);

/** Cursors are opaque to clients: the last id seen, base64url-encoded. */
export const encodeCursor = (id: number) => btoa(`c${id}`).replace(/=+$/, "");
function decodeCursor(cursor: string): number | null {
  try {
    const match = /^c(\d{1,15})$/.exec(atob(cursor));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** `?limit=&cursor=` of a comment list (articles' and outside threads'). */
export const listQuery = z.object({
  limit: z._default(
    z.pipe(
      z.coerce.number("limit must be a number from 1 to 100."),
      z.int("limit must be a whole number.").check(z.minimum(1, "limit must be at least 1."), z.maximum(100, "limit must be at most 100.")),
    ),
    50,
  ),
  cursor: z.pipe(
    z.optional(z.string()),
    z.transform((cursor, ctx) => {
      if (cursor === undefined || cursor === "") return 0;
      const id = decodeCursor(cursor);
      if (id === null) {
        ctx.issues.push({ code: "custom", message: "cursor is not one this API returned.", input: cursor });
        return z.NEVER;
      }
      return id;
    }),
  ),
});

apiComments.get("/articles/:slug/comments", validated("query", listQuery), (c) => {
  const { limit, cursor } = c.req.valid("query");
  const render = async () => {
    // One extra row says whether another page follows.
    const { article, comments, version } = await approvedCommentsAfter(c.var.db, c.req.param("slug"), cursor, limit + 1);
    if (!article) throw notFound("Article");
    const page = comments.slice(0, limit);
    const nextCursor = comments.length > limit ? encodeCursor(page[page.length - 1]!.id) : null;
    return { tag: articleTag(article.id), version, body: JSON.stringify({ comments: page.map(publicComment), nextCursor }) };
  };
  return jsonResponse(c, render);
});
