import { Hono } from "hono";
import { clientAddressKey } from "../domain/client-address.ts";
import { articlePath } from "../domain/site.ts";
import { afterCommentStored } from "../http/after-comment.ts";
import type { AppEnv } from "../http/app-env.ts";
import { articlePageResponse } from "../http/article-page.tsx";
import { commentRefusal } from "../http/comment-refusal.ts";
import { requireTurnstile } from "../http/human-check.ts";
import { burstLimit } from "../http/rate-limit.ts";
import { limitBody, readForm, requireMediaType } from "../http/request-body.ts";
import { requireSameOrigin } from "../http/same-origin.ts";
import { checkFormToken } from "../services/form-token.ts";
import { moderationHash } from "../services/moderation-link.ts";
import { postComment } from "../services/post-comment.ts";
import { TURNSTILE_FIELD } from "../services/turnstile.ts";
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD } from "../views/comment-form.tsx";

/** The article page's "Leave a Reply" form, posted by browsers (works without JavaScript). */
export const commentForm = new Hono<AppEnv>();

commentForm.post(
  "/articles/:slug/comments",
  burstLimit(),
  requireSameOrigin(),
  requireMediaType("application/x-www-form-urlencoded", "multipart/form-data"),
  limitBody(),
  async (c) => {
    const slug = c.req.param("slug");
    const form = await readForm(c);
    await requireTurnstile(c, form[TURNSTILE_FIELD]);
    const now = new Date();
    const tokenCheck = await checkFormToken(c.env.HASH_KEY, slug, form[FORM_TOKEN_FIELD], now);
    const result = await postComment(c.var.db, c.env, {
      slug,
      payload: form,
      clientKey: clientAddressKey(c.req.header("CF-Connecting-IP")),
      looksAutomated: (form[HONEYPOT_FIELD] ?? "") !== "" || tokenCheck !== "ok",
      now,
    });
    const path = articlePath(slug);
    switch (result.outcome) {
      case "replayed":
      case "created": {
        const { comment } = result;
        if (result.outcome === "created") await afterCommentStored(c, result.article, result.comment);
        if (result.status === "approved") return c.redirect(`${path}#comment-${comment.id}`, 303);
        const hash = await moderationHash(c.env.HASH_KEY, comment.id);
        return c.redirect(`${path}?unapproved=${comment.id}&moderation-hash=${hash}#comment-${comment.id}`, 303);
      }
      case "invalid": {
        const { author, email, url, body, parentId } = form;
        return articlePageResponse(c, {
          slug,
          page: 1,
          form: { values: { author, email, url, body, parentId }, errors: result.fields },
          formToken: tokenCheck === "ok" || tokenCheck === "too_fast" ? form[FORM_TOKEN_FIELD] : undefined,
          status: 422,
        });
      }
      default:
        throw commentRefusal(result);
    }
  },
);
