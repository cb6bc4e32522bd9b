import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { articleCommentFeedUrls, siteFeedUrls } from "../domain/feeds/article-feed.ts";
import { articlePath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { issueFormToken } from "../services/form-token.ts";
import { type ArticlePageQuery, readArticlePage } from "../services/read-article-page.ts";
import { ArticlePage } from "../views/article-page.tsx";
import type { CommentFormValues } from "../views/comment-form.tsx";
import { entityTagOf } from "./conditional-get.ts";
import { notFound } from "./errors.ts";
import { renderDocument, sendHtml } from "./render.ts";

export interface ArticlePageRequest extends ArticlePageQuery {
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
  /** A re-rendered form keeps the token it was first sent with, so the reader's time counts. */
  formToken?: string | undefined;
  status?: ContentfulStatusCode;
}

/** An article page as HTML: for GET, and for the form re-rendered with its errors. */
export async function articlePageResponse(c: Context<AppEnv>, request: ArticlePageRequest) {
  const { site, settings } = c.var;
  const { page } = request;
  const result = await readArticlePage(c.var.db, settings.keys.hashKey, request, new Date());
  if (result.outcome === "not_found") throw notFound(result.what);
  const { article } = result;

  const path = articlePath(article.slug);
  const pageHref = (n: number) => (n === 1 ? `${path}#comments` : `${path}?cpage=${n}#comments`);
  const formToken = request.formToken ?? (await issueFormToken(settings.keys.hashKey, article.slug, new Date()));
  const document = await renderDocument(
    <ArticlePage
      site={site}
      article={article}
      feeds={[
        { title: site.title, ...siteFeedUrls(site) },
        { title: `Comments on: ${article.title}`, ...articleCommentFeedUrls(site, article.slug) },
      ]}
      threads={result.threads}
      heldComment={result.heldComment}
      pagination={{ previous: page > 1 ? pageHref(page - 1) : undefined, next: result.hasNextPage ? pageHref(page + 1) : undefined }}
      replyTo={result.replyTo}
      page={page}
      form={request.form}
      formToken={formToken}
      turnstileSiteKey={settings.turnstile?.siteKey}
    />,
  );
  // The form's signed timestamp differs on every render: the validator leaves it
  // out, so unchanged pages still answer 304, but changes every hour, so a
  // browser's copy never keeps a token past its one-day life.
  const hour = Math.floor(Date.now() / 3_600_000);
  if ((request.status ?? 200) === 200) c.header("ETag", await entityTagOf(`${document.replace(formToken, "")}${hour}`));
  const response = sendHtml(c, document, request.status);
  // A held comment is shown to its author only: that page must not be shared by any cache.
  if (result.heldComment) response.headers.set("Cache-Control", "private, no-store");
  return response;
}
