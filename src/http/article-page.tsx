import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { articlePageData } from "../db/comments.ts";
import { threadComments } from "../domain/comments/public.ts";
import { siteFeedUrls } from "../domain/feeds/article-feed.ts";
import { articleCommentFeedUrls } from "../domain/feeds/comment-feed.ts";
import { articlePath } from "../domain/site.ts";
import { issueFormToken } from "../services/form-token.ts";
import { turnstileEnabled } from "../services/turnstile.ts";
import { ArticlePage } from "../views/article-page.tsx";
import type { CommentFormValues } from "../views/comment-form.tsx";
import type { AppEnv } from "./app-env.ts";
import { entityTagOf } from "./conditional-get.ts";
import { notFound } from "./errors.ts";
import { renderDocument, sendHtml } from "./render.ts";

export interface ArticlePageRequest {
  slug: string;
  /** 1-based page of top-level comment threads (`?cpage=`). */
  page: number;
  heldCommentId?: number | null;
  replyToId?: number | null;
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
  /** A re-rendered form keeps the token it was first sent with, so the reader's time counts. */
  formToken?: string;
  status?: ContentfulStatusCode;
}

/** Loads (one D1 round trip) and renders an article page; shared by GET and a form re-render. */
export async function articlePageResponse(c: Context<AppEnv>, request: ArticlePageRequest) {
  const { site } = c.var;
  const { page } = request;
  const data = await articlePageData(c.var.db, request.slug, page, request.heldCommentId ?? null);
  const { article } = data;
  if (!article || (page > 1 && data.comments.length === 0)) throw notFound(article ? "Comment page" : "Article");

  const path = articlePath(article.slug);
  const pageHref = (n: number) => (n === 1 ? `${path}#comments` : `${path}?cpage=${n}#comments`);
  const replyTo = data.comments.find((comment) => comment.id === request.replyToId);
  const formToken = request.formToken ?? (await issueFormToken(c.env.HASH_KEY, article.slug, new Date()));
  const document = await renderDocument(
    <ArticlePage
      site={site}
      article={article}
      feeds={[
        { title: site.title, ...siteFeedUrls(site) },
        { title: `Comments on: ${article.title}`, ...articleCommentFeedUrls(site, article.slug) },
      ]}
      threads={threadComments(data.comments)}
      heldComment={data.heldComment}
      pagination={{ previous: page > 1 ? pageHref(page - 1) : undefined, next: data.hasNextPage ? pageHref(page + 1) : undefined }}
      replyTo={replyTo && { id: replyTo.id, author: replyTo.author }}
      page={page}
      form={request.form}
      formToken={formToken}
      turnstileSiteKey={turnstileEnabled(c.env) ? c.env.TURNSTILE_SITE_KEY : undefined}
    />,
  );
  // The form's signed timestamp differs on every render: the validator leaves it
  // out, so unchanged pages still answer 304, but changes every hour, so a
  // browser's copy never keeps a token past its one-day life.
  const hour = Math.floor(Date.now() / 3_600_000);
  if ((request.status ?? 200) === 200) c.header("ETag", await entityTagOf(`${document.replace(formToken, "")}${hour}`));
  const response = sendHtml(c, document, request.status);
  // A held comment is shown to its author only: that page must not be shared by any cache.
  if (data.heldComment) response.headers.set("Cache-Control", "private, no-store");
  return response;
}
