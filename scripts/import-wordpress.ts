// Moves a WordPress site in: `npm run import:wordpress -- <export.xml> [--remote] [--dry-run]`.
// Streams the WXR file, upserts published posts and their comments (emails
// encrypted and hashed with this site's EMAIL_KEY/HASH_KEY, from the
// environment or .dev.vars), in batches; re-running finishes an interrupted
// import without duplicates. Shows progress on stderr, then prints a report.
import { createReadStream, existsSync, statSync } from "node:fs";
import { readWxr } from "../src/domain/wordpress/wxr.ts";
import { type ImportReport, importWordPress } from "../src/services/wordpress-import.ts";
import { queryD1 } from "./lib/d1-query.ts";
import { importKeys, importTarget } from "./lib/import-target.ts";
import { createProgress, type Progress } from "./lib/progress.ts";
import { recordingDatabase } from "./lib/sql-recorder.ts";
import { executeSql } from "./lib/wrangler.ts";

const COMMAND = "import:wordpress";
const args: string[] = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith("--"));
if (!file) {
  console.error(`usage: npm run ${COMMAND} -- <export.xml> [--remote] [--dry-run]`);
  process.exit(2);
}
if (!existsSync(file)) {
  console.error(`${COMMAND}: ${file} not found`);
  process.exit(2);
}
const target = importTarget(COMMAND, args);
const keys = importKeys(COMMAND, target);
const dryRun = args.includes("--dry-run");

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
const existing = new Set(
  dryRun && target === "--remote"
    ? []
    : [...queryD1<{ guid: string }>("SELECT guid FROM articles", target), ...queryD1<{ guid: string }>("SELECT guid FROM comments", target)].map(
        (row) => row.guid,
      ),
);
const { db, statements } = recordingDatabase();
const flush = () => {
  if (!dryRun && statements.length > 0) executeSql(statements, target);
  statements.length = 0;
};
const progress = createProgress({
  label: COMMAND,
  totalBytes: statSync(file).size,
  tty: process.stderr.isTTY,
  columns: process.stderr.columns,
  write: (text) => process.stderr.write(text),
  now: Date.now,
});
let report: ImportReport;
try {
  report = await importWordPress(db, readWxr(readCounted(file, progress)), {
    keys,
    existing,
    now: new Date(),
    afterRecord: async () => {
      progress.record();
      if (statements.length >= BATCH) flush();
    },
  });
  flush();
} finally {
  // Also on a failure: ends the progress line, showing how far the import got.
  progress.finish();
}

console.log(`${dryRun ? "dry run (nothing written): " : ""}WordPress import from ${file}`);
console.log(`articles: ${report.articles.created} created, ${report.articles.updated} updated`);
for (const [reason, count] of Object.entries(report.articles.skipped)) console.log(`  skipped (${reason}): ${count}`);
console.log(`comments: ${report.comments.created} created, ${report.comments.alreadyImported} already imported`);
for (const [reason, count] of Object.entries(report.comments.skipped)) console.log(`  skipped (${reason}): ${count}`);
for (const error of report.errors) console.log(`error in ${error.item}: ${error.message}`);
process.exit(report.errors.length > 0 ? 1 : 0);
