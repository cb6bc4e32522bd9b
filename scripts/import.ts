// Publishes articles from files: `npm run import -- [--remote] <file or folder>…`
// Text files use the collection's format; .md files are Markdown with front
// matter; a .json file is a site export (`npm run export`) and is recreated
// whole, comments included (emails re-encrypted with this site's keys).
import { existsSync, readFileSync } from "node:fs";
import { siteExport } from "../src/domain/export-format.ts";
import { fieldErrors } from "../src/domain/text-fields.ts";
import { importSite } from "../src/services/site-export.ts";
import { importArticles } from "./lib/import-articles.ts";
import { importKeys, importTarget } from "./lib/import-target.ts";
import { recordingDatabase } from "./lib/sql-recorder.ts";
import { executeSql } from "./lib/wrangler.ts";

const args: string[] = process.argv.slice(2);
const paths = args.filter((arg) => !arg.startsWith("--"));
if (paths.length === 0) {
  console.error("usage: npm run import -- [--remote] <file or folder>…");
  process.exit(2);
}
const missing = paths.filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.error(`import: not found: ${missing.join(", ")}`);
  process.exit(2);
}
const target = importTarget("import", args);
const exports = paths.filter((path) => path.endsWith(".json"));
const articleFiles = paths.filter((path) => !path.endsWith(".json"));

let refusedSome = false;
if (articleFiles.length > 0) {
  const { imported, refused } = await importArticles(articleFiles, target);
  for (const draft of imported) console.log(`imported /articles/${draft.slug} (${draft.guid})`);
  for (const error of refused) console.error(`import: skipped ${error.message}`);
  refusedSome = refused.length > 0;
}

for (const path of exports) {
  // `npm run export > file` also captures npm's "> wirepost@… export" banner: skip to the JSON.
  const text = readFileSync(path, "utf8");
  const parsed = siteExport.safeParse(JSON.parse(text.slice(Math.max(0, text.search(/^\{/m)))));
  if (!parsed.success) {
    console.error(`import: ${path} is not a wirepost export: ${JSON.stringify(fieldErrors(parsed.error))}`);
    process.exit(1);
  }
  const { db, statements } = recordingDatabase();
  const report = await importSite(db, parsed.data, importKeys("import", target), new Date());
  executeSql(statements, target);
  console.log(`imported ${path}: ${report.articles} articles, ${report.comments} comments`);
  for (const { item, problem } of report.skipped) console.error(`import: skipped ${item}: ${problem}`);
  refusedSome ||= report.skipped.length > 0;
}
// Whatever was good was imported; a non-zero exit says something was left out.
if (refusedSome) process.exit(1);
