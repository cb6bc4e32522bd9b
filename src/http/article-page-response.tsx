import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ARTICLE_PAGES_TAG, articleTag } from "../domain/cache-tags.ts";
import type { PublicCommentRow } from "../domain/comments/comment.ts";
import type { CommentThread } from "../domain/comments/public.ts";
import { articleCommentFeedUrls, siteFeedUrls } from "../domain/feeds/article-feed.ts";
import { messagesFor } from "../domain/messages/catalogue.ts";
import { articlePath, commentPagePath } from "../domain/site.ts";
import { newsArticleJsonLd } from "../domain/structured-data.ts";
import type { AppEnv } from "../env.ts";
import { issueFormToken } from "../services/form-token.ts";
import { type ArticlePageQuery, type ArticlePageResult, readArticlePage } from "../services/read-article-page.ts";
import { ArticlePage } from "../views/article-page.tsx";
import { type CommentFormValues, FORM_TOKEN_FIELD } from "../views/comment-form.tsx";
import { commentsSection } from "../views/comment-list.ts";
import { markPrivate, markPublic } from "./edge-cache.ts";
import { notFound } from "./errors.ts";
import { HTML, renderDocument, sendHtml } from "./render.ts";
import { bytesWith, renderOnce } from "./render-once.ts";

export interface ArticlePageRequest extends ArticlePageQuery {
  /** The page as someone was sent it after posting (`?unapproved=`): theirs alone, never stored. */
  privateView?: boolean;
  form?: { values?: CommentFormValues; errors?: Record<string, string> };
  /** A re-rendered form keeps the token it was first sent with, so the reader's time counts. */
  formToken?: string | undefined;
  status?: ContentfulStatusCode;
}

type Found = Extract<ArticlePageResult, { outcome: "found" }>;

// Pages are rendered (and kept) with this in place of the form's signed
// timestamp, which is filled in per response. Nothing a reader or author
// writes can contain the attribute pair around it: their quotes are escaped.
const TOKEN_SLOT = "form-token";
const slotted = (token: string) => `name="${FORM_TOKEN_FIELD}" value="${token}"`;

/** Not found: shared until publishing purges it, and (a scheduled article) no longer than until its time. */
function notFoundFor(result: Exclude<ArticlePageResult, Found>) {
  return result.what === "Article" ? notFound(result.what, undefined, result.liveAt) : notFound(result.what, [articleTag(result.articleId)]);
}

/** The comments of threads, each followed by its replies, as the page lists them. */
const shown = (threads: CommentThread[]): PublicCommentRow[] => threads.flatMap((thread) => [thread.comment, ...shown(thread.replies)]);

async function renderArticlePage(c: Context<AppEnv>, request: ArticlePageRequest, result: Found, formToken: string): Promise<string> {
  const { site, settings } = c.var;
  const { article } = result;
  const path = articlePath(article.slug);
  const pageHref = (n: number | null) => (n === null ? undefined : `${commentPagePath(article.slug, n)}#comments`);
  const pagination = { previous: pageHref(result.pagination.previous), next: pageHref(result.pagination.next) };
  const commentsHtml = commentsSection({
    threads: result.threads,
    count: article.commentCount,
    language: site.language,
    t: messagesFor(site.language),
    // The comment's own page, which keeps showing it (the newest page may have moved on by the time the reader clicks); none when comments are closed.
    replyHref: result.open
      ? (comment) => `${comment.page === null ? `${path}?` : `${commentPagePath(article.slug, comment.page)}&`}replyto=${comment.id}#respond`
      : undefined,
    repliedTo: result.repliedTo,
    heldComment: result.heldComment,
    pagination,
  });
  return renderDocument(
    <ArticlePage
      site={site}
      article={article}
      feeds={[
        { title: site.title, ...siteFeedUrls(site) },
        { title: `Comments on: ${article.title}`, ...articleCommentFeedUrls(site, article.slug) },
      ]}
      commentsHtml={commentsHtml}
      pagination={pagination}
      replyTo={result.replyTo}
      open={result.open}
      form={request.form}
      formToken={formToken}
      turnstileSiteKey={settings.turnstile?.siteKey}
      resizedImages={settings.imageTransformations}
      notifyOffered={settings.email?.readers}
      // Search engines index the article at its URL alone: the comments it shows there.
      structuredData={newsArticleJsonLd(site, article, request.page === null ? shown(result.threads) : [])}
    />,
  );
}

/**
 * An article page as HTML: for GET, and for the form re-rendered with its
 * errors. The plain page (no reply target, no held comment) is rendered once
 * per change of the article's comments or of the discussion settings (see
 * render-once.ts), and no copy outlives comments closing with age.
 */
export async function articlePageResponse(c: Context<AppEnv>, request: ArticlePageRequest) {
  const { settings } = c.var;
  const status = request.status ?? 200;
  const formToken = request.formToken ?? (await issueFormToken(settings.keys.hashKey, request.slug, new Date()));
  const read = async () => {
    const result = await readArticlePage(c.var.db, settings.keys.hashKey, settings, request, new Date());
    if (result.outcome === "not_found") throw notFoundFor(result);
    return result;
  };

  // The page someone was sent after posting, or shown with their form's errors, is theirs alone.
  if (request.privateView || request.held !== null || status !== 200) {
    const result = await read();
    const response = sendHtml(c, await renderArticlePage(c, request, result, formToken), status);
    markPrivate(response.headers);
    return response;
  }

  // A reply target makes one URL per comment: rendered when asked for, not kept.
  const served = await renderOnce(
    c,
    async () => {
      const result = await read();
      return {
        tag: articleTag(result.article.id),
        version: result.version,
        body: await renderArticlePage(c, request, result, TOKEN_SLOT),
        expiresAt: result.closesAt,
      };
    },
    { keep: request.replyToId === null },
  );
  // The validator leaves the form's token out, so unchanged pages still answer
  // 304, but changes every hour, so a browser's copy never keeps a token past
  // its one-day life.
  const hour = Math.floor(Date.now() / 3_600_000);
  c.header("ETag", `${served.etag.slice(0, -1)}-${hour}"`);
  const response = c.body(bytesWith(served, slotted(TOKEN_SLOT), slotted(formToken)), 200, { "Content-Type": HTML });
  markPublic(response.headers, "page", [served.tag, ARTICLE_PAGES_TAG], served.expiresAt);
  return response;
}
