import { type Context, Hono } from "hono";
import { clientAddressKey } from "../domain/client-address.ts";
import { commentInput } from "../domain/comments/input.ts";
import { articlePath, commentPath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { articlePageResponse } from "../http/article-page-response.tsx";
import { requireHuman } from "../http/human-check.ts";
import { burstLimit } from "../http/rate-limit.ts";
import { commentRefusal } from "../http/refusals.ts";
import { limitBody, readForm, requireMediaType } from "../http/request-body.ts";
import { requireSameOrigin } from "../http/same-origin.ts";
import { validated } from "../http/validate.ts";
import { workersAiClassifier } from "../services/ai-moderation.ts";
import { checkFormToken, type FormTokenCheck } from "../services/form-token.ts";
import { moderationHash } from "../services/moderation-link.ts";
import { postComment } from "../services/post-comment.ts";
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD } from "../views/comment-form.tsx";

/** The article page's "Leave a Reply" form, posted by browsers (works without JavaScript). */
export const commentFormPost = new Hono<AppEnv>();

/** A form whose token checked out (or was only sent too fast) keeps it when re-rendered, so the reader's time counts. */
const keptToken = (check: FormTokenCheck, form: Record<string, string>) => (check === "ok" || check === "too_fast" ? form[FORM_TOKEN_FIELD] : undefined);

/** The page again with the reader's text kept and a message beside each field (422). */
async function formWithErrors(c: Context<AppEnv>, slug: string, form: Record<string, string>, errors: Record<string, string>) {
  const tokenCheck = await checkFormToken(c.var.settings.keys.hashKey, slug, form[FORM_TOKEN_FIELD], new Date());
  const { author, email, url, body, parentId, notify } = form;
  return articlePageResponse(c, {
    slug,
    page: null,
    held: null,
    replyToId: null,
    form: { values: { author, email, url, body, parentId, notify }, errors },
    formToken: keptToken(tokenCheck, form),
    status: 422,
  });
}

commentFormPost.post(
  "/articles/:slug/comments",
  // Refusals that cost nothing come first: a cross-site or mistyped post must not spend the reader's burst quota.
  requireSameOrigin(),
  requireMediaType("application/x-www-form-urlencoded", "multipart/form-data"),
  burstLimit(),
  limitBody(),
  requireHuman("form"),
  validated("form", commentInput, async (errors, c) => formWithErrors(c, c.req.param("slug")!, await readForm(c), errors)),
  async (c) => {
    const slug = c.req.param("slug");
    const form = await readForm(c);
    const now = new Date();
    const { hashKey } = c.var.settings.keys;
    const tokenCheck = await checkFormToken(hashKey, slug, form[FORM_TOKEN_FIELD], now);
    const result = await postComment(
      { ...c.var, classifier: workersAiClassifier(c.env.AI) },
      {
        slug,
        input: c.req.valid("form"),
        clientKey: clientAddressKey(c.req.header("CF-Connecting-IP")),
        clientAddress: c.req.header("CF-Connecting-IP") ?? "",
        looksAutomated: (form[HONEYPOT_FIELD] ?? "") !== "" || tokenCheck !== "ok",
        now,
      },
    );
    switch (result.outcome) {
      case "replayed":
      case "created": {
        const { comment } = result;
        // To the comment's permalink, which the purge made a miss; if the purge has to wait
        // its turn, to the author's own view of that page (never cached) instead.
        if (result.status === "approved" && (result.outcome === "replayed" || result.purge === "done")) return c.redirect(commentPath(slug, comment), 303);
        const hash = await moderationHash(hashKey, comment);
        const page = comment.page === null ? "" : `cpage=${comment.page}&`;
        return c.redirect(`${articlePath(slug)}?${page}unapproved=${comment.id}&moderation-hash=${hash}#comment-${comment.id}`, 303);
      }
      case "invalid":
        return formWithErrors(c, slug, form, result.fields);
      case "closed":
        // The page again, saying so where the form was; nothing was stored.
        return articlePageResponse(c, { slug, page: null, held: null, replyToId: null, status: 403 });
      default:
        throw commentRefusal(result);
    }
  },
);
