import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { upsertArticleByGuid } from "../../src/db/articles.ts";
import { bumpAllVersions } from "../../src/db/rendered-responses.ts";
import { type ArticleDraft, ArticleSourceError, parseArticleFile } from "../../src/domain/articles/source-files.ts";
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

/** What an import of article files did: the articles written, and the files refused (with why). */
export interface ArticleImport {
  imported: ArticleDraft[];
  refused: ArticleSourceError[];
}

/**
 * Parses every file, then upserts the good ones by guid in one `wrangler d1
 * execute`; a file that can't be read as an article, or breaks the field
 * rules, is refused and reported, and the rest are imported.
 */
export async function importArticles(paths: string[], target: Target, local: LocalOptions = {}): Promise<ArticleImport> {
  const result: ArticleImport = { imported: [], refused: [] };
  for (const file of paths.flatMap(expand)) {
    try {
      result.imported.push(parseArticleFile(basename(file), readFileSync(file, "utf8")));
    } catch (error) {
      if (!(error instanceof ArticleSourceError)) throw error;
      result.refused.push(error);
    }
  }
  const { db, statements } = recordingDatabase();
  const now = new Date();
  for (const draft of result.imported) await upsertArticleByGuid(db, draft, now);
  // Written around the Worker: nothing it rendered before may be served again.
  if (result.imported.length > 0) await bumpAllVersions(db);
  if (statements.length > 0) executeSql(statements, target, local);
  return result;
}
