import { type Context, Hono } from "hono";
import * as z from "zod/mini";
import { articleInput, SLUG } from "../domain/articles/admin-input.ts";
import { sectionAndTags } from "../domain/articles/terms.ts";
import { commentStatuses } from "../domain/comments/comment.ts";
import { absoluteUrl, articlePath } from "../domain/site.ts";
import type { AppEnv } from "../env.ts";
import { AppError, notFound } from "../http/errors.ts";
import { commenterExportJson, ownerCommentJson } from "../http/owner-json.ts";
import { moderationRefusal } from "../http/refusals.ts";
import { limitBody, requireMediaType } from "../http/request-body.ts";
import { noStore, requireAdminToken } from "../http/require-admin.ts";
import { invalidPayload, validated } from "../http/validate.ts";
import { eraseCommenter } from "../services/erase-commenter.ts";
import { moderateComment } from "../services/moderate-comment.ts";
import { commenterComments, findOwnerComment, listOwnerComments } from "../services/owner-comments.ts";
import { publishArticle, unpublishArticle } from "../services/publish-article.ts";
import { exportSite } from "../services/site-export.ts";

/** The site owner's JSON API: `/api/admin/*`, bearer token only, never cached. */
export const adminApi = new Hono<AppEnv>();

adminApi.use(noStore(), requireAdminToken());

const json = [requireMediaType("application/json"), limitBody()] as const;

adminApi.put("/articles/:slug", ...json, validated("json", articleInput), async (c) => {
  const slug = c.req.param("slug");
  if (!SLUG.test(slug)) throw invalidPayload({ slug: "Use lower-case letters, digits and hyphens." });
  const result = await publishArticle(c.var.db, c.var.effects, slug, c.req.valid("json"), new Date());
  if (result.outcome === "guid_taken") {
    throw new AppError(409, "guid_taken", "Another article already has this guid.", { fields: { guid: "Another article already has this guid." } });
  }
  if (result.outcome === "invalid") throw invalidPayload(result.fields);
  const { article, created } = result;
  const { section, tags } = sectionAndTags(article.termsJson);
  return c.json(
    {
      article: {
        id: article.guid,
        slug: article.slug,
        url: absoluteUrl(c.var.site, articlePath(article.slug)),
        title: article.title,
        summary: article.summary,
        source: article.source,
        author: article.author,
        section: section ? { slug: section.slug, name: section.name } : null,
        tags: tags.map(({ slug, name }) => ({ slug, name })),
        bodyHtml: article.bodyHtml,
        publishedAt: article.publishedAt.toISOString(),
        updatedAt: article.updatedAt.toISOString(),
      },
    },
    created ? 201 : 200,
  );
});

adminApi.delete("/articles/:slug", async (c) => {
  if (!(await unpublishArticle(c.var.db, c.var.effects, c.req.param("slug"), new Date()))) throw notFound("Article");
  return c.body(null, 204);
});

const STATUS = z.enum(commentStatuses, `status must be one of ${commentStatuses.join(", ")}.`);
const commentListQuery = z.object({
  status: z.optional(STATUS),
  article: z.optional(z.string()),
  limit: z._default(
    z.pipe(
      z.coerce.number("limit must be a number."),
      z.int("limit must be a whole number.").check(z.minimum(1, "limit must be at least 1."), z.maximum(500, "limit must be at most 500.")),
    ),
    50,
  ),
  cursor: z.optional(z.pipe(z.coerce.number("cursor is not one this API returned."), z.int().check(z.positive("cursor is not one this API returned.")))),
});

adminApi.get("/comments", validated("query", commentListQuery), async (c) => {
  const { status, article, limit, cursor } = c.req.valid("query");
  const page = await listOwnerComments(c.var.db, c.var.settings.keys, { status, articleSlug: article, beforeId: cursor, limit });
  return c.json({ comments: page.comments.map(ownerCommentJson), nextCursor: page.nextCursor === null ? null : String(page.nextCursor) });
});

function commentId(c: Context): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("Comment");
  return id;
}

adminApi.patch("/comments/:id", ...json, validated("json", z.object({ status: STATUS })), async (c) => {
  const id = commentId(c);
  const result = await moderateComment(c.var.db, c.var.effects, id, c.req.valid("json").status);
  if (result.outcome !== "done") throw moderationRefusal(result);
  return c.json({ comment: ownerCommentJson((await findOwnerComment(c.var.db, c.var.settings.keys, id))!) });
});

adminApi.delete("/comments/:id", async (c) => {
  const result = await moderateComment(c.var.db, c.var.effects, commentId(c), "delete");
  if (result.outcome !== "done") throw moderationRefusal(result);
  return c.body(null, 204);
});

const commenterRequest = z.object({ email: z.email("email must be the commenter's email address.") });

// The old `?email=` forms put a commenter's address in access logs, Logpush and shell history.
const emailInUrl = () =>
  new AppError(400, "email_in_url", 'Never put an email address in a URL: POST { "email": … } to /api/admin/commenters/export or /api/admin/commenters/erase.');
adminApi.get("/commenters", () => {
  throw emailInUrl();
});
adminApi.delete("/commenters", () => {
  throw emailInUrl();
});

/** A privacy request: everything stored about one commenter. */
adminApi.post("/commenters/export", ...json, validated("json", commenterRequest), async (c) => {
  const email = c.req.valid("json").email.trim();
  const rows = await commenterComments(c.var.db, c.var.settings.keys, email);
  return c.json(commenterExportJson(email, rows));
});

/** A privacy request: erase the commenter (anonymize their comments). */
adminApi.post("/commenters/erase", ...json, validated("json", commenterRequest), async (c) => {
  const erased = await eraseCommenter(c.var.db, c.var.effects, c.var.settings.keys, c.req.valid("json").email, new Date());
  return c.json({ erased });
});

/** The whole site as JSON, streamed; commenters' emails only with `?include=emails`. */
adminApi.get("/export", (c) => {
  const includeEmails = c.req.query("include") === "emails";
  const date = new Date();
  return c.body(exportSite(c.var.db, c.var.settings.keys.emailKey, includeEmails, date), 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="wirepost-${date.toISOString().slice(0, 10)}.json"`,
  });
});
