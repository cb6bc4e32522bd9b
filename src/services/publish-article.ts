import { markUnpublished, upsertArticleBySlug } from "../db/articles.ts";
import type { Database } from "../db/client.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import type { Article } from "../db/schema.ts";
import { type ArticleInput, articleRevision } from "../domain/articles/admin-input.ts";
import type { ArticleTerm } from "../domain/articles/terms.ts";
import type { PublicChange } from "../domain/cached-paths.ts";
import { MarkdownTooDeepError } from "../domain/markdown.ts";
import type { Effects } from "./effects.ts";

export type PublishResult =
  | { outcome: "published"; article: Article; created: boolean }
  | { outcome: "guid_taken" }
  | { outcome: "invalid"; fields: Record<string, string> };

/** The sections and tags an article was or is in: their pages and feeds change with it. */
const termChanges = (terms: ArticleTerm[]): PublicChange[] => terms.map(({ taxonomy, slug }) => ({ kind: "term", term: { taxonomy, slug } }));

/** Creates or updates the article at `slug` from the owner's Markdown, live at once on every page and feed. */
export async function publishArticle(db: Database, effects: Effects, slug: string, input: ArticleInput, now: Date): Promise<PublishResult> {
  let revision: ReturnType<typeof articleRevision>;
  try {
    revision = articleRevision(input);
  } catch (error) {
    if (error instanceof MarkdownTooDeepError) return { outcome: "invalid", fields: { body: error.message } };
    throw error;
  }
  try {
    const { article, created, previousTerms } = await upsertArticleBySlug(db, slug, revision, now);
    await effects.purge({ kind: "article", article }, ...termChanges([...previousTerms, ...article.termsJson]));
    return { outcome: "published", article, created };
  } catch (error) {
    if (isUniqueViolation(error, "articles.guid")) return { outcome: "guid_taken" };
    throw error;
  }
}

/** Hides the article and its comments from every public route; false if there is none. */
export async function unpublishArticle(db: Database, effects: Effects, slug: string, now: Date): Promise<boolean> {
  const article = await markUnpublished(db, slug, now);
  if (!article) return false;
  await effects.purge({ kind: "article", article }, ...termChanges(article.termsJson));
  return true;
}
