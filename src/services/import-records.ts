import type { AnyDatabase } from "../db/client.ts";
import { settleImport } from "../db/imports.ts";
import type { Keys } from "../domain/settings.ts";
import { describeFieldErrors } from "../domain/text-fields.ts";
import { type IncomingCommentFields, writeIncomingComment } from "./incoming.ts";

/** What an import did: the same report whatever the source (WordPress, Disqus). */
export interface ImportReport {
  /** Articles, or the threads comments are on (outside pages' threads, or articles a thread matched). */
  articles: { created: number; updated: number; skipped: Record<string, number> };
  comments: { created: number; alreadyImported: number; skipped: Record<string, number> };
  errors: { item: string; message: string }[];
}

export interface ImportOptions {
  keys: Keys;
  /** Guids already in the database (to report created vs already imported); empty for a fresh site. */
  existing: Set<string>;
  /** Called after each record's statements are recorded, so a caller can flush in batches. */
  afterRecord?: () => Promise<void>;
  now: Date;
}

/** What an importer does with one record of its source, counted into the report the same way for every source. */
interface ImportActions {
  /** A record left out on purpose (a draft, a pingback, a deleted thread…), counted by reason. */
  skip(what: "articles" | "comments", reason: string): void;
  /** An article or thread is in: new, or `existed` already (updated, or joined). */
  articleIn(existed: boolean): void;
  /** The record breaks the rules a new one is held to: reported by field, not stored. */
  refuse(problems: Record<string, string>): void;
  /** Stores a comment as a new one is stored (or refuses it), unless its guid is already in. */
  comment(fields: IncomingCommentFields): Promise<void>;
}

/** One source's records: how each is named in the report, and what is done with it. */
export interface RecordImporter<Record> {
  describe(record: Record): string;
  handle(record: Record, actions: ImportActions): Promise<void>;
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/**
 * Runs a source's records (streamed) through its importer, writing through
 * `db` (D1 itself, or the SQL recorder an import script flushes to wrangler).
 * A record that breaks the rules or fails is reported with the item it came
 * from and the import goes on; at the end the comments are placed on pages,
 * counted, and every rendered response invalidated (settleImport).
 */
export async function importRecords<Record>(
  db: AnyDatabase,
  records: AsyncIterable<Record>,
  options: ImportOptions,
  importer: RecordImporter<Record>,
): Promise<ImportReport> {
  const report: ImportReport = { articles: { created: 0, updated: 0, skipped: {} }, comments: { created: 0, alreadyImported: 0, skipped: {} }, errors: [] };
  for await (const record of records) {
    const item = importer.describe(record);
    const actions: ImportActions = {
      skip: (what, reason) => bump(report[what].skipped, reason),
      articleIn: (existed) => (existed ? report.articles.updated++ : report.articles.created++),
      refuse: (problems) => report.errors.push({ item, message: describeFieldErrors(problems) }),
      async comment(fields) {
        const written = await writeIncomingComment(db, options.keys, fields);
        if (written.outcome === "invalid") actions.refuse(written.fields);
        else if (options.existing.has(fields.guid)) report.comments.alreadyImported += 1;
        else report.comments.created += 1;
      },
    };
    try {
      await importer.handle(record, actions);
      await options.afterRecord?.();
    } catch (error) {
      report.errors.push({ item, message: error instanceof Error ? error.message : String(error) });
    }
  }
  await settleImport(db);
  return report;
}
