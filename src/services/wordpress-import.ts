import type { AnyDatabase } from "../db/client.ts";
import { settleImport, upsertIncomingArticle } from "../db/imports.ts";
import { articleFieldProblems } from "../domain/articles/admin-input.ts";
import type { Keys } from "../domain/settings.ts";
import { describeFieldErrors } from "../domain/text-fields.ts";
import { articleFromPost, commentFromWxr } from "../domain/wordpress/convert.ts";
import type { WxrEvent } from "../domain/wordpress/wxr.ts";
import { writeIncomingComment } from "./incoming.ts";

export interface ImportReport {
  articles: { created: number; updated: number; skipped: Record<string, number> };
  comments: { created: number; alreadyImported: number; skipped: Record<string, number> };
  errors: { item: string; message: string }[];
}

export interface ImportOptions {
  keys: Keys;
  /** Guids already in the database (to report created vs updated); empty for a fresh site. */
  existing: Set<string>;
  /** Called after each record's statements are recorded, so a caller can flush in batches. */
  afterRecord?: () => Promise<void>;
  now: Date;
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/**
 * Turns a WordPress export's events into articles and comments, written
 * through `db` (D1 itself, or the SQL recorder the import script flushes to
 * wrangler). Posts that aren't published posts, pingbacks and trackbacks are
 * skipped and counted; a record that breaks the rules new articles and
 * comments are held to (or fails otherwise) is reported with the item it came
 * from, and the import goes on.
 */
export async function importWordPress(db: AnyDatabase, events: AsyncIterable<WxrEvent>, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { articles: { created: 0, updated: 0, skipped: {} }, comments: { created: 0, alreadyImported: 0, skipped: {} }, errors: [] };
  const imported = new Map<number, string>(); // WordPress post id → article guid
  for await (const event of events) {
    const item = `post ${event.post.postId}${event.kind === "comment" ? ` comment ${event.comment.commentId}` : ""} (${event.post.title.slice(0, 60)})`;
    try {
      if (event.kind === "post") {
        const article = await articleFromPost(event.post);
        if ("skipped" in article) {
          bump(report.articles.skipped, article.skipped);
          continue;
        }
        const problems = articleFieldProblems(article);
        if (problems) {
          report.errors.push({ item, message: describeFieldErrors(problems) });
          continue;
        }
        await upsertIncomingArticle(db, article, options.now);
        imported.set(event.post.postId, article.guid);
        if (options.existing.has(article.guid)) report.articles.updated += 1;
        else report.articles.created += 1;
      } else {
        const articleGuid = imported.get(event.post.postId);
        if (!articleGuid) {
          bump(report.comments.skipped, "post not imported");
          continue;
        }
        const comment = await commentFromWxr(event.post, event.comment);
        if ("skipped" in comment) {
          bump(report.comments.skipped, comment.skipped);
          continue;
        }
        const written = await writeIncomingComment(db, options.keys, { ...comment, articleGuid });
        if (written.outcome === "invalid") {
          report.errors.push({ item, message: describeFieldErrors(written.fields) });
          continue;
        }
        if (options.existing.has(comment.guid)) report.comments.alreadyImported += 1;
        else report.comments.created += 1;
      }
      await options.afterRecord?.();
    } catch (error) {
      report.errors.push({ item, message: error instanceof Error ? error.message : String(error) });
    }
  }
  await settleImport(db);
  return report;
}
