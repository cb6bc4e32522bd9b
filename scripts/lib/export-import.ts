// What the importers of other systems' export files share (`npm run
// import:wordpress`, `npm run import:disqus`): the command line (<file>
// [--remote] [--dry-run]), the keys emails are encrypted with, the file
// streamed with progress on stderr, SQL flushed to D1 in batches, and the
// report on stdout (exit 1 if any record failed).
import { createReadStream, existsSync, statSync } from "node:fs";
import type { AnyDatabase } from "../../src/db/client.ts";
import type { ImportOptions, ImportReport } from "../../src/services/import-records.ts";
import { queryD1 } from "./d1-query.ts";
import { importKeys, importTarget } from "./import-target.ts";
import { createProgress, type Progress } from "./progress.ts";
import { recordingDatabase } from "./sql-recorder.ts";
import { executeSql } from "./wrangler.ts";

/** One importer's command. */
export interface ExportImport {
  command: string;
  /** The first line of the report, e.g. "WordPress import". */
  title: string;
  /** What the report calls the articles it brings, and those that were there already ("articles", "updated"; "threads", "already there"). */
  articles: { label: string; existing: string };
  /** Queries of guids already stored (to report what is new). */
  existingGuids: string[];
  /** Runs the import over the file's text; `query` reads the target database (empty on a remote dry run, which must touch nothing). */
  run(db: AnyDatabase, text: AsyncIterable<string>, options: ImportOptions, query: <T>(sql: string) => T[]): Promise<ImportReport>;
}

/**
 * The file's text, its bytes counted into `progress` once the parser asks for
 * the next chunk: by then the records in this one are done, so the share of
 * the file read tracks the work done (in 64 KiB steps: the default chunks
 * parse as fast as larger ones).
 */
async function* readCounted(path: string, progress: Progress): AsyncGenerator<string> {
  const decoder = new TextDecoder(); // streaming: a character split between chunks is decoded whole
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    yield decoder.decode(chunk, { stream: true });
    progress.read(chunk.length);
  }
  yield decoder.decode();
}

// Statements per `wrangler d1 execute`: each batch is one transaction, and the
// import is idempotent, so a failure part-way is fixed by running it again.
const BATCH = 2000;

export async function runExportImport(spec: ExportImport): Promise<never> {
  const { command } = spec;
  const args: string[] = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith("--"));
  if (!file) {
    console.error(`usage: npm run ${command} -- <export.xml> [--remote] [--dry-run]`);
    process.exit(2);
  }
  if (!existsSync(file)) {
    console.error(`${command}: ${file} not found`);
    process.exit(2);
  }
  const target = importTarget(command, args);
  const keys = importKeys(command, target);
  const dryRun = args.includes("--dry-run");
  const query = <T>(sql: string): T[] => (dryRun && target === "--remote" ? [] : queryD1<T>(sql, target));
  const existing = new Set(spec.existingGuids.flatMap((sql) => query<{ guid: string }>(sql).map((row) => row.guid)));
  const { db, statements } = recordingDatabase();
  const flush = () => {
    if (!dryRun && statements.length > 0) executeSql(statements, target);
    statements.length = 0;
  };
  const progress = createProgress({
    label: command,
    totalBytes: statSync(file).size,
    tty: process.stderr.isTTY,
    columns: process.stderr.columns,
    write: (text) => process.stderr.write(text),
    now: Date.now,
  });
  let report: ImportReport;
  try {
    const options: ImportOptions = {
      keys,
      existing,
      now: new Date(),
      afterRecord: async () => {
        progress.record();
        if (statements.length >= BATCH) flush();
      },
    };
    report = await spec.run(db, readCounted(file, progress), options, query);
    flush();
  } finally {
    // Also on a failure: ends the progress line, showing how far the import got.
    progress.finish();
  }

  console.log(`${dryRun ? "dry run (nothing written): " : ""}${spec.title} from ${file}`);
  console.log(`${spec.articles.label}: ${report.articles.created} created, ${report.articles.updated} ${spec.articles.existing}`);
  for (const [reason, count] of Object.entries(report.articles.skipped)) console.log(`  skipped (${reason}): ${count}`);
  console.log(`comments: ${report.comments.created} created, ${report.comments.alreadyImported} already imported`);
  for (const [reason, count] of Object.entries(report.comments.skipped)) console.log(`  skipped (${reason}): ${count}`);
  for (const error of report.errors) console.log(`error in ${error.item}: ${error.message}`);
  process.exit(report.errors.length > 0 ? 1 : 0);
}
