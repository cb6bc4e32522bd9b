import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import { articleOfAnyStatus, deskArticleList, type ListedArticle, revisionsOf } from "../db/desk-articles.ts";
import type { Article, ArticleRevision } from "../db/schema.ts";
import { articleInput, articlePatch } from "../domain/articles/admin-input.ts";
import { articleState, articleStates } from "../domain/articles/article.ts";
import { isSlug, SLUG_RULE } from "../domain/articles/slugs.ts";
import { sectionAndTags } from "../domain/articles/terms.ts";
import { absoluteUrl, articlePath, type Site } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { saveRefusal } from "../http/desk-refusals.ts";
import { notFound } from "../http/errors.ts";
import { jsonBody } from "../http/request-body.ts";
import { invalidPayload, validated } from "../http/validate.ts";
import { commentStatusOfArticle } from "../services/article-comments.ts";
import { editArticle, previewArticle, putArticle, restoreRevision, type SaveResult } from "../services/save-article.ts";
import { ArticleContent } from "../views/article-content.tsx";
import { mediaJson } from "./admin-media-api.ts";

/** An article as the admin API shows it, any status; `body` (Markdown) and `bodyHtml` unless listed. */
function adminArticleJson(site: Site, article: ListedArticle | Article, now: Date) {
  const { section, tags } = sectionAndTags(article.termsJson);
  return {
    id: article.guid,
    slug: article.slug,
    url: absoluteUrl(site, articlePath(article.slug)),
    status: articleState(article, now),
    title: article.title,
    summary: article.summary,
    author: article.author,
    source: article.source,
    section: section ? { slug: section.slug, name: section.name } : null,
    tags: tags.map(({ slug, name }) => ({ slug, name })),
    featuredImage: article.featuredImage && mediaJson(site, article.featuredImage),
    publishedAt: article.publishedAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    commentCount: article.commentCount,
    ...("body" in article ? { body: article.body, bodyHtml: article.bodyHtml, commentStatus: article.commentStatus } : {}),
  };
}

const revisionJson = (revision: ArticleRevision) => ({
  id: revision.id,
  title: revision.title,
  summary: revision.summary,
  body: revision.body,
  changed: revision.changed,
  editedVia: revision.editedVia,
  createdAt: revision.createdAt.toISOString(),
});

/** The articles in the admin API (mounted under `/api/admin`, behind its token check): drafts and schedules included. */
export const adminArticlesApi = new Hono<AppEnv>();

const listQuery = z.object({
  status: z.optional(z.enum(articleStates, `status must be one of ${articleStates.join(", ")}.`)),
  q: z.optional(z.string()),
  limit: z._default(
    z.pipe(
      z.coerce.number("limit must be a number."),
      z.int("limit must be a whole number.").check(z.minimum(1, "limit must be at least 1."), z.maximum(100, "limit must be at most 100.")),
    ),
    50,
  ),
  cursor: z._default(z.pipe(z.coerce.number("cursor is not one this API returned."), z.int().check(z.nonnegative("cursor is not one this API returned."))), 0),
});

/** Articles of every status (or one), newest first, searchable by title; `counts` per status for the same search. */
adminArticlesApi.get("/articles", validated("query", listQuery), async (c) => {
  const { status, q, limit, cursor } = c.req.valid("query");
  const page = await deskArticleList(c.var.db, { state: status, search: q?.trim() || undefined, limit, offset: cursor });
  const now = new Date();
  return c.json({
    articles: page.articles.map((article) => adminArticleJson(c.var.site, article, now)),
    nextCursor: page.hasMore ? String(cursor + limit) : null,
    counts: page.counts,
  });
});

adminArticlesApi.get("/articles/:slug", async (c) => {
  const [article] = await articleOfAnyStatus(c.var.db, { slug: c.req.param("slug") });
  if (!article) throw notFound("Article");
  return c.json({ article: adminArticleJson(c.var.site, article, new Date()) });
});

/** The JSON answer to a save, or its refusal. */
function saved(c: Context<AppEnv>, result: SaveResult) {
  if (result.outcome !== "saved") throw saveRefusal(result);
  return c.json({ article: adminArticleJson(c.var.site, result.article, new Date()) }, result.created ? 201 : 200);
}

function slugParam(c: Context<AppEnv>): string {
  const slug = c.req.param("slug")!;
  if (!isSlug(slug)) throw invalidPayload({ slug: SLUG_RULE });
  return slug;
}

adminArticlesApi.put("/articles/:slug", ...jsonBody(), validated("json", articleInput), async (c) => {
  const { guid, ...changes } = c.req.valid("json");
  return saved(c, await putArticle(c.var.db, c.var.effects, slugParam(c), changes, guid, new Date()));
});

/**
 * Edits any of the article's fields; `commentStatus` opens or closes its
 * comments (the discussion's business: it purges the article's pages and
 * answers `commentsOpen` too). The edit goes first, so a refused edit changes
 * nothing, and a new slug is the one the comment status is set on.
 */
adminArticlesApi.patch("/articles/:slug", ...jsonBody(), validated("json", articlePatch), async (c) => {
  const { commentStatus, ...changes } = c.req.valid("json");
  const { db, effects, settings, site } = c.var;
  const now = new Date();
  let edited: Article | undefined;
  if (commentStatus === undefined || Object.keys(changes).length > 0) {
    const result = await editArticle(db, effects, { slug: c.req.param("slug") }, changes, { via: "api", now });
    if (result.outcome !== "saved") throw saveRefusal(result);
    edited = result.article;
  }
  if (commentStatus === undefined) return c.json({ article: adminArticleJson(site, edited!, now) });
  const comments = await commentStatusOfArticle(db, effects, settings, edited?.slug ?? c.req.param("slug"), commentStatus, now);
  if (!comments) throw notFound("Article");
  const article = edited ? { ...edited, commentStatus: comments.commentStatus } : (await articleOfAnyStatus(db, { slug: comments.slug }))[0]!;
  return c.json({ article: { ...adminArticleJson(site, article, now), commentsOpen: comments.commentsOpen } });
});

/** Unpublishes (the article and its comments are kept, hidden). */
adminArticlesApi.delete("/articles/:slug", async (c) => {
  const result = await editArticle(c.var.db, c.var.effects, { slug: c.req.param("slug") }, { status: "unpublished" }, { via: "api", now: new Date() });
  if (result.outcome !== "saved") throw saveRefusal(result);
  return c.body(null, 204);
});

adminArticlesApi.get("/articles/:slug/revisions", async (c) => {
  const where = { slug: c.req.param("slug") };
  const [[article], revisions] = await c.var.db.batch([articleOfAnyStatus(c.var.db, where), revisionsOf(c.var.db, where)]);
  if (!article) throw notFound("Article");
  return c.json({ revisions: revisions.map(revisionJson) });
});

adminArticlesApi.post("/articles/:slug/revisions/:id/restore", async (c) => {
  const id = Number(c.req.param("id"));
  const result =
    Number.isSafeInteger(id) && id > 0
      ? await restoreRevision(c.var.db, c.var.effects, { slug: c.req.param("slug") }, id, { via: "api", now: new Date() })
      : undefined;
  if (!result || result.outcome === "revision_not_found") throw notFound("Revision");
  return saved(c, result);
});

/** What readers would see of an article (the same fields as PUT), rendered by the page's own component; nothing is saved. */
adminArticlesApi.post("/preview", ...jsonBody(), validated("json", articleInput), async (c) => {
  const { guid: _, ...changes } = c.req.valid("json");
  const result = await previewArticle(c.var.db, undefined, changes, new Date());
  if (result.outcome !== "preview") throw saveRefusal(result);
  const { article } = result;
  const html = await (<ArticleContent article={article} language={c.var.site.language} resizedImages={c.var.settings.imageTransformations} />);
  return c.json({ html: html.toString(), bodyHtml: article.bodyHtml });
});
