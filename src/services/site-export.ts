import type { AnyDatabase, Database } from "../db/client.ts";
import { articlesForExport, commentsForExport, mediaForExport } from "../db/export-rows.ts";
import { importFormerSlug, settleImport, upsertIncomingArticle } from "../db/imports.ts";
import { importMedia } from "../db/media-library.ts";
import type { Article } from "../db/schema.ts";
import { articleFieldProblems } from "../domain/articles/admin-input.ts";
import { EXPORT_FORMAT, type SiteExport } from "../domain/export-format.ts";
import { decryptCommentEmail, emailKeyring } from "../domain/privacy.ts";
import type { Keys } from "../domain/settings.ts";
import { describeFieldErrors } from "../domain/text-fields.ts";
import { writeIncomingComment } from "./incoming.ts";

const PAGE = 500;

function articleJson(article: Article, formerSlugs: string[]) {
  return {
    guid: article.guid,
    slug: article.slug,
    title: article.title,
    summary: article.summary,
    body: article.body,
    bodyHtml: article.bodyHtml,
    source: article.source,
    status: article.status,
    publishedAt: article.publishedAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    wpPostId: article.wpPostId,
    author: article.author,
    featuredImage: article.featuredImage,
    formerSlugs,
    terms: article.termsJson,
    kind: article.kind,
    pageUrl: article.pageUrl,
  };
}

/** Comment rows the export couldn't decrypt an email for: named in the document, never silently dropped. */
interface UnreadableEmail {
  id: number;
  guid: string;
}

/**
 * The document's text, one page of rows (500) at a time: each page is read
 * only when the previous one has been taken, so a site of any size streams
 * out in bounded memory. Emails are decrypted only when asked for.
 */
async function* exportChunks(db: Database, emailKey: string | undefined, includeEmails: boolean, now: Date): AsyncGenerator<string> {
  const header = { format: EXPORT_FORMAT, version: 1, exportedAt: now.toISOString(), includesEmails: includeEmails };
  yield `${JSON.stringify(header).slice(0, -1)},"articles":[`;
  let separator = "";
  for (let after = 0; ; ) {
    const page = await articlesForExport(db, after, PAGE);
    if (page.length > 0) yield separator + page.map((row) => JSON.stringify(articleJson(row.article, JSON.parse(row.formerSlugs)))).join(",");
    if (page.length > 0) separator = ",";
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.article.id;
  }
  yield '],"comments":[';
  const keyring = includeEmails ? await emailKeyring(emailKey) : undefined;
  const unreadable: UnreadableEmail[] = [];
  separator = "";
  for (let after = 0; ; ) {
    const page = await commentsForExport(db, after, PAGE);
    const rows: string[] = [];
    for (const { comment, articleGuid, parentGuid } of page) {
      const email = keyring ? await decryptCommentEmail(keyring, comment) : null;
      if (keyring && email === null && comment.emailEncrypted !== "") unreadable.push({ id: comment.id, guid: comment.guid });
      rows.push(
        JSON.stringify({
          id: comment.id,
          guid: comment.guid,
          articleGuid,
          parentGuid,
          author: comment.author,
          ...(email === null ? {} : { email }),
          url: comment.url,
          body: comment.body,
          status: comment.status,
          createdAt: comment.createdAt.toISOString(),
          updatedAt: comment.updatedAt.toISOString(),
        }),
      );
    }
    if (rows.length > 0) yield separator + rows.join(",");
    if (rows.length > 0) separator = ",";
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.comment.id;
  }
  // The media library's records; the images themselves stay in R2 (README: copy the bucket).
  yield '],"media":[';
  separator = "";
  for (let after = ""; ; ) {
    const page = await mediaForExport(db, after, PAGE);
    if (page.length > 0) yield separator + page.map((record) => JSON.stringify({ ...record, createdAt: record.createdAt.toISOString() })).join(",");
    if (page.length > 0) separator = ",";
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.key;
  }
  // Known only once every row is read, so it closes the document: which emails
  // `includesEmails` could not deliver (a key version no longer configured, a damaged value).
  yield `]${includeEmails ? `,"emailsUnavailable":${JSON.stringify(unreadable)}` : ""}}\n`;
}

/** The whole site as one JSON document, streamed with backpressure (see exportChunks). */
export function exportSite(db: Database, emailKey: string | undefined, includeEmails: boolean, now: Date): ReadableStream<Uint8Array> {
  const chunks = exportChunks(db, emailKey, includeEmails, now);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export interface SiteImportReport {
  articles: number;
  comments: number;
  /** Records that broke the field rules a new article or comment is held to: not imported. */
  skipped: { item: string; problem: string }[];
}

/**
 * Recreates a site from an export (into an empty instance, or over itself:
 * rows match by guid). Every record is held to the rules new ones are; a bad
 * one is reported by id and skipped, and the rest are imported.
 */
export async function importSite(db: AnyDatabase, data: SiteExport, keys: Keys, now: Date): Promise<SiteImportReport> {
  const report: SiteImportReport = { articles: 0, comments: 0, skipped: [] };
  // Loaded here: the Worker, which only exports, never pays for the sanitizer's rules at startup.
  const { sanitizeHtml } = await import("../domain/html-sanitizer.ts");
  for (const { formerSlugs = [], ...article } of data.articles) {
    const problems = articleFieldProblems(article);
    if (problems) {
      report.skipped.push({ item: `article ${article.guid} (${article.slug})`, problem: describeFieldErrors(problems) });
      continue;
    }
    await upsertIncomingArticle(db, { ...article, bodyHtml: sanitizeHtml(article.bodyHtml) }, now);
    for (const slug of formerSlugs) await importFormerSlug(db, article.guid, slug, now);
    report.articles += 1;
  }
  for (const record of data.media ?? []) await importMedia(db, record);
  for (const comment of data.comments) {
    const result = await writeIncomingComment(db, keys, { ...comment, email: comment.email ?? "" });
    if (result.outcome === "invalid") report.skipped.push({ item: `comment ${comment.id ?? comment.guid}`, problem: describeFieldErrors(result.fields) });
    else report.comments += 1;
  }
  await settleImport(db);
  return report;
}
