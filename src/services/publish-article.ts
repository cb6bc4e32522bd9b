import { markUnpublished, upsertArticleBySlug } from "../db/articles.ts";
import type { Database } from "../db/client.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import type { Article } from "../db/schema.ts";
import { type ArticleInput, articleRevision } from "../domain/articles/admin-input.ts";
import type { Effects } from "./effects.ts";

export type PublishResult = { outcome: "published"; article: Article; created: boolean } | { outcome: "guid_taken" };

/** Creates or updates the article at `slug` from the owner's Markdown, live at once on every page and feed. */
export async function publishArticle(db: Database, effects: Effects, slug: string, input: ArticleInput, now: Date): Promise<PublishResult> {
  try {
    const { article, created } = await upsertArticleBySlug(db, slug, await articleRevision(input), now);
    await effects.purge({ kind: "article", articleId: article.id });
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
  await effects.purge({ kind: "article", articleId: article.id });
  return true;
}
