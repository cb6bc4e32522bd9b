import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { articlePageData } from "../db/comments.ts";
import { siteFeedUrls } from "../domain/feeds/article-feed.ts";
import { articleCommentFeedUrls } from "../domain/feeds/comment-feed.ts";
import { threadComments } from "../domain/comments/public.ts";
import { articlePath } from "../domain/site.ts";
import type { CommentFormValues } from "../views/comment-form.tsx";
import { ArticlePage } from "../views/article-page.tsx";
import type { AppEnv } from "./app-env.ts";
import { notFound } from "./errors.ts";
import { renderPage } from "./render.ts";

export interface ArticlePageRequest {
  slug: string;
  /** 1-based page of top-level comment threads (`?cpage=`). */
  page: number;
  heldCommentId?: number | null;
  replyToId?: number | null;
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
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
  const feeds = [
    { title: site.title, ...siteFeedUrls(site) },
    { title: `Comments on: ${article.title}`, ...articleCommentFeedUrls(site, article.slug) },
  ];
  const response = await renderPage(
    c,
    <ArticlePage
      site={site}
      article={article}
      feeds={feeds}
      threads={threadComments(data.comments)}
      heldComment={data.heldComment}
      pagination={{ previous: page > 1 ? pageHref(page - 1) : undefined, next: data.hasNextPage ? pageHref(page + 1) : undefined }}
      replyTo={replyTo && { id: replyTo.id, author: replyTo.author }}
      page={page}
      form={request.form}
    />,
    request.status,
  );
  // A held comment is shown to its author only: that page must not be shared by any cache.
  if (data.heldComment) response.headers.set("Cache-Control", "private, no-store");
  return response;
}
