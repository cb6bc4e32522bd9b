// Moves a WordPress site in: `npm run import:wordpress -- <export.xml> [--remote] [--dry-run]`.
// Streams the WXR file, upserts published posts and their comments (emails
// encrypted and hashed with this site's EMAIL_KEY/HASH_KEY, from the
// environment or .dev.vars), in batches; re-running finishes an interrupted
// import without duplicates. Prints a report.
import { createReadStream, existsSync } from "node:fs";
import { readWxr } from "../src/domain/wordpress/wxr.ts";
import { importWordPress } from "../src/services/wordpress-import.ts";
import { queryD1 } from "./lib/d1-query.ts";
import { importKeys, importTarget } from "./lib/import-target.ts";
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

// Statements per `wrangler d1 execute`: each batch is one transaction, and the
// import is idempotent, so a failure part-way is fixed by running it again.
const BATCH = 2000;
const existing = new Set(
  dryRun && target === "--remote"
    ? []
    : [...queryD1<{ guid: string }>("SELECT guid FROM articles", target), ...queryD1<{ guid: string }>("SELECT guid FROM comments", target)].map((row) => row.guid),
);
const { db, statements } = recordingDatabase();
let written = 0;
const flush = async () => {
  if (statements.length === 0) return;
  if (!dryRun) executeSql(statements.splice(0), target);
  else statements.length = 0;
  written += 1;
};
const report = await importWordPress(db, readWxr(createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })), {
  keys,
  existing,
  now: new Date(),
  afterRecord: async () => {
    if (statements.length >= BATCH) await flush();
  },
});
await flush();

console.log(`${dryRun ? "dry run (nothing written): " : ""}WordPress import from ${file}`);
console.log(`articles: ${report.articles.created} created, ${report.articles.updated} updated`);
for (const [reason, count] of Object.entries(report.articles.skipped)) console.log(`  skipped (${reason}): ${count}`);
console.log(`comments: ${report.comments.created} created, ${report.comments.alreadyImported} already imported`);
for (const [reason, count] of Object.entries(report.comments.skipped)) console.log(`  skipped (${reason}): ${count}`);
for (const error of report.errors) console.log(`error in ${error.item}: ${error.message}`);
process.exit(report.errors.length > 0 ? 1 : 0);
