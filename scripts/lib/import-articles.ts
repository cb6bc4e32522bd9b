import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { upsertArticleByGuid } from "../../src/db/articles.ts";
import { bumpAllVersions } from "../../src/db/rendered-responses.ts";
import { type ArticleDraft, parseArticleFile } from "../../src/domain/articles/source-files.ts";
import { recordingDatabase } from "./sql-recorder.ts";
import { executeSql, type LocalOptions, type Target } from "./wrangler.ts";

const ARTICLE_FILE = /\.(txt|md|markdown)$/i;

function expand(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => ARTICLE_FILE.test(name))
    .sort()
    .map((name) => join(path, name));
}

/**
 * Parses every file first (nothing is written unless all parse), then upserts
 * them by guid in one `wrangler d1 execute`. Throws ArticleSourceError on a bad file.
 */
export async function importArticles(paths: string[], target: Target, local: LocalOptions = {}): Promise<ArticleDraft[]> {
  const drafts = paths.flatMap(expand).map((file) => parseArticleFile(basename(file), readFileSync(file, "utf8")));
  const { db, statements } = recordingDatabase();
  const now = new Date();
  for (const draft of drafts) await upsertArticleByGuid(db, draft, now);
  // Written around the Worker: nothing it rendered before may be served again.
  if (drafts.length > 0) await bumpAllVersions(db);
  if (statements.length > 0) executeSql(statements, target, local);
  return drafts;
}
