import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { articlePageResponse } from "../http/article-page.tsx";
import { AppError, notFound } from "../http/errors.ts";
import { limitBody, readForm, requireMediaType } from "../http/request-body.ts";
import { clientAddressKey } from "../domain/client-address.ts";
import { articlePath } from "../domain/site.ts";
import { moderationHash } from "../services/moderation-link.ts";
import { postComment } from "../services/post-comment.ts";
import { HONEYPOT_FIELD } from "../views/comment-form.tsx";

/** The article page's "Leave a Reply" form, posted by browsers (works without JavaScript). */
export const commentForm = new Hono<AppEnv>();

commentForm.post(
  "/articles/:slug/comments",
  requireMediaType("application/x-www-form-urlencoded", "multipart/form-data"),
  limitBody(),
  async (c) => {
    const slug = c.req.param("slug");
    const form = await readForm(c);
    const result = await postComment(c.var.db, c.env, {
      slug,
      payload: form,
      clientKey: clientAddressKey(c.req.header("CF-Connecting-IP")),
      honeypotFilled: (form[HONEYPOT_FIELD] ?? "") !== "",
      now: new Date(),
    });
    const path = articlePath(slug);
    switch (result.outcome) {
      case "created": {
        const { comment } = result;
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
          status: 422,
        });
      }
      case "article_not_found":
        throw notFound("Article");
      case "duplicate":
        throw new AppError(409, "duplicate_comment", "Duplicate comment detected; it looks as though you’ve already said that!");
    }
  },
);
