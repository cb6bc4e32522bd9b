// Publishes articles from files: `npm run import -- [--remote] <file or folder>…`
// Text files use the collection's format; .md files are Markdown with front matter.
import { ArticleSourceError } from "../src/domain/articles/source-files.ts";
import { importArticles } from "./lib/import-articles.ts";

const args: string[] = process.argv.slice(2);
const paths = args.filter((arg) => !arg.startsWith("--"));
if (paths.length === 0) {
  console.error("usage: npm run import -- [--remote] <file or folder>…");
  process.exit(2);
}

try {
  const drafts = await importArticles(paths, args.includes("--remote") ? "--remote" : "--local");
  for (const draft of drafts) console.log(`imported /articles/${draft.slug} (${draft.guid})`);
} catch (error) {
  if (!(error instanceof ArticleSourceError)) throw error;
  console.error(`import: ${error.message}`);
  process.exit(1);
}
