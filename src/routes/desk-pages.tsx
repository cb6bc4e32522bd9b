import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod/mini";
import { articleOfAnyStatus, deskArticleList, revisionsOf } from "../db/desk-articles.ts";
import { recentMedia } from "../db/media-library.ts";
import type { Article } from "../db/schema.ts";
import { articleStates } from "../domain/articles/article.ts";
import { type DeskFormValues, emptyDeskValues, formatDeskTime, readDeskForm } from "../domain/articles/desk-form.ts";
import { sectionAndTags } from "../domain/articles/terms.ts";
import { MAX_MEDIA_BYTES, mediaPath } from "../domain/media/media-keys.ts";
import type { AppEnv } from "../env.ts";
import { adminFormPost, adminPageCsrf, requireSessionForm } from "../http/admin-session.tsx";
import { saveRefusal, uploadRefusal } from "../http/desk-refusals.ts";
import { type AppError, notFound } from "../http/errors.ts";
import { renderPage } from "../http/render.ts";
import { readMultipart } from "../http/request-body.ts";
import { noStore } from "../http/require-admin.ts";
import { validated } from "../http/validate.ts";
import { createArticle, editArticle, previewArticle, restoreRevision, suggestSlug } from "../services/save-article.ts";
import { uploadMedia } from "../services/upload-media.ts";
import { ArticleEditorPage, type EditorPageProps } from "../views/admin/article-editor-page.tsx";
import { ArticleListPage } from "../views/admin/article-list-page.tsx";
import { mediaJson } from "./admin-media-api.ts";

/**
 * The newsroom's desk: `/admin/articles`, the owner's article list and editor.
 * Server-rendered forms with the moderation page's session, anti-forgery
 * token and same-origin checks; no script needed. Everything here is also in
 * the admin API.
 */
export const deskPages = new Hono<AppEnv>();

deskPages.use(noStore());

const PAGE_SIZE = 20;
const LIBRARY_SHOWN = 24;

// Lenient on purpose, like the article page's: a mangled link still shows a list.
const listQuery = z.object({
  status: z.catch(z.optional(z.enum(articleStates)), undefined),
  q: z.catch(z.optional(z.string()), undefined),
  page: z.catch(z.pipe(z.coerce.number(), z.int().check(z.positive(), z.maximum(100_000))), 1),
});

deskPages.get("/", validated("query", listQuery), async (c) => {
  const csrf = await adminPageCsrf(c);
  if (csrf instanceof Response) return csrf;
  const { status, q, page } = c.req.valid("query");
  const search = q?.trim() || undefined;
  const list = await deskArticleList(c.var.db, { state: status, search, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return renderPage(
    c,
    <ArticleListPage
      site={c.var.site}
      csrf={csrf}
      query={{ state: status, search, page }}
      articles={list.articles}
      counts={list.counts}
      hasMore={list.hasMore}
      now={new Date()}
    />,
  );
});

/** The editor's fields for a stored article. A draft's past time is only when it was started: shown empty, it means "now" on publishing. */
function valuesOf(article: Article, now: Date): DeskFormValues {
  const startedOnly = article.status === "draft" && article.publishedAt.getTime() <= now.getTime();
  const { section, tags } = sectionAndTags(article.termsJson);
  return {
    title: article.title,
    slug: article.slug,
    summary: article.summary,
    body: article.body,
    author: article.author ?? "",
    source: article.source ?? "",
    section: section?.name ?? "",
    tags: tags.map((tag) => tag.name).join(", "),
    publishedAt: startedOnly ? "" : formatDeskTime(article.publishedAt),
    featuredImage: article.featuredImage ? mediaPath(article.featuredImage.key) : "",
    version: String(article.updatedAt.getTime()),
  };
}

/** The stored article (for `/:id`), its history and the media library, in one round trip. */
async function editorData(c: Context<AppEnv>, id: number | undefined) {
  const { db } = c.var;
  const where = { id: id ?? 0 };
  const [[article], revisions, media] = await db.batch([articleOfAnyStatus(db, where), revisionsOf(db, where), recentMedia(db, LIBRARY_SHOWN)]);
  if (id !== undefined && !article) throw notFound("Article");
  return { article, revisions, media };
}

type EditorData = Awaited<ReturnType<typeof editorData>>;
type EditorExtras = Omit<EditorPageProps, "site" | "csrf" | "article" | "media" | "uploadsOn" | "revisions" | "resizedImages" | "now">;

function editor(c: Context<AppEnv>, csrf: string, data: EditorData, extras: EditorExtras, status: ContentfulStatusCode = 200) {
  return renderPage(
    c,
    <ArticleEditorPage
      site={c.var.site}
      csrf={csrf}
      article={data.article}
      media={data.media}
      uploadsOn={c.env.MEDIA !== undefined}
      revisions={data.revisions}
      resizedImages={c.var.settings.imageTransformations}
      now={new Date()}
      {...extras}
    />,
    status,
  );
}

const SAVED_NOTICES: Record<string, string> = {
  draft: "Draft saved.",
  publish: "Published: readers see it now.",
  schedule: "Scheduled: it goes live at the time shown above.",
  unpublish: "Unpublished: readers no longer see it.",
  restore: "That version is restored (and is the newest in the history).",
};

deskPages.get("/new", async (c) => {
  const csrf = await adminPageCsrf(c);
  if (csrf instanceof Response) return csrf;
  return editor(c, csrf, await editorData(c, undefined), { values: emptyDeskValues });
});

const articleId = (c: Context) => {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound("Article");
  return id;
};

deskPages.get("/:id{[0-9]+}", async (c) => {
  const csrf = await adminPageCsrf(c);
  if (csrf instanceof Response) return csrf;
  const data = await editorData(c, articleId(c));
  return editor(c, csrf, data, { values: valuesOf(data.article!, new Date()), notice: SAVED_NOTICES[c.req.query("saved") ?? ""] });
});

/** The editor shown again with a refusal beside its fields (or above them, when no field is to blame). */
const refused = (c: Context<AppEnv>, csrf: string, data: EditorData, extras: EditorExtras, error: AppError) =>
  editor(c, csrf, data, { ...extras, errors: error.fields ?? { form: error.message } }, error.status);

/** The editor's one form: every button posts it all, so nothing typed is lost to a preview, an upload or a refusal. */
async function submitEditor(c: Context<AppEnv>, id: number | undefined) {
  const form = await requireSessionForm(c);
  const csrf = form.csrf!;
  const now = new Date();
  const data = await editorData(c, id);
  const read = readDeskForm(form, now);
  if (!read.ok) return editor(c, csrf, data, { values: read.values, errors: read.errors }, 422);
  const { action, values, edit, upload } = read.submission;
  const { db, effects } = c.var;

  if (action === "upload") {
    const file = (await readMultipart(c).catch(() => undefined))?.get("file");
    const result = await uploadMedia(db, effects, c.env.MEDIA, { file: file instanceof File ? file : undefined, alt: upload.alt }, now);
    if (result.outcome !== "stored") return refused(c, csrf, data, { values, uploadAlt: upload.alt }, uploadRefusal(result));
    const { markdown } = mediaJson(c.var.site, result.media);
    const shown = { ...data, media: [result.media, ...data.media.filter((item) => item.key !== result.media.key)] };
    const chosen = upload.setFeatured ? { ...values, featuredImage: mediaPath(result.media.key) } : values;
    return editor(c, csrf, shown, { values: chosen, uploaded: { markdown, locationRemoved: result.locationRemoved } });
  }

  if (action === "preview") {
    const result = await previewArticle(db, data.article, edit, now);
    if (result.outcome !== "preview") return refused(c, csrf, data, { values }, saveRefusal(result));
    return editor(c, csrf, data, { values, preview: result.article });
  }

  const options = { via: "desk" as const, now, expectedUpdatedAt: read.submission.version };
  const result = data.article
    ? await editArticle(db, effects, { id: data.article.id }, edit, options)
    : await createArticle(db, effects, { ...edit, slug: edit.slug ?? (await suggestSlug(db, edit.title)) }, undefined, options);
  if (result.outcome === "saved") return c.redirect(`/admin/articles/${result.article.id}?saved=${action}`, 303);
  if (result.outcome === "conflict") {
    // Their version is now the one this form would replace: saving again is a choice, and theirs stays in the history.
    const current = { ...values, version: String(result.article.updatedAt.getTime()) };
    const message =
      "This article was saved elsewhere since you opened it. Your text is below, not saved: saving again replaces that version (it stays in the revisions).";
    return editor(c, csrf, { ...data, article: result.article }, { values: current, errors: { form: message } }, 409);
  }
  return refused(c, csrf, data, { values }, saveRefusal(result));
}

const editorForm = adminFormPost(MAX_MEDIA_BYTES + 2 * 1024 * 1024, "12 MB");

deskPages.post("/", ...editorForm, (c) => submitEditor(c, undefined));
deskPages.post("/:id{[0-9]+}", ...editorForm, (c) => submitEditor(c, articleId(c)));

deskPages.post("/:id{[0-9]+}/revisions/:revision{[0-9]+}/restore", ...adminFormPost(), async (c) => {
  await requireSessionForm(c);
  const id = articleId(c);
  const result = await restoreRevision(c.var.db, c.var.effects, { id }, Number(c.req.param("revision")), { via: "desk", now: new Date() });
  if (result.outcome === "revision_not_found") throw notFound("Revision");
  if (result.outcome !== "saved") throw saveRefusal(result);
  return c.redirect(`/admin/articles/${id}?saved=restore`, 303);
});
