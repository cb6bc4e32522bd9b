// Moves a WordPress site in: `npm run import:wordpress -- <export.xml> [--remote] [--dry-run]`.
// Streams the WXR file, upserts published posts and their comments (emails
// encrypted and hashed with this site's EMAIL_KEY/HASH_KEY, from the
// environment or .dev.vars), in batches; re-running finishes an interrupted
// import without duplicates. Shows progress on stderr, then prints a report.
import { readWxr } from "../src/domain/wordpress/wxr.ts";
import { importWordPress } from "../src/services/wordpress-import.ts";
import { runExportImport } from "./lib/export-import.ts";

await runExportImport({
  command: "import:wordpress",
  title: "WordPress import",
  articles: { label: "articles", existing: "updated" },
  existingGuids: ["SELECT guid FROM articles", "SELECT guid FROM comments"],
  run: (db, text, options) => importWordPress(db, readWxr(text), options),
});
