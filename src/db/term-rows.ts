import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { type ArticleTerm, type Taxonomy, TERM_PAGE_SIZE } from "../domain/articles/terms.ts";
import { termTag } from "../domain/cache-tags.ts";
import { isLive, isScheduled } from "./articles.ts";
import type { AnyDatabase, Database } from "./client.ts";
import { versionQuery } from "./rendered-responses.ts";
import { articles, articleTerms, terms } from "./schema.ts";

export const inTerm = (term: { taxonomy: Taxonomy; slug: string }) => and(eq(terms.taxonomy, term.taxonomy), eq(terms.slug, term.slug));

/**
 * Statements that give the article `articleId` (an SQL expression such as a
 * subquery by guid) exactly the terms `wanted`, to batch right after the
 * statement that writes the article, and only where `guard` holds (an edit
 * that lost a race to another changes nothing). A term is created the first
 * time an article names it (its name as first written). The article's JSON
 * copy of its terms, and its `updated_at` (feeds' Last-Modified), move only
 * when its terms changed, so re-importing the same file touches nothing.
 */
export function setArticleTerms(db: AnyDatabase, articleId: SQL, wanted: ArticleTerm[], now: Date, guard: SQL = sql`1`) {
  const list = sql`json_each(${JSON.stringify(wanted)})`;
  const field = <T extends string>(name: keyof ArticleTerm) => sql<T>`json_extract(value, ${`$.${name}`})`;
  const stored = sql`(SELECT json_group_array(json_object('taxonomy', taxonomy, 'slug', slug, 'name', name)) FROM (SELECT ${terms.taxonomy} AS taxonomy, ${terms.slug} AS slug, ${terms.name} AS name FROM ${articleTerms} JOIN ${terms} ON ${terms.id} = ${articleTerms.termId} WHERE ${articleTerms.articleId} = ${articleId} ORDER BY 1, 2))`;
  return [
    db
      .insert(terms)
      .select(
        db
          // Drizzle wants every column, in the table's order; a NULL id is assigned.
          .select({
            id: sql<number>`NULL`.as("id"),
            taxonomy: field<Taxonomy>("taxonomy").as("taxonomy"),
            slug: field("slug").as("slug"),
            name: field("name").as("name"),
          })
          .from(list)
          // SQLite reads ON CONFLICT after INSERT … SELECT only when the SELECT has a WHERE.
          .where(guard),
      )
      .onConflictDoNothing(),
    db.delete(articleTerms).where(and(eq(articleTerms.articleId, articleId), guard)),
    db.insert(articleTerms).select(
      db
        .select({ articleId: sql<number>`${articleId}`.as("article_id"), termId: terms.id })
        .from(list)
        .innerJoin(terms, and(eq(terms.taxonomy, field<Taxonomy>("taxonomy")), eq(terms.slug, field("slug"))))
        .where(guard),
    ),
    db
      .update(articles)
      .set({ termsJson: stored, updatedAt: now })
      .where(and(eq(articles.id, articleId), sql`${articles.termsJson} IS NOT ${stored}`, guard)),
  ] as const;
}

/** The live articles of a section or tag, joined to it. */
const termArticles = (db: Database, term: { taxonomy: Taxonomy; slug: string }, live: SQL) =>
  db
    .select({ slug: articles.slug, title: articles.title, summary: articles.summary, publishedAt: articles.publishedAt })
    .from(articleTerms)
    .innerJoin(terms, eq(terms.id, articleTerms.termId))
    .innerJoin(articles, eq(articles.id, articleTerms.articleId))
    .where(and(inTerm(term), live))
    .$dynamic();

/**
 * When the term's next scheduled article goes live: its page and feeds,
 * cached before then, must expire by then (see cache-expiry.ts).
 */
export const nextScheduledInTerm = (db: Database, term: { taxonomy: Taxonomy; slug: string }) =>
  termArticles(db, term, isScheduled).orderBy(asc(articles.publishedAt)).limit(1);

/**
 * A section's or tag's page in one round trip: the term, page `page` of its
 * live articles (newest first), whether another page follows, when its next
 * scheduled article goes live, and the version of its cache tag.
 */
export async function termPageData(db: Database, term: { taxonomy: Taxonomy; slug: string }, page: number) {
  const [found, list, next, version] = await db.batch([
    db.select().from(terms).where(inTerm(term)).limit(1),
    termArticles(db, term, isLive)
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(TERM_PAGE_SIZE + 1)
      .offset((page - 1) * TERM_PAGE_SIZE),
    nextScheduledInTerm(db, term),
    versionQuery(db, termTag(term)),
  ]);
  return {
    term: found[0],
    articles: list.slice(0, TERM_PAGE_SIZE),
    hasNextPage: list.length > TERM_PAGE_SIZE,
    nextScheduledAt: next[0]?.publishedAt,
    version: version[0]!.version,
  };
}
