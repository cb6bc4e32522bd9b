import { Hono, type Context } from "hono";
import * as z from "zod/mini";
import { commentsByEmailHash, commentsForAdmin, commentWithArticle, eraseCommenter } from "../db/admin-comments.ts";
import { unpublishArticle, upsertArticleBySlug } from "../db/articles.ts";
import { commentStatuses, type Comment } from "../db/schema.ts";
import { articleInput, articleRevision, SLUG } from "../domain/articles/admin-input.ts";
import { publicComment } from "../domain/comments/public.ts";
import { fieldErrors } from "../domain/validation.ts";
import { decryptEmail, emailKeyring, keyedHash, type EmailKeyring } from "../domain/privacy.ts";
import { absoluteUrl, articlePath } from "../domain/site.ts";
import { noStore, requireAdminToken } from "../http/admin-auth.ts";
import type { AppEnv } from "../http/app-env.ts";
import { AppError, notFound } from "../http/errors.ts";
import { invalidPayload, parseQuery } from "../http/validation.ts";
import { moderateComment } from "../http/moderation.ts";
import { exportSite } from "../services/site-export.ts";
import { purgeArticle, purgeArticleComments } from "../http/purge.ts";
import { limitBody, readJson, requireMediaType } from "../http/request-body.ts";

/** The site owner's JSON API: `/api/admin/*`, bearer token only, never cached. */
export const adminApi = new Hono<AppEnv>();

adminApi.use(noStore(), requireAdminToken());

async function jsonPayload<T extends z.ZodMiniType>(c: Context<AppEnv>, schema: T): Promise<z.output<T>> {
  const parsed = schema.safeParse(await readJson(c));
  if (!parsed.success) throw invalidPayload(fieldErrors(parsed.error));
  return parsed.data;
}

const json = [requireMediaType("application/json"), limitBody()] as const;

adminApi.put("/articles/:slug", ...json, async (c) => {
  const slug = c.req.param("slug");
  if (!SLUG.test(slug)) throw invalidPayload({ slug: "Use lower-case letters, digits and hyphens." });
  const input = await jsonPayload(c, articleInput);
  try {
    const { article, created } = await upsertArticleBySlug(c.var.db, slug, articleRevision(input), new Date());
    await purgeArticle(c, article);
    return c.json(
      {
        article: {
          id: article.guid,
          slug: article.slug,
          url: absoluteUrl(c.var.site, articlePath(article.slug)),
          title: article.title,
          summary: article.summary,
          source: article.source,
          bodyHtml: article.bodyHtml,
          publishedAt: article.publishedAt.toISOString(),
          updatedAt: article.updatedAt.toISOString(),
        },
      },
      created ? 201 : 200,
    );
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed: articles\.guid/.test(String(error.cause ?? error.message))) {
      throw new AppError(409, "guid_taken", "Another article already has this guid.", { fields: { guid: "Another article already has this guid." } });
    }
    throw error;
  }
});

adminApi.delete("/articles/:slug", async (c) => {
  const article = await unpublishArticle(c.var.db, c.req.param("slug"), new Date());
  if (!article) throw notFound("Article");
  await purgeArticle(c, article);
  return c.body(null, 204);
});

async function adminComment(keyring: EmailKeyring, comment: Comment, article: { slug: string; title: string }) {
  return {
    ...publicComment(comment),
    status: comment.status,
    email: await decryptEmail(keyring, comment.emailEncrypted, `comment:${comment.guid}`).catch(() => null),
    body: comment.body,
    updatedAt: comment.updatedAt.toISOString(),
    article: { slug: article.slug, title: article.title },
  };
}

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

adminApi.get("/comments", async (c) => {
  const { status, article, limit, cursor } = parseQuery(c, commentListQuery);
  const rows = await commentsForAdmin(c.var.db, { status, articleSlug: article, beforeId: cursor, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const keyring = await emailKeyring(c.env.EMAIL_KEY);
  return c.json({
    comments: await Promise.all(page.map((row) => adminComment(keyring, row.comment, row.article))),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.comment.id) : null,
  });
});

function commentId(c: Context): number {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("Comment");
  return id;
}

const statusChange = z.object({ status: STATUS });

adminApi.patch("/comments/:id", ...json, async (c) => {
  const id = commentId(c);
  const { status } = await jsonPayload(c, statusChange);
  if (!(await moderateComment(c, id, status))) throw notFound("Comment");
  const row = (await commentWithArticle(c.var.db, id))!;
  return c.json({ comment: await adminComment(await emailKeyring(c.env.EMAIL_KEY), row.comment, row.article) });
});

adminApi.delete("/comments/:id", async (c) => {
  if (!(await moderateComment(c, commentId(c), "delete"))) throw notFound("Comment");
  return c.body(null, 204);
});

const commenterQuery = z.object({ email: z.email("email must be the commenter's email address.") });

async function commenterHash(c: Context<AppEnv>): Promise<{ email: string; hash: string }> {
  const email = parseQuery(c, commenterQuery).email.trim();
  return { email, hash: await keyedHash(c.env.HASH_KEY, "email", email.toLowerCase()) };
}

/** A privacy request: everything stored about one commenter. */
adminApi.get("/commenters", async (c) => {
  const { email, hash } = await commenterHash(c);
  const rows = await commentsByEmailHash(c.var.db, hash);
  const keyring = await emailKeyring(c.env.EMAIL_KEY);
  return c.json({
    email,
    comments: await Promise.all(
      rows.map(async ({ comment, article }) => ({
        ...(await adminComment(keyring, comment, article)),
        guid: comment.guid,
        clientAddressHash: comment.ipHash,
      })),
    ),
  });
});

/** A privacy request: erase the commenter (anonymize their comments). */
adminApi.delete("/commenters", async (c) => {
  const { hash } = await commenterHash(c);
  const affected = await commentsByEmailHash(c.var.db, hash);
  const erased = await eraseCommenter(c.var.db, hash, new Date());
  const articles = new Map(affected.map(({ article }) => [article.slug, article]));
  for (const article of articles.values()) await purgeArticleComments(c, article);
  return c.json({ erased });
});

/** The whole site as JSON, streamed; commenters' emails only with `?include=emails`. */
adminApi.get("/export", (c) => {
  const includeEmails = c.req.query("include") === "emails";
  const date = new Date();
  return c.body(exportSite(c.var.db, c.env.EMAIL_KEY, includeEmails, date), 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="wirepost-${date.toISOString().slice(0, 10)}.json"`,
  });
});
