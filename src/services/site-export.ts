import type { AnyDatabase, Database } from "../db/client.ts";
import { articlesForExport, commentsForExport } from "../db/export-rows.ts";
import { settleImport, upsertIncomingArticle } from "../db/imports.ts";
import type { Article } from "../db/schema.ts";
import { EXPORT_FORMAT, type SiteExport } from "../domain/export-format.ts";
import { decryptCommentEmail, emailKeyring } from "../domain/privacy.ts";
import type { Keys } from "../domain/settings.ts";
import { writeIncomingComment } from "./incoming.ts";

const PAGE = 500;

function articleJson(article: Article) {
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
  };
}

/**
 * The whole site as one JSON document, produced page by page (500 rows a
 * query) so a large site streams out in bounded memory. Emails are decrypted
 * only when asked for.
 */
export function exportSite(db: Database, emailKey: string | undefined, includeEmails: boolean, now: Date): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => controller.enqueue(encoder.encode(text));
      const header = { format: EXPORT_FORMAT, version: 1, exportedAt: now.toISOString(), includesEmails: includeEmails };
      write(`${JSON.stringify(header).slice(0, -1)},"articles":[`);
      let first = true;
      for (let after = 0; ; ) {
        const page = await articlesForExport(db, after, PAGE);
        for (const article of page) {
          write(`${first ? "" : ","}${JSON.stringify(articleJson(article))}`);
          first = false;
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.id;
      }
      write('],"comments":[');
      const keyring = includeEmails ? await emailKeyring(emailKey) : undefined;
      first = true;
      for (let after = 0; ; ) {
        const page = await commentsForExport(db, after, PAGE);
        for (const { comment, articleGuid, parentGuid } of page) {
          const email = keyring ? ((await decryptCommentEmail(keyring, comment)) ?? undefined) : undefined;
          const json = {
            id: comment.id,
            guid: comment.guid,
            articleGuid,
            parentGuid,
            author: comment.author,
            ...(email === undefined ? {} : { email }),
            url: comment.url,
            body: comment.body,
            status: comment.status,
            createdAt: comment.createdAt.toISOString(),
            updatedAt: comment.updatedAt.toISOString(),
          };
          write(`${first ? "" : ","}${JSON.stringify(json)}`);
          first = false;
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.comment.id;
      }
      write("]}\n");
      controller.close();
    },
  });
}

/** Recreates a site from an export (into an empty instance, or over itself: rows match by guid). */
export async function importSite(db: AnyDatabase, data: SiteExport, keys: Keys, now: Date) {
  // Loaded here: the Worker, which only exports, never pays for the sanitizer's rules at startup.
  const { sanitizeHtml } = await import("../domain/html-sanitizer.ts");
  for (const article of data.articles) {
    await upsertIncomingArticle(db, { ...article, bodyHtml: sanitizeHtml(article.bodyHtml) }, now);
  }
  for (const comment of data.comments) {
    await writeIncomingComment(db, keys, { ...comment, email: comment.email ?? "" });
  }
  await settleImport(db);
  return { articles: data.articles.length, comments: data.comments.length };
}
